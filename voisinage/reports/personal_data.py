"""What personal data the reports hold, for retention (the ``personal_data`` extension point):
photos (faces, number plates, names on letterboxes)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from voisinage.core.personal_data import DataKind, Holder
from voisinage.reports.services.retention import report_photos_delete


def holders() -> list[Holder]:
    return [
        Holder(
            DataKind.PHOTO,
            _("Photos of closed reports"),
            lambda scheme, before: report_photos_delete(scheme=scheme, before=before),
        )
    ]
