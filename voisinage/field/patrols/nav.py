"""Navigation entries of the field app: patrols and coverage, for every member of the scheme.

A field agent (who records but does not supervise) lands straight on tonight's list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import has_capability
from voisinage.core.navigation import NIGHT, NavEntry
from voisinage.schemes.models import Capability

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme

PATROL_PAGES = (
    "field:patrols",
    "field:patrol_tonight",
    "field:patrol_plan",
    "field:patrol_plan_new",
)


def scheme_entries(user: AnyUser, scheme: Scheme) -> list[NavEntry]:
    agent = has_capability(user, scheme.pk, "can_record") and not has_capability(
        user, scheme.pk, "can_supervise"
    )
    landing = "field:patrol_tonight" if agent else "field:patrols"
    return [
        NavEntry(
            140,
            _("Patrols"),
            landing,
            also_active_for=PATROL_PAGES,
            group=NIGHT,
            capability=Capability.PATROLS,
        ),
        NavEntry(150, _("Coverage"), "field:coverage", group=NIGHT, capability=Capability.PATROLS),
    ]
