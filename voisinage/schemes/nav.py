from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import has_capability
from voisinage.core.navigation import ADMINISTRATION, NavEntry

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def scheme_entries(user: AnyUser, scheme: Scheme) -> list[NavEntry]:
    entries = [NavEntry(410, _("Scheme sheet"), "schemes:about", group=ADMINISTRATION)]
    if has_capability(user, scheme.pk, "can_manage"):
        entries.append(
            NavEntry(
                405,
                _("Scheme settings"),
                "schemes:settings",
                also_active_for=("schemes:settings_section",),
                group=ADMINISTRATION,
            )
        )
    return entries
