from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import has_capability
from voisinage.core.navigation import ADMINISTRATION, HOME, NavEntry

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def scheme_entries(user: AnyUser, scheme: Scheme) -> list[NavEntry]:
    entries = [
        NavEntry(10, _("Overview"), "territory:overview", group=HOME),
        NavEntry(420, _("Entrances"), "territory:entrances", group=ADMINISTRATION),
    ]
    if has_capability(user, scheme.pk, "can_manage"):
        entries.append(NavEntry(430, _("Import"), "territory:import", group=ADMINISTRATION))
    return entries
