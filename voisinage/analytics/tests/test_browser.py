"""The dashboard in a real Chromium: a supervisor reads March's figures, the charts and the map
are drawn, the Excel export downloads and re-opens with the same figures; a landlord's referent
sees only its stock; the page stays usable at phone width."""

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from voisinage.conftest import log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
MARCH = "/dispositifs/rivebourg/tableau-de-bord/?periode=month&date=2026-03-15"


def test_the_supervisor_reads_the_dashboard_and_downloads_the_xlsx(dataset, browser_page, tmp_path):
    page = browser_page
    log_in(page, "sonia")
    page.goto(MARCH)
    expect(page.get_by_test_id("kpi-interventions").locator(".value")).to_have_text("6")
    landlords = page.get_by_test_id("table-landlord")
    expect(landlords.locator("tbody tr")).to_have_count(2)
    expect(landlords.locator("tbody tr").first).to_contain_text("Habitat Nord")
    expect(landlords.locator("tbody tr").first).to_contain_text("4")
    expect(page.locator("#chart-landlord")).to_have_attribute("data-drawn", "true")
    expect(page.get_by_test_id("map")).to_have_attribute("data-loaded", "true")
    expect(page.get_by_test_id("map")).to_have_attribute("data-count", "4")
    screenshot(page, "analytics-dashboard-desktop")

    with page.expect_download() as info:
        page.get_by_test_id("export-xlsx").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name == "tableau-de-bord-rivebourg-2026-03-01-2026-03-31.xlsx"
    book = load_workbook(path)
    rows = {row[0]: row for row in book.worksheets[0].iter_rows(values_only=True)}
    assert rows["interventions"][4] == 6
    assert rows["interventions"][5] == 1  # previous period
    assert rows["resolved_share"][4] == 60.0

    # The filters narrow the figures: patrols only.
    page.select_option("#origine", "patrol")
    page.get_by_role("button", name=re.compile("Afficher|Show")).click()
    expect(page.get_by_test_id("kpi-interventions").locator(".value")).to_have_text("3")

    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(MARCH)
    expect(page.get_by_test_id("kpi-interventions")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360 + 1, width  # nothing overflows sideways
    screenshot(page, "analytics-dashboard-phone")


def test_a_landlord_referent_sees_its_stock_only(dataset, browser_page):
    page = browser_page
    log_in(page, "helene")
    page.goto(MARCH)
    expect(page.get_by_test_id("kpi-interventions").locator(".value")).to_have_text("4")
    expect(page.get_by_test_id("table-landlord").locator("tbody tr")).to_have_count(1)
    expect(page.locator("body")).not_to_contain_text("Logis Sud")
    expect(page.get_by_test_id("map")).to_have_attribute("data-count", "2")


def test_a_daytime_scheme_s_monthly_summary_reads_on_a_phone(dataset, browser_page):
    """Humanicité's shape: its referential month by month and its own sections, no night ones;
    at 360 px the page does not overflow (the wide month table scrolls in its box)."""
    from voisinage.analytics.tests.test_fit_and_trust import make_daytime

    make_daytime(dataset.cast.scheme)
    page = browser_page
    log_in(page, "sonia")
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/dispositifs/rivebourg/synthese-mensuelle/?mois=2026-03")
    grid = page.get_by_test_id("grid-referential")
    expect(grid.locator("tbody tr")).to_have_count(9)  # 8 activities and « sans activité »
    expect(grid).to_contain_text("Assurer une présence active de proximité")
    expect(page.get_by_test_id("section-patrols")).to_have_count(0)
    expect(page.get_by_test_id("section-desk")).to_have_count(0)
    expect(page.get_by_test_id("section-reports")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("par soirée")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360 + 1, width
    screenshot(page, "analytics-summary-daytime-phone")
