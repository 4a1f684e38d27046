"""Navigation entries of the desk: the live board for the operator's staff; instructions for
everyone who sends or follows them; response times for every member."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import PerimeterKind, is_platform_admin, scheme_grants
from voisinage.desk.access import is_operator_staff
from voisinage.navigation import NavEntry

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def scheme_entries(user: AnyUser, scheme: Scheme) -> list[NavEntry]:
    entries = []
    if is_operator_staff(user, scheme, "can_record"):
        entries.append(
            NavEntry(
                15,
                _("Live board"),
                "desk:board",
                also_active_for=("desk:calls", "desk:call", "desk:call_new"),
            )
        )
    grants = scheme_grants(user, scheme.pk)
    if is_platform_admin(user) or any(g.perimeter != PerimeterKind.NEIGHBOURHOODS for g in grants):
        entries.append(
            NavEntry(
                25,
                _("Instructions"),
                "desk:instructions",
                also_active_for=("desk:instruction", "desk:instruction_new"),
            )
        )
    if is_operator_staff(user, scheme):
        entries.append(
            NavEntry(
                70,
                _("Incidents"),
                "desk:incidents",
                also_active_for=("desk:incident_new", "desk:complaint_new"),
            )
        )
    if is_platform_admin(user) or grants:
        entries.append(NavEntry(75, _("Response times"), "desk:times"))
    if is_operator_staff(user, scheme, "can_manage"):
        entries.append(NavEntry(95, _("Personal data log"), "desk:audit"))
    return entries
