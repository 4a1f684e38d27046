"""Navigation entries of reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from voisinage.core.navigation import FOLLOW_UP, NavEntry
from voisinage.schemes.models import Capability

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def scheme_entries(user: AnyUser, scheme: Scheme) -> list[NavEntry]:
    return [
        NavEntry(
            220,
            _("Reports"),
            "reports:list",
            also_active_for=(
                "reports:create",
                "reports:detail",
                "reports:map",
                "reports:partners",
                "reports:rules",
            ),
            group=FOLLOW_UP,
            capability=Capability.REPORTS,
        )
    ]
