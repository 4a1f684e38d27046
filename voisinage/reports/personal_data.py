"""What personal data the reports hold, for retention (the ``personal_data`` extension point):
photos (faces, number plates, names on letterboxes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from voisinage.core.personal_data import DataKind, Holder
from voisinage.reports.models import RoutingRule
from voisinage.reports.services.retention import report_photos_delete

if TYPE_CHECKING:
    from voisinage.schemes.models import Scheme


def routed_to(scheme: Scheme) -> list[str]:
    """The organisations the routing table sends reports (and their photos) to."""
    names = RoutingRule.objects.filter(scheme=scheme).values_list("recipient__name", flat=True)
    return sorted(set(names))


def holders() -> list[Holder]:
    return [
        Holder(
            DataKind.PHOTO,
            _("Photos of closed reports"),
            lambda scheme, before: report_photos_delete(scheme=scheme, before=before),
            recipients=routed_to,
        )
    ]
