from __future__ import annotations

from typing import TYPE_CHECKING

from voisinage.core.navigation import NavEntry
from voisinage.field.courtesy import nav as courtesy_nav
from voisinage.field.logbook import nav as logbook_nav
from voisinage.field.patrols import nav as patrols_nav
from voisinage.field.phone import nav as phone_nav
from voisinage.field.staffing import nav as staffing_nav

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def scheme_entries(user: AnyUser, scheme: Scheme) -> list[NavEntry]:
    return [
        *phone_nav.scheme_entries(user, scheme),
        *logbook_nav.scheme_entries(user, scheme),
        *staffing_nav.scheme_entries(user, scheme),
        *patrols_nav.scheme_entries(user, scheme),
        *courtesy_nav.scheme_entries(user, scheme),
    ]
