"""Navigation entries of the field app: courtesy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from voisinage.navigation import NavEntry

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def scheme_entries(user: AnyUser, scheme: Scheme) -> list[NavEntry]:
    return []
