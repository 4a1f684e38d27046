"""A call the supervisor dispatched, opened by the agent from "Ce soir pour moi" in a real
Chromium at phone width, ends as ONE intervention linked to the call, and the call reaches "on
site". Offline, with the supervisor changing the entry meanwhile, the phone shows both versions
and the agent chooses."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from voisinage.conftest import log_in, screenshot
from voisinage.desk.models import Call, CallStatus
from voisinage.desk.services import call_dispatch, call_natures_ensure_defaults, call_record
from voisinage.desk.tests.conftest import nature
from voisinage.field.logbook.services import intervention_update
from voisinage.field.models import Intervention, InterventionStatus
from voisinage.field.tests.test_phone_offline_browser import choose_chips, ready_for_offline
from voisinage.lib import clock

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE: ViewportSize = {"width": 360, "height": 780}


def dispatch_to_yanis(cast) -> Call:
    call_natures_ensure_defaults(scheme=cast.scheme)
    call, _ = call_record(
        scheme=cast.scheme,
        user=cast.supervisor,
        nature=nature(cast),
        entrance=cast.north_entrances[1],
        received_at=clock.now() - timedelta(minutes=5),
    )
    return call_dispatch(call=call, user=cast.supervisor, team_label="A", agent_ids=[cast.agent.pk])


def test_a_dispatched_call_opened_from_tonight_ends_as_one_linked_intervention(
    codes, browser_page: Page
):
    call = dispatch_to_yanis(codes)
    page = browser_page
    page.set_viewport_size(PHONE)
    log_in(page, "yanis")  # the agent's home is "Ce soir pour moi"
    expect(page).to_have_url(re.compile(r"/dispositifs/rivebourg/ce-soir/$"))
    section = page.get_by_test_id("tonight-call")
    expect(section).to_contain_text("Regroupement dans un hall")
    expect(section).to_contain_text("HN-2")
    screenshot(page, "tonight-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    section.get_by_test_id("tonight-item").click()
    expect(page.get_by_test_id("record-source")).to_contain_text("Regroupement dans un hall")
    expect(page.get_by_test_id("entrance-chosen")).to_contain_text("HN-2")
    # Opening the call put the team on site.
    page.wait_for_function(
        "() => JSON.parse(localStorage.getItem('voisinage.outbox') || '[]').length === 0"
    )
    assert Call.objects.get(pk=call.pk).status == CallStatus.ON_SITE
    choose_chips(page, "Regroupement dans un hall", "Dialogue", "Résolu", "Jaune")
    page.get_by_test_id("depart-now").click()
    page.get_by_test_id("save").click()
    page.wait_for_url(re.compile(rf"/main-courante/{call.intervention_id}/$"))

    assert Intervention.objects.count() == 1
    done = Intervention.objects.get()
    assert done.pk == call.intervention_id
    assert done.status == InterventionStatus.RECORDED
    assert done.origin == "phone_call"
    assert done.source == call
    assert done.ended_at is not None
    assert [c.code for c in done.actions.all()] == ["dialogue"]
    # Done, it leaves the agent's list.
    page.goto("/dispositifs/rivebourg/ce-soir/")
    expect(page.get_by_test_id("tonight-call")).to_have_count(0)


def test_offline_the_agent_chooses_between_their_entry_and_the_supervisor_s_change(
    codes, browser_page: Page
):
    call = dispatch_to_yanis(codes)
    page = browser_page
    page.set_viewport_size(PHONE)
    log_in(page, "yanis")
    ready_for_offline(page)
    page.goto("/dispositifs/rivebourg/ce-soir/")

    page.context.set_offline(True)
    page.get_by_test_id("tonight-call").get_by_test_id("tonight-item").click()
    expect(page.get_by_test_id("entrance-chosen")).to_contain_text("HN-2")
    choose_chips(page, "Dialogue", "Résolu", "Vert")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("outbox")).to_contain_text("2 saisies en attente")
    # Meanwhile the supervisor changes the pending intervention.
    pending = Intervention.objects.get()
    intervention_update(
        intervention=pending, user=codes.supervisor, can_supervise=True, climate="red"
    )

    page.context.set_offline(False)
    expect(page.get_by_test_id("outbox")).to_contain_text("1 saisie à revoir")
    assert Call.objects.get(pk=call.pk).status == CallStatus.ON_SITE
    page.get_by_test_id("phone-banner").get_by_role("link").click()
    item = page.get_by_test_id("outbox-item")
    expect(item).to_contain_text("Modifiée par quelqu'un d'autre entre-temps")
    expect(item.locator("table.compare")).to_contain_text("Rouge")
    expect(item.locator("table.compare")).to_contain_text("Vert")
    screenshot(page, "outbox-conflict")
    item.get_by_role("button", name="Garder la mienne").click()
    expect(page.get_by_test_id("outbox-item")).to_have_count(0)

    assert Intervention.objects.count() == 1
    done = Intervention.objects.get()
    assert (done.climate, done.status, done.source) == ("green", InterventionStatus.RECORDED, call)
