from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from voisinage.core.navigation import STEERING, NavEntry

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme

# The monthly summary, the review and the evaluation are reached from the dashboard's tabs.
DASHBOARD_PAGES = ("analytics:evaluation", "analytics:summary", "analytics:review")


def scheme_entries(user: AnyUser, scheme: Scheme) -> list[NavEntry]:
    return [
        NavEntry(
            310,
            _("Dashboard"),
            "analytics:dashboard",
            also_active_for=DASHBOARD_PAGES,
            group=STEERING,
        ),
        NavEntry(
            320,
            _("Roadmap"),
            "analytics:roadmap",
            also_active_for=("analytics:roadmap_edit",),
            group=STEERING,
        ),
    ]
