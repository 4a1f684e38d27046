"""The grouped navigation in a real Chromium. On a 360 px phone the supervisor finds Record,
the live board and the logbook as big buttons, nothing scrolls sideways, and « Menu » opens the
whole grouped list down to « Comptes rendus ». At 1280 px the groups are a compact bar of
menus with the current group's entries on a second row. Screenshots for the supervisor, the
agent and a landlord's referent at both widths."""

import re

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from voisinage.conftest import log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE: ViewportSize = {"width": 360, "height": 780}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
# Group labels, in French once the catalogue has them, in English before.
NIGHT = re.compile("^(Nuit|Night)$")
STEERING = re.compile("^(Pilotage|Steering)$")


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def labels_fit(page: Page) -> None:
    """No quick button's label spills out of its button."""
    spilled = page.evaluate(
        "Array.from(document.querySelectorAll('.nav-quick > li > a'))"
        ".filter(a => a.scrollWidth > a.clientWidth).map(a => a.textContent)"
    )
    assert spilled == []


def nav(page: Page):
    return page.get_by_role("navigation", name=re.compile("navigation", re.I))


def test_the_supervisor_s_phone_reaches_the_night_in_one_tap_and_the_digests_via_menu(
    cast, browser_page: Page
):
    page = browser_page
    page.set_viewport_size(PHONE)
    log_in(page, "sonia")
    no_sideways_scroll(page)
    labels_fit(page)
    quick = page.get_by_test_id("nav-quick").locator("> li > a")
    expect(quick).to_have_count(3)
    expect(quick.nth(0)).to_have_text("Saisir")
    expect(quick.nth(1)).to_have_text(re.compile("Tableau en direct|Live board"))
    expect(quick.nth(2)).to_have_text("Main courante")
    for i in range(3):  # big thumb targets
        box = quick.nth(i).bounding_box()
        assert box is not None
        assert box["height"] >= 48
        assert box["width"] >= 100
    # The wide bar is not there at all on a phone (not even for a screen reader).
    expect(page.get_by_test_id("nav-group-night")).to_be_hidden()
    screenshot(page, "nav-supervisor-phone")

    menu = page.get_by_test_id("nav-menu-button")
    digests = nav(page).get_by_role("link", name="Comptes rendus")
    expect(digests).to_be_hidden()
    # Keyboard: Enter opens the menu, Escape closes it and gives the focus back.
    menu.focus()
    page.keyboard.press("Enter")
    expect(digests).to_be_visible()
    expect(nav(page).get_by_role("group", name=STEERING)).to_be_visible()
    no_sideways_scroll(page)
    screenshot(page, "nav-supervisor-phone-menu")
    page.keyboard.press("Escape")
    expect(digests).to_be_hidden()
    expect(menu).to_be_focused()

    menu.click()
    digests.click()
    page.wait_for_url(re.compile(r"/dispositifs/rivebourg/comptes-rendus/"))
    menu = page.get_by_test_id("nav-menu-button")
    menu.click()
    current = nav(page).locator(".nav-menu-panel a[aria-current=page]")
    expect(current).to_have_text("Comptes rendus")


def test_the_wide_bar_shows_the_groups_and_the_current_group_s_entries(cast, browser_page: Page):
    page = browser_page
    page.set_viewport_size(DESKTOP)
    log_in(page, "sonia")
    for key in ("night", "follow_up", "steering", "administration"):
        expect(page.get_by_test_id(f"nav-group-{key}")).to_be_visible()
    expect(page.get_by_test_id("nav-menu-button")).to_be_hidden()
    section = page.get_by_test_id("nav-section")
    expect(section.get_by_role("link", name="Saisir")).to_be_visible()
    expect(section.get_by_role("link", name="Main courante")).to_be_visible()
    # The navigation is two rows, not a wall.
    box = page.locator("header.shell").bounding_box()
    assert box is not None
    assert box["height"] <= 160

    committees = nav(page).get_by_role("link", name="Instances")
    expect(committees).to_be_hidden()
    page.get_by_test_id("nav-group-steering").click()
    expect(committees).to_be_visible()
    screenshot(page, "nav-supervisor-desktop-menu")
    page.keyboard.press("Escape")
    expect(committees).to_be_hidden()
    # Opening one menu closes the other.
    page.get_by_test_id("nav-group-steering").click()
    page.get_by_test_id("nav-group-follow_up").click()
    expect(committees).to_be_hidden()
    page.mouse.click(640, 600)  # a click elsewhere closes it
    expect(nav(page).locator("details[open]")).to_have_count(0)

    page.get_by_test_id("nav-group-steering").click()
    committees.click()
    page.wait_for_url(re.compile(r"/comites/"))
    expect(page.get_by_test_id("nav-group-steering")).to_have_attribute("aria-current", "true")
    expect(page.get_by_test_id("nav-section").locator("a[aria-current=page]")).to_have_text(
        "Instances"
    )


@pytest.mark.parametrize("username", ["sonia", "yanis", "helene"])
def test_screenshots_of_the_navigation_at_both_widths(cast, browser_page: Page, username):
    page = browser_page
    page.set_viewport_size(DESKTOP)
    log_in(page, username)
    screenshot(page, f"nav-{username}-desktop")
    page.set_viewport_size(PHONE)
    no_sideways_scroll(page)
    labels_fit(page)
    screenshot(page, f"nav-{username}-phone")
    page.get_by_test_id("nav-menu-button").click()
    no_sideways_scroll(page)
    screenshot(page, f"nav-{username}-phone-menu")
