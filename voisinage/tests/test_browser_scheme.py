"""The scheme page in a real Chromium: the supervisor sees the table and the map of the whole
Besançon stock; Néolia's referent sees only Néolia's 336 entrances."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from voisinage.accounts.demo_users import DEMO_PASSWORD
from voisinage.conftest import log_in as _log_in
from voisinage.conftest import log_out, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

GROUPED = r"\s?"  # French thousands separator: a (narrow) no-break space


def test_supervisor_sees_the_table_and_the_map_then_neolia_sees_only_its_stock(
    browser_page: Page,
):
    # The scheme page reads the territory: Besançon without its nights is enough (the whole demo
    # is loaded by voisinage/demo/tests/test_load_demo_activity.py).
    call_command("load_demo", "--scenario", "besancon", "--no-activity", verbosity=0)
    page = browser_page
    log_in(page, "superviseur")
    expect(page.get_by_test_id("kpi-entrances")).to_have_text("783")
    expect(page.get_by_test_id("kpi-dwellings")).to_have_text(re.compile(f"10{GROUPED}646"))
    table = page.get_by_test_id("stock-table")
    expect(table).to_contain_text("Planoise")
    expect(table).to_contain_text("Néolia")
    expect(page.get_by_test_id("total-dwellings")).to_have_text(re.compile(f"10{GROUPED}646"))
    expect(table.locator("tr.share")).to_contain_text("25 %")
    expect(table.locator("tr.share")).to_contain_text("47 %")
    the_map = page.get_by_test_id("map")
    expect(the_map).to_have_attribute("data-loaded", "true")
    expect(the_map).to_have_attribute("data-count", "783")
    assert page.locator("#map path.leaflet-interactive").count() == 783
    screenshot(page, "scheme-superviseur-desktop")
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, "scheme-superviseur-phone")
    # Nothing overflows the phone screen but the table, which scrolls in its own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 1280, "height": 900})
    log_out(page)

    log_in(page, "neolia")
    # Néolia's home is what waits for it; « Patrimoine et carte » opens its stock.
    page.get_by_test_id("home-stock-link").click()
    expect(page.get_by_test_id("kpi-entrances")).to_have_text("336")
    expect(page.get_by_test_id("kpi-dwellings")).to_have_text(re.compile(f"3{GROUPED}488"))
    table = page.get_by_test_id("stock-table")
    expect(table).not_to_contain_text("Habitat 25")
    expect(table).not_to_contain_text("loge.GBM")
    the_map = page.get_by_test_id("map")
    expect(the_map).to_have_attribute("data-loaded", "true")
    expect(the_map).to_have_attribute("data-count", "336")
    assert page.locator("#map path.leaflet-interactive").count() == 336
    screenshot(page, "scheme-neolia-desktop")
    # Another landlord's entrances are not reachable through the API either.
    response = page.request.get("/api/v1/schemes/besancon/entrances?q=H25-")
    assert response.json()["count"] == 0


def log_in(page: Page, username: str) -> None:
    _log_in(page, username, DEMO_PASSWORD, landing="besancon")
