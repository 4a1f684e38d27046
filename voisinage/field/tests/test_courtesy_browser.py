"""Courtesy visits in a real Chromium at phone width: an agent on a stairwell records two
outcomes with one tap each; the rows and the progress change in place, the logbook gets its
entries; then Habitat Nord's referent sees the progress and the names, the city only counts."""

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from voisinage.conftest import log_in, log_out, screenshot
from voisinage.field.models import CourtesyVisit, Intervention
from voisinage.field.tests.test_courtesy import with_visits

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE: ViewportSize = {"width": 360, "height": 780}


def test_an_agent_records_two_visit_outcomes_on_a_phone(cast, browser_page: Page):
    campaign = with_visits(cast)
    url = f"/dispositifs/rivebourg/visites-courtoisie/{campaign.pk}/"
    page = browser_page
    page.set_viewport_size(PHONE)
    log_in(page, "yanis")
    page.goto(url)
    expect(page.get_by_test_id("entrance")).to_have_count(2)
    expect(page.get_by_test_id("progress")).to_have_attribute("data-done", "0")
    screenshot(page, "courtesy-phone-before")
    # Nothing but the page itself at phone width: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    durand = page.locator('li[data-testid="visit"][data-dwelling="11"]')
    durand.locator('button[data-outcome="met"]').click()
    durand = page.locator('li[data-testid="visit"][data-dwelling="11"]')
    expect(durand).to_have_attribute("data-outcome", "met")
    expect(durand.locator('button[data-outcome="met"]')).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_test_id("progress")).to_have_attribute("data-done", "1")

    petit = page.locator('li[data-testid="visit"][data-dwelling="12"]')
    petit.locator('button[data-outcome="absent"]').click()
    expect(page.locator('li[data-testid="visit"][data-dwelling="12"]')).to_have_attribute(
        "data-outcome", "absent"
    )
    # Absent is not done: a return is needed.
    expect(page.get_by_test_id("percent-done")).to_contain_text("25")
    expect(page.locator('[data-code="HN-1"] [data-testid="todo"]')).to_contain_text("1")
    expect(page.locator('#progress li[data-outcome="absent"]')).to_contain_text("1")
    # The page was not reloaded: htmx swapped the rows in place.
    assert page.url.endswith(url)
    screenshot(page, "courtesy-phone-after")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    outcomes = dict(CourtesyVisit.objects.values_list("dwelling", "outcome"))
    assert outcomes == {"11": "met", "12": "absent", "3": "to_visit", "21": "to_visit"}
    assert Intervention.objects.filter(origin="courtesy_visit", author=cast.agent).count() == 2
    assert CourtesyVisit.objects.filter(intervention__isnull=False).count() == 2

    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "courtesy-desktop-agent")
    log_out(page)

    log_in(page, "helene")
    page.goto(url)
    expect(page.get_by_test_id("percent-done")).to_contain_text("25")
    expect(page.locator('[data-testid="tenant"]').first).to_be_visible()
    expect(page.locator('button[data-outcome="met"]')).to_have_count(0)  # no tapping
    screenshot(page, "courtesy-desktop-landlord")
    log_out(page)

    log_in(page, "vincent", landing=None)  # a network's member: the home lists both
    page.goto(url)
    expect(page.get_by_test_id("percent-done")).to_contain_text("25")
    expect(page.locator('[data-testid="tenant"]')).to_have_count(0)
    expect(page.get_by_text("M. Durand")).to_have_count(0)
