"""Navigation entries of the field app: night staffing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from voisinage.core.navigation import NIGHT, NavEntry
from voisinage.schemes.models import Capability

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def scheme_entries(user: AnyUser, scheme: Scheme) -> list[NavEntry]:
    # Every member sees the staffing levels; the sub-pages check their own access.
    return [
        NavEntry(
            160,
            _("Staffing"),
            "field:staffing",
            also_active_for=("field:duty_plan", "field:duty_night", "field:duty_hours"),
            group=NIGHT,
            capability=Capability.STAFFING,
        )
    ]
