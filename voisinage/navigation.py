"""The shell's navigation. Each app may add entries for a scheme through ``<app>/nav.py``,
which defines ``scheme_entries(user, scheme) -> list[NavEntry]``; entries are sorted by
``order`` (unique across the apps: each group owns a range of hundreds, see ``GROUPS``).
The current page is marked by its full view name (``namespace:name``).

Entries are shown in a few groups (night work, follow-up, steering, administration); the
2–3 entries a role uses most are offered first on a phone ("quick" entries) and the group a
role works in is opened by default on a desktop (see docs/adr/0027-grouped-navigation.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from voisinage.accounts.access import (
    ReaderKind,
    grants_for,
    is_platform_admin,
    reader_kind,
)
from voisinage.core.extensions import NAV, NavHook
from voisinage.core.navigation import (
    ADMINISTRATION,
    FOLLOW_UP,
    GROUPS,
    HOME,
    MORE,
    NIGHT,
    STEERING,
    NavEntry,
)
from voisinage.schemes.models import Scheme
from voisinage.schemes.selectors import scheme_works_in_daytime, with_daytime

if TYPE_CHECKING:
    from django.http import HttpRequest

    from voisinage.accounts.access import AnyUser


def providers() -> list[NavHook]:
    """The apps' ``scheme_entries`` functions (their ``nav.py``, the ``NAV`` extension point)."""
    return NAV.values()


def scheme_entries(user: AnyUser, scheme: Scheme) -> list[NavEntry]:
    """The user's entries for the scheme, without those of capabilities it does not use."""
    entries: list[NavEntry] = []
    for scheme_entries_of_app in providers():
        entries.extend(
            e
            for e in scheme_entries_of_app(user, scheme)
            if not e.capability or scheme.uses(e.capability)
        )
    return sorted(entries, key=lambda e: e.order)


# --- Profiles: which group a role works in and which entries it uses most ----------------


@dataclass(frozen=True)
class NavProfile:
    home_group: str
    # Preferred entries, by view name, best first; the first three the user has are "quick".
    quick: tuple[str, ...]


AGENT = NavProfile(NIGHT, ("field:my_tonight", "field:record", "field:patrol_tonight"))
SUPERVISOR = NavProfile(NIGHT, ("field:record", "desk:board", "field:logbook"))
MANAGER = NavProfile(NIGHT, ("desk:board", "field:logbook", "analytics:dashboard"))
PARTNER = NavProfile(FOLLOW_UP, ("digests:list", "reports:list", "desk:instructions"))
NEIGHBOURHOOD_PARTNER = NavProfile(FOLLOW_UP, ("digests:list", "reports:list", "field:logbook"))
FUNDER = NavProfile(STEERING, ("analytics:dashboard", "governance:meetings", "funding:agreements"))
QUICK_COUNT = 3


PROFILES = {
    ReaderKind.MANAGER: MANAGER,
    ReaderKind.SUPERVISOR: SUPERVISOR,
    ReaderKind.AGENT: AGENT,
    ReaderKind.FUNDER: FUNDER,
    ReaderKind.LANDLORD: PARTNER,
    ReaderKind.NEIGHBOURHOOD: NEIGHBOURHOOD_PARTNER,
}


def nav_profile(user: AnyUser, scheme: Scheme) -> NavProfile:
    """The profile of the user's strongest grant in the scheme (``accounts.access.reader_kind``)."""
    return PROFILES[reader_kind(user, scheme.pk)]


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
    daytime: bool = False,
) -> Menu:
    """The scheme's menu for ``user`` on the page ``view_name``: home links, the non-empty
    groups in their fixed order, the quick entries of the user's profile, and the section
    (the current page's group, else the profile's home group). ``extra_admin`` are links
    appended to the administration group (the platform's admin site). A ``daytime`` scheme
    names its field group for the day (« Journée ») rather than the night."""

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
        MenuGroup(
            g.key,
            str(g.day_label if daytime and g.day_label else g.label),
            tuple(by_group[g.key]),
        )
        for g in GROUPS
        if by_group[g.key]
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


# --- The context processor of every page ---------------------------------------------------


def navigation(request: HttpRequest) -> dict[str, object]:
    """The shell's navigation, following the user's role in the scheme being looked at: outside
    a scheme, plain links (``nav_items``); inside one, the grouped menu (``nav_menu``)."""
    context: dict[str, object] = {
        "demo_mode": settings.DEMO,
        "nav_items": [],
        "nav_menu": None,
        "nav_scheme": None,
        # Whether the scheme looked at works in the daytime: its pages then say « Jour ».
        "scheme_daytime": False,
    }
    user = request.user
    if not user.is_authenticated:
        return context
    match = request.resolver_match
    slug = match.kwargs.get("slug") if match else None
    view_name = match.view_name if match else ""
    admin_items: tuple[MenuItem, ...] = ()
    if is_platform_admin(user) or user.is_staff:
        admin_items = (MenuItem(_("Platform administration"), reverse("admin:index"), False),)
    scheme = (
        with_daytime(Scheme.objects.visible_to(user).filter(slug=slug)).first() if slug else None
    )
    if scheme is not None:
        daytime = scheme_works_in_daytime(scheme)
        context["scheme_daytime"] = daytime
        context["nav_menu"] = scheme_menu(
            user, scheme, view_name, extra_admin=admin_items, daytime=daytime
        )
    else:
        home = MenuItem(_("Schemes"), reverse("home"), view_name == "home")
        context["nav_items"] = [home, *admin_items]
    context["nav_scheme"] = scheme
    context["nav_roles"] = sorted({g.role_code for g in grants_for(user)})
    return context
