"""Tonight's patrol list in a real Chromium at phone width: the agent taps two passages (one of
them twice, as a thumb does), reloads and finds them done, one intervention each. Then the
coverage page and its map, as Habitat Nord's referent sees them."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from voisinage.conftest import log_in, screenshot
from voisinage.field.logbook.services import intervention_record
from voisinage.field.models import Intervention, Origin, PatrolPlan, PatrolPlanEntry, PlanStatus
from voisinage.field.patrols.calendar import add_months, current_night, month_label
from voisinage.field.patrols.services import patrol_plan_create
from voisinage.schemes.selectors import scheme_service_hours

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE: ViewportSize = {"width": 360, "height": 780}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


@pytest.fixture
def tonight(cast):
    night = current_night(scheme_service_hours(cast.scheme))
    plan = PatrolPlan.objects.create(
        scheme=cast.scheme,
        month=night.replace(day=1),
        weekly_target=5,
        status=PlanStatus.PUBLISHED,
        created_by=cast.supervisor,
    )
    plan.neighbourhoods.set([cast.pres, cast.centre])
    for i, entrance in enumerate([*cast.north_entrances, *cast.south_entrances]):
        entrance.lat, entrance.lon = 47.22 + i * 0.0004, 5.95 + (i % 2) * 0.0006
        entrance.save()
        PatrolPlanEntry.objects.create(plan=plan, night=night, entrance=entrance)
    return cast


def test_the_agent_taps_two_passages_on_a_phone_and_finds_them_done_after_reloading(
    tonight, browser_page: Page
):
    page = browser_page
    page.set_viewport_size(PHONE)
    log_in(page, "yanis")
    # The agent's "Patrols" menu entry opens tonight's list directly.
    page.get_by_role("navigation", name=re.compile("navigation", re.I)).get_by_role(
        "link", name=re.compile("Patrols|Veilles|Rondes", re.I)
    ).click()
    page.wait_for_url(re.compile(r"/veilles/ce-soir/"))
    expect(page.get_by_test_id("progress")).to_contain_text("0")
    expect(page.get_by_test_id("stops").locator("li[data-testid^=stop-]")).to_have_count(5)
    screenshot(page, "patrol-tonight-phone-before")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_test_id("passage-HN-2").click()
    expect(page.get_by_test_id("done-HN-2")).to_be_visible()
    page.get_by_test_id("passage-LS-1").dblclick()  # a double tap
    expect(page.get_by_test_id("done-LS-1")).to_be_visible()
    expect(page.get_by_test_id("progress")).to_contain_text("2")
    screenshot(page, "patrol-tonight-phone")

    page.reload()
    expect(page.get_by_test_id("done-HN-2")).to_be_visible()
    expect(page.get_by_test_id("done-LS-1")).to_be_visible()
    expect(page.get_by_test_id("passage-HN-1")).to_be_visible()
    expect(page.get_by_test_id("progress")).to_contain_text(re.compile(r"2\s*/\s*5"))
    passages = Intervention.objects.order_by("entrance__code").values_list(
        "entrance__code", "origin", "author__username", "source_id"
    )
    entries = dict(PatrolPlanEntry.objects.values_list("entrance__code", "pk"))
    assert list(passages) == [
        ("HN-2", Origin.PATROL, "yanis", entries["HN-2"]),
        ("LS-1", Origin.PATROL, "yanis", entries["LS-1"]),
    ]
    page.set_viewport_size(DESKTOP)
    screenshot(page, "patrol-tonight-desktop")


def test_the_landlord_referent_sees_its_coverage_table_and_map(tonight, browser_page: Page):
    monday = date(2026, 3, 2)
    paris = ZoneInfo("Europe/Paris")
    for code_index, day in [(0, monday + timedelta(days=1)), (1, monday - timedelta(days=8))]:
        intervention_record(
            scheme=tonight.scheme,
            author=tonight.agent,
            entrance=tonight.north_entrances[code_index],
            started_at=datetime.combine(day, time(19), tzinfo=paris),
            origin=Origin.PATROL,
        )
    page = browser_page
    log_in(page, "helene")
    page.goto("/dispositifs/rivebourg/couverture/?semaine=2026-W10&semaines=1")
    expect(page.get_by_test_id("kpi-visited")).to_have_text("1")
    expect(page.get_by_test_id("kpi-entrances")).to_have_text("3")
    stale = page.get_by_test_id("stale-table")
    expect(stale).to_contain_text("HN-2")
    expect(stale).to_contain_text("HN-3")
    expect(stale).not_to_contain_text("LS-")
    the_map = page.get_by_test_id("map")
    expect(the_map).to_have_attribute("data-loaded", "true")
    expect(the_map).to_have_attribute("data-count", "3")
    expect(the_map).to_have_attribute("data-stale", "2")
    assert page.locator("#map path.leaflet-interactive").count() == 3
    screenshot(page, "coverage-referent-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "coverage-referent-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_supervisor_moves_two_entrances_and_publishes_the_plan(cast, browser_page: Page):
    hours = scheme_service_hours(cast.scheme)
    following = add_months(current_night(hours).replace(day=1), 1)
    plan = patrol_plan_create(
        scheme=cast.scheme,
        month=following,
        neighbourhood_ids=[cast.pres.pk, cast.centre.pk],
        weekly_target=4,
        created_by=cast.supervisor,
    )
    page = browser_page
    log_in(page, "sonia")
    page.goto(f"/dispositifs/rivebourg/veilles/{month_label(following)}/")
    expect(page.get_by_test_id("plan-status")).to_have_text(re.compile("Draft|Brouillon"))
    first_night = min(plan.entries.values_list("night", flat=True))
    table = page.get_by_test_id(f"night-{first_night.isoformat()}")
    boxes = table.locator("input[name=entries]")
    moved = boxes.count()
    boxes.nth(0).check()
    if moved > 1:
        boxes.nth(1).check()
    target = next(n for n in sorted(set(plan.entries.values_list("night", flat=True)))[1:])
    page.select_option("#move-night", target.isoformat())
    screenshot(page, "patrol-plan-supervisor-desktop")
    page.get_by_role("button", name=re.compile("^(Move|Déplacer)$")).click()
    expect(page.locator(".messages li.success")).to_be_visible()
    assert plan.entries.filter(night=first_night).count() == max(0, moved - 2)
    page.get_by_role("button", name=re.compile("Publish|Publier")).click()
    expect(page.get_by_test_id("plan-status")).to_have_text(re.compile("Published|Publié"))
    plan.refresh_from_db()
    assert (plan.status, plan.version) == (PlanStatus.PUBLISHED, 3)
    page.set_viewport_size(PHONE)
    screenshot(page, "patrol-plan-supervisor-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
