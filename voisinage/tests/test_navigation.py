"""The shell's grouped navigation: every app's entries in a known group, one order per entry,
the quick entries and the open section following the user's role, the page rendering both the
wide menus and the phone's buttons with the current page marked."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import translation

from voisinage.core.navigation import GROUP_KEYS, GROUPS, HOME, MORE, NavEntry
from voisinage.funding.tests.builders import besancon_like, contract_for
from voisinage.navigation import scheme_entries, scheme_menu

pytestmark = pytest.mark.django_db

MEMBERS = [
    "supervisor",
    "agent",
    "operator_manager",
    "north_referent",
    "south_referent",
    "city_officer",
    "pres_viewer",
    "admin",
]


@pytest.fixture
def funded(cast):
    """The Besançon-like agreement, so that the city sees « Financement »."""
    besancon_like(
        cast.scheme, coordinator=cast.north, city=cast.city, contract=contract_for(cast.scheme)
    )
    return cast


def labels(items) -> list[str]:
    return [str(i.label) for i in items]


@pytest.mark.parametrize("persona", MEMBERS)
def test_no_two_entries_of_a_user_share_an_order(funded, persona):
    entries = scheme_entries(funded.personas()[persona], funded.scheme)
    orders = Counter(e.order for e in entries)
    assert [o for o, n in orders.items() if n > 1] == []
    assert len({e.view_name for e in entries}) == len(entries)


@pytest.mark.parametrize("persona", MEMBERS)
def test_every_entry_sits_in_a_known_group_within_its_range_of_orders(funded, persona):
    firsts = {g.key: g.first_order for g in GROUPS}
    for entry in scheme_entries(funded.personas()[persona], funded.scheme):
        assert entry.group in GROUP_KEYS - {MORE}, entry
        if entry.group != HOME:
            assert firsts[entry.group] <= entry.order < firsts[entry.group] + 100, entry


def test_the_administrator_sees_every_entry_once_in_four_groups_of_at_most_seven(funded):
    with translation.override("en"):
        menu = scheme_menu(funded.admin, funded.scheme, "territory:overview")
    assert [g.key for g in menu.groups] == ["night", "follow_up", "steering", "administration"]
    assert labels(menu.home) == ["Overview"]
    assert labels(menu.groups[0].items) == [
        "Record",
        "Live board",
        "Logbook",
        "Patrols",
        "Coverage",
        "Staffing",
        "Courtesy visits",
    ]
    assert labels(menu.groups[1].items) == ["Digests", "Reports", "Instructions", "Incidents"]
    assert labels(menu.groups[2].items) == [
        "Dashboard",
        "Roadmap",
        "Committees",
        "Compliance",
        "Response times",
        "Funding",
    ]
    assert labels(menu.groups[3].items) == [
        "Scheme settings",
        "Scheme sheet",
        "Entrances",
        "Import",
        "Personal data log",
        "A person's data",
        "People's requests",
    ]
    assert all(len(g.items) <= 7 for g in menu.groups)


QUICK = {
    # At 23:00, phone in hand: record, the live board, the logbook.
    "supervisor": ["Record", "Live board", "Logbook"],
    # The agent's home is what is for them tonight; then record, tonight's patrol.
    "agent": ["Tonight for me", "Record", "Patrols"],
    "operator_manager": ["Live board", "Logbook", "Dashboard"],
    # At 08:05: the digests, the reports, the instructions.
    "north_referent": ["Digests", "Reports", "Instructions"],
    "south_referent": ["Digests", "Reports", "Instructions"],
    # Preparing a committee.
    "city_officer": ["Dashboard", "Committees", "Funding"],
    "pres_viewer": ["Digests", "Reports", "Logbook"],
}
SECTION = {
    "supervisor": "night",
    "agent": "night",
    "operator_manager": "night",
    "north_referent": "follow_up",
    "south_referent": "follow_up",
    "city_officer": "steering",
    "pres_viewer": "follow_up",
}


@pytest.mark.parametrize("persona", sorted(QUICK))
def test_the_quick_entries_and_the_open_section_follow_the_role(funded, persona):
    user = funded.personas()[persona]
    with translation.override("en"):
        menu = scheme_menu(user, funded.scheme, "territory:overview")
    assert labels(menu.quick) == QUICK[persona]
    assert menu.section is not None
    assert menu.section.key == SECTION[persona]
    # Quick entries are entries of the menu, not extra pages.
    every = {i.url for g in menu.groups for i in g.items}
    assert {i.url for i in menu.quick} <= every


def test_the_agent_s_patrols_button_opens_tonight(cast):
    menu = scheme_menu(cast.agent, cast.scheme, "territory:overview")
    assert reverse("field:patrol_tonight", args=["rivebourg"]) in [i.url for i in menu.quick]


def test_the_section_is_the_current_page_s_group_and_the_page_is_marked(cast):
    with translation.override("en"):
        menu = scheme_menu(cast.supervisor, cast.scheme, "digests:detail")
    assert menu.section is not None
    assert menu.section.key == "follow_up"
    assert [i.label for g in menu.groups for i in g.items if i.active] == ["Digests"]
    assert [g.key for g in menu.groups if g.active] == ["follow_up"]


def test_an_entry_without_a_group_lands_in_more(cast, monkeypatch):
    from voisinage import navigation

    def extra_entries(user, scheme):
        return [NavEntry(999, "Extra", "schemes:about")]

    real = navigation.providers
    monkeypatch.setattr(navigation, "providers", lambda: [*real(), extra_entries])
    with translation.override("en"):
        menu = scheme_menu(cast.supervisor, cast.scheme, "territory:overview")
    assert [g.key for g in menu.groups][-1] == MORE
    assert labels(menu.groups[-1].items) == ["Extra"]


def test_the_page_renders_the_menus_the_section_and_the_phone_buttons(cast, client):
    client.force_login(cast.supervisor)
    url = reverse("field:logbook", args=["rivebourg"])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    nav = page[page.index('<nav class="main scheme-nav"') : page.index("</nav>")]
    # The wide menus (group dropdowns + the current group's row) and the phone's menu.
    assert nav.count(f'href="{url}" aria-current="page"') == 4
    assert 'data-testid="nav-group-night" aria-current="true"' in nav
    for label in ("Night", "Follow-up", "Steering", "Administration", "Menu"):
        assert re.search(rf">\s*(<span[^>]*></span>)?{label}</summary>", nav), label
    quick = nav[nav.index('data-testid="nav-quick"') : nav.index('class="nav-menu"')]
    assert re.findall(r'href="([^"]+)"', quick) == [
        reverse("field:record", args=["rivebourg"]),
        reverse("desk:board", args=["rivebourg"]),
        url,
    ]


def test_outside_a_scheme_the_navigation_is_plain_links(cast, client):
    client.force_login(cast.admin)
    page = client.get(reverse("home")).content.decode()
    assert "scheme-nav" not in page
    assert f'href="{reverse("admin:index")}"' in page
