"""What personal data the field holds, for retention (the ``personal_data`` extension point):
the tenants named on courtesy visits and the visits' notes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from voisinage.core.personal_data import DataKind, Holder
from voisinage.field.courtesy.services import courtesy_notes_empty, courtesy_tenants_anonymise


def holders() -> list[Holder]:
    return [
        Holder(
            DataKind.TENANT,
            _("Tenants named on courtesy visits"),
            lambda scheme, before: courtesy_tenants_anonymise(scheme=scheme, before=before),
        ),
        Holder(
            DataKind.NARRATIVE,
            _("Notes of courtesy visits"),
            lambda scheme, before: courtesy_notes_empty(scheme=scheme, before=before),
        ),
    ]
