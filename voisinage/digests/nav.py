from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from voisinage.core.navigation import FOLLOW_UP, NavEntry

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def scheme_entries(user: AnyUser, scheme: Scheme) -> list[NavEntry]:
    return [
        NavEntry(
            210,
            _("Digests"),
            "digests:list",
            also_active_for=(
                "digests:detail",
                "digests:settings",
                "digests:ambiance",
            ),
            group=FOLLOW_UP,
        )
    ]
