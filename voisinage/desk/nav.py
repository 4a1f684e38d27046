"""Navigation entries of the desk: the live board for the operator's staff; instructions for
everyone who sends or follows them; response times for every member."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from voisinage.accounts.access import PerimeterKind, is_platform_admin, scheme_grants
from voisinage.core.navigation import ADMINISTRATION, FOLLOW_UP, NIGHT, STEERING, NavEntry
from voisinage.desk.access import is_operator_staff
from voisinage.schemes.models import Capability

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def scheme_entries(user: AnyUser, scheme: Scheme) -> list[NavEntry]:
    entries = []
    if is_operator_staff(user, scheme, "can_record"):
        entries.append(
            NavEntry(
                120,
                pgettext_lazy("navigation", "Live board"),
                "desk:board",
                also_active_for=("desk:calls", "desk:call", "desk:call_new"),
                group=NIGHT,
                capability=Capability.PHONE_DESK,
            )
        )
    grants = scheme_grants(user, scheme.pk)
    if is_platform_admin(user) or any(g.perimeter != PerimeterKind.NEIGHBOURHOODS for g in grants):
        entries.append(
            NavEntry(
                230,
                _("Instructions"),
                "desk:instructions",
                also_active_for=("desk:instruction", "desk:instruction_new"),
                group=FOLLOW_UP,
                capability=Capability.INSTRUCTIONS,
            )
        )
    if is_operator_staff(user, scheme):
        entries.append(
            NavEntry(
                240,
                _("Incidents"),
                "desk:incidents",
                also_active_for=("desk:incident_new", "desk:complaint_new"),
                group=FOLLOW_UP,
            )
        )
    # Response times are the calls' and the instructions': shown when either is used.
    if (is_platform_admin(user) or grants) and (
        scheme.uses(Capability.PHONE_DESK) or scheme.uses(Capability.INSTRUCTIONS)
    ):
        entries.append(NavEntry(350, _("Response times"), "desk:times", group=STEERING))
    if is_platform_admin(user) or scheme_grants(user, scheme.pk, require="reads_access_log"):
        entries.append(NavEntry(440, _("Personal data log"), "desk:audit", group=ADMINISTRATION))
    return entries
