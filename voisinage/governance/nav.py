from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from voisinage.core.navigation import STEERING, NavEntry
from voisinage.governance.selectors import can_read_compliance

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme

COMMITTEE_PAGES = tuple(
    f"governance:{name}"
    for name in (
        "meeting",
        "meeting_create",
        "meeting_crisis",
        "meeting_edit",
        "meeting_minutes",
        "meeting_attendance",
        "actions",
        "calendar",
    )
)


def scheme_entries(user: AnyUser, scheme: Scheme) -> list[NavEntry]:
    entries = [
        NavEntry(
            330,
            _("Committees"),
            "governance:meetings",
            also_active_for=COMMITTEE_PAGES,
            group=STEERING,
        )
    ]
    if can_read_compliance(user, scheme):
        entries.append(NavEntry(340, _("Compliance"), "governance:compliance", group=STEERING))
    return entries
