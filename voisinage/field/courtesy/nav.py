"""Navigation entries of the field app: courtesy visits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import PerimeterKind, is_platform_admin, scheme_grants
from voisinage.core.navigation import NIGHT, NavEntry
from voisinage.schemes.models import Capability

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def scheme_entries(user: AnyUser, scheme: Scheme) -> list[NavEntry]:
    # Campaigns are seen through a scheme or a landlord perimeter (CourtesyCampaign.visible_to);
    # a neighbourhood perimeter sees none, so it gets no menu entry.
    if not is_platform_admin(user) and not any(
        g.perimeter != PerimeterKind.NEIGHBOURHOODS for g in scheme_grants(user, scheme.pk)
    ):
        return []
    return [
        NavEntry(
            170,
            _("Courtesy visits"),
            "field:courtesy_campaigns",
            also_active_for=(
                "field:courtesy_campaign_new",
                "field:courtesy_campaign",
                "field:courtesy_dwellings",
            ),
            group=NIGHT,
            capability=Capability.COURTESY_VISITS,
        )
    ]
