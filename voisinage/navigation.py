"""The shell's navigation. Each app may add entries for a scheme through ``<app>/nav.py``,
which defines ``scheme_entries(user, scheme) -> list[NavEntry]``; entries are sorted by
``order`` (unique across the apps: each group owns a range of hundreds, see ``GROUPS``).
The current page is marked by its full view name (``namespace:name``).

Entries are shown in a few groups (night work, follow-up, steering, administration); the
2–3 entries a role uses most are offered first on a phone ("quick" entries) and the group a
role works in is opened by default on a desktop (see docs/adr/0027-grouped-navigation.md)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, Protocol

from django.apps import apps
from django.utils.translation import pgettext_lazy

from voisinage.accounts.access import PerimeterKind, RoleSide, is_platform_admin, scheme_grants

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme

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


GROUPS: tuple[NavGroup, ...] = (
    NavGroup(NIGHT, pgettext_lazy("navigation group", "Night"), 100),
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


class NavProvider(Protocol):
    def scheme_entries(self, user: AnyUser, scheme: Scheme) -> list[NavEntry]: ...


def providers() -> list[NavProvider]:
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("voisinage.") and find_spec(f"{config.name}.nav"):
            found.append(import_module(f"{config.name}.nav"))
    return found  # type: ignore[return-value]


def scheme_entries(user: AnyUser, scheme: Scheme) -> list[NavEntry]:
    """The user's entries for the scheme, without those of capabilities it does not use."""
    entries: list[NavEntry] = []
    for provider in providers():
        entries.extend(
            e
            for e in provider.scheme_entries(user, scheme)
            if not e.capability or scheme.uses(e.capability)
        )
    return sorted(entries, key=lambda e: e.order)


# --- Profiles: which group a role works in and which entries it uses most ----------------


@dataclass(frozen=True)
class NavProfile:
    home_group: str
    # Preferred entries, by view name, best first; the first three the user has are "quick".
    quick: tuple[str, ...]


AGENT = NavProfile(NIGHT, ("field:record", "field:patrol_tonight", "field:logbook"))
SUPERVISOR = NavProfile(NIGHT, ("field:record", "desk:board", "field:logbook"))
MANAGER = NavProfile(NIGHT, ("desk:board", "field:logbook", "analytics:dashboard"))
PARTNER = NavProfile(FOLLOW_UP, ("digests:list", "reports:list", "desk:instructions"))
NEIGHBOURHOOD_PARTNER = NavProfile(FOLLOW_UP, ("digests:list", "reports:list", "field:logbook"))
FUNDER = NavProfile(STEERING, ("analytics:dashboard", "governance:meetings", "funding:agreements"))
QUICK_COUNT = 3


def nav_profile(user: AnyUser, scheme: Scheme) -> NavProfile:
    """The profile of the user's strongest grant in the scheme (operator staff first, then
    partners over the whole scheme, then a landlord's stock, then neighbourhoods)."""
    grants = scheme_grants(user, scheme.pk)
    if is_platform_admin(user) or any(g.can_manage for g in grants):
        return MANAGER
    operator = [g for g in grants if g.side == RoleSide.OPERATOR]
    if any(g.can_supervise for g in operator):
        return SUPERVISOR
    if any(g.can_record for g in operator):
        return AGENT
    if any(g.perimeter == PerimeterKind.SCHEME for g in grants):
        return FUNDER
    if any(g.perimeter == PerimeterKind.LANDLORD for g in grants):
        return PARTNER
    return NEIGHBOURHOOD_PARTNER


# --- The menu a page shows ---------------------------------------------------------------


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    active: bool
    view_name: str = ""


@dataclass(frozen=True)
class MenuGroup:
    key: str
    label: str
    items: tuple[MenuItem, ...]

    @property
    def active(self) -> bool:
        return any(item.active for item in self.items)


@dataclass(frozen=True)
class Menu:
    home: tuple[MenuItem, ...]
    groups: tuple[MenuGroup, ...]
    quick: tuple[MenuItem, ...] = ()
    # The group whose entries a desktop shows on the second row.
    section: MenuGroup | None = None


def is_active(entry: NavEntry, view_name: str) -> bool:
    return view_name == entry.view_name or view_name in entry.also_active_for


def scheme_menu(
    user: AnyUser,
    scheme: Scheme,
    view_name: str,
    *,
    extra_admin: tuple[MenuItem, ...] = (),
) -> Menu:
    """The scheme's menu for ``user`` on the page ``view_name``: home links, the non-empty
    groups in their fixed order, the quick entries of the user's profile, and the section
    (the current page's group, else the profile's home group). ``extra_admin`` are links
    appended to the administration group (the platform's admin site)."""
    from django.urls import reverse

    def item(entry: NavEntry) -> MenuItem:
        return MenuItem(
            str(entry.label),
            reverse(entry.view_name, args=[scheme.slug]),
            is_active(entry, view_name),
            entry.view_name,
        )

    entries = scheme_entries(user, scheme)
    known = {g.key for g in GROUPS}
    home = tuple(item(e) for e in entries if e.group == HOME)
    by_group: dict[str, list[MenuItem]] = {g.key: [] for g in GROUPS}
    for entry in entries:
        if entry.group != HOME:
            by_group[entry.group if entry.group in known else MORE].append(item(entry))
    by_group[ADMINISTRATION].extend(extra_admin)
    groups = tuple(
        MenuGroup(g.key, str(g.label), tuple(by_group[g.key])) for g in GROUPS if by_group[g.key]
    )
    profile = nav_profile(user, scheme)
    items = {i.view_name: i for g in groups for i in g.items}
    preferred = [items[name] for name in profile.quick if name in items]
    # When the scheme does not use a preferred part (no live board without a phone desk), the
    # profile's own group fills the row.
    own = next((g.items for g in groups if g.key == profile.home_group), ())
    quick = tuple([*preferred, *(i for i in own if i not in preferred)][:QUICK_COUNT])
    section = next((g for g in groups if g.active), None) or next(
        (g for g in groups if g.key == profile.home_group), None
    )
    return Menu(home=home, groups=groups, quick=quick, section=section)
