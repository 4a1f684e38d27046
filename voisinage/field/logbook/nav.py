"""Navigation entries of the field app: logbook."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import has_capability
from voisinage.core.navigation import NIGHT, NavEntry

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def scheme_entries(user: AnyUser, scheme: Scheme) -> list[NavEntry]:
    entries = [
        NavEntry(
            130,
            _("Logbook"),
            "field:logbook",
            also_active_for=("field:intervention", "field:edit"),
            group=NIGHT,
        )
    ]
    if has_capability(user, scheme.pk, "can_record"):
        entries.insert(0, NavEntry(110, _("Record"), "field:record", group=NIGHT))
    return entries
