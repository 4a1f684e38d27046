"""The contract of the ``nav`` extension point: what an app's ``nav.py`` returns.

``scheme_entries(user, scheme) -> list[NavEntry]`` gives the app's entries in a scheme's menu,
filtered by the user's capabilities there. ``order`` is unique across the apps; each group owns
a range of hundreds (``GROUPS``). The menu itself is built by ``voisinage.navigation``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from django.utils.functional import Promise

# Group keys. HOME entries (the scheme's overview) stay outside the menus.
HOME = "home"
NIGHT = "night"
FOLLOW_UP = "follow_up"
STEERING = "steering"
ADMINISTRATION = "administration"
MORE = "more"


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: str | Promise
    # Orders of this group's entries: [first, first + 100).
    first_order: int
    # The label in a scheme whose service is a day's work (``scheme_works_in_daytime``).
    day_label: str | Promise | None = None


GROUPS: tuple[NavGroup, ...] = (
    NavGroup(
        NIGHT,
        pgettext_lazy("navigation group", "Night"),
        100,
        day_label=pgettext_lazy("navigation group", "Day"),
    ),
    NavGroup(FOLLOW_UP, pgettext_lazy("navigation group", "Follow-up"), 200),
    NavGroup(STEERING, pgettext_lazy("navigation group", "Steering"), 300),
    NavGroup(ADMINISTRATION, pgettext_lazy("navigation group", "Administration"), 400),
    # Entries of a provider that does not say where they belong.
    NavGroup(MORE, pgettext_lazy("navigation group", "More"), 500),
)
GROUP_KEYS = frozenset({HOME, *(g.key for g in GROUPS)})


@dataclass(frozen=True)
class NavEntry:
    order: int
    label: str | Promise
    view_name: str
    # Other view names under which this entry is the current one (sub-pages).
    also_active_for: tuple[str, ...] = ()
    group: str = MORE
    # The optional part of the product the entry belongs to (``schemes.models.Capability``):
    # a scheme that does not use it does not show the entry.
    capability: str = ""
