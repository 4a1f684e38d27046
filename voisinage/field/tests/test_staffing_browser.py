"""Night staffing in a real Chromium: the supervisor sees the week with its shortfall, copies
the previous week's rota with one button, and the table stays usable at phone width."""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from voisinage.conftest import log_in, screenshot
from voisinage.field.models import DutyAssignment
from voisinage.field.staffing.services import duty_assign
from voisinage.field.tests.test_staffing import agents, besancon_rules

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_supervisor_sees_the_shortfall_and_copies_last_week(cast, browser_page: Page):
    besancon_rules(cast.scheme)
    team = agents(cast, 4)
    # Week of Monday 9 June 2025: complete except Friday, one agent short.
    for night in range(9, 15):
        day = date(2025, 6, night)
        duty_assign(scheme=cast.scheme, person=cast.supervisor, start=day, position="supervisor")
        count = 2 if day.weekday() == 0 else (3 if day.weekday() == 4 else 4)
        for index, person in enumerate(team[:count]):
            duty_assign(
                scheme=cast.scheme,
                person=person,
                start=day,
                position="agent",
                team="A" if index < 2 else "B",
            )
    page = browser_page
    log_in(page, "sonia")
    page.goto("/dispositifs/rivebourg/effectifs/?date=2025-06-11")
    table = page.get_by_test_id("staffing-table")
    friday = table.locator('tr[data-night="2025-06-13"]')
    expect(friday).to_have_class(re.compile("short"))
    expect(friday.get_by_test_id("missing")).to_have_text("1")
    expect(table.locator('tr[data-night="2025-06-12"]')).not_to_have_class(re.compile("short"))
    expect(table.locator('tr[data-night="2025-06-15"]')).to_have_class(re.compile("off"))
    expect(page.get_by_test_id("kpi-short-nights")).to_have_text("1")
    screenshot(page, "staffing-week-desktop")

    page.get_by_test_id("next").click()
    page.wait_for_url(re.compile(r"date=2025-06-16"))
    expect(page.get_by_test_id("kpi-short-nights")).to_have_text("6")
    page.get_by_test_id("copy-week").click()
    page.wait_for_url(re.compile(r"date=2025-06-16"))
    expect(page.get_by_test_id("kpi-short-nights")).to_have_text("1")
    assert DutyAssignment.objects.filter(night__gte=date(2025, 6, 16)).count() == 27

    page.set_viewport_size({"width": 360, "height": 780})
    screenshot(page, "staffing-week-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
