"""The night in a real Chromium, with a fixed clock: Habitat Nord's referent sends an
instruction at 16:30 (tonight) and one at 17:30 (the next night); at 21:00 the supervisor's
board shows the first; the board refreshes by itself without losing what the supervisor types;
the supervisor logs a call and dispatches team A; the agent, on site, completes the pending
intervention; the supervisor closes the call, calls the caller back and records the answers."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from voisinage.conftest import log_in, screenshot
from voisinage.desk.models import (
    Call,
    CallStatus,
    EmergencyAlert,
    Instruction,
    SatisfactionSurvey,
)
from voisinage.desk.tests.conftest import TUESDAY, paris
from voisinage.field.models import Intervention, InterventionStatus

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE: ViewportSize = {"width": 360, "height": 780}


def send_instruction(page: Page, dwelling: str) -> None:
    page.goto("/dispositifs/rivebourg/consignes/nouvelle/")
    page.fill("#id_entrance_code", "HN-1")
    page.fill("#id_tenant_name", f"Locataire {dwelling}")
    page.fill("#id_dwelling", dwelling)
    page.select_option("#id_nature", label="Contrôle d'un logement signalé")
    page.fill("#id_slot_start", "20:00")
    page.fill("#id_slot_end", "22:00")
    page.get_by_test_id("instruction-form").locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/consignes/\d+/$"))


def test_a_night_at_the_desk(desk, browser_page: Page, clock):
    page = browser_page
    # 16:30 and 17:30: Habitat Nord's referent sends two instructions from a phone.
    page.set_viewport_size(PHONE)
    log_in(page, "helene")
    clock.set(paris(TUESDAY, 16, 30))
    send_instruction(page, "21")
    expect(page.get_by_test_id("service-night")).to_have_attribute("data-night", "2026-01-13")
    screenshot(page, "desk-instruction-phone")
    clock.set(paris(TUESDAY, 17, 30))
    send_instruction(page, "34")
    expect(page.get_by_test_id("service-night")).to_have_attribute("data-night", "2026-01-14")
    tonight = Instruction.objects.get(dwelling="21")
    tomorrow = Instruction.objects.get(dwelling="34")

    # 21:00: the supervisor's board shows tonight's instruction only.
    clock.set(paris(TUESDAY, 21, 0))
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "sonia")
    page.goto("/dispositifs/rivebourg/permanence/")
    instructions = page.get_by_test_id("board-instructions")
    expect(instructions.locator(f'[data-instruction="{tonight.pk}"]')).to_have_count(1)
    expect(instructions.locator(f'[data-instruction="{tomorrow.pk}"]')).to_have_count(0)
    expect(page.get_by_test_id("board-duty")).to_contain_text("Yanis")

    # The board refreshes itself; what the supervisor is typing stays.
    page.fill("#id_caller_name", "Mme Lambert")
    page.fill("#id_caller_phone", "06 11 22 33 44")
    page.fill("#id_entrance_code", "HN-2")
    with page.expect_response(re.compile(r"/permanence/direct/"), timeout=10_000):
        pass
    page.wait_for_timeout(300)  # let htmx swap the fragment
    expect(page.locator("#id_caller_name")).to_have_value("Mme Lambert")
    expect(page.locator("#id_entrance_code")).to_have_value("HN-2")
    screenshot(page, "desk-board-desktop")

    # The supervisor logs the call and dispatches team A.
    page.select_option("#id_nature", label="Regroupement dans un hall ou une cage d'escalier")
    page.get_by_test_id("call-form").locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/appels/\d+/$"))
    call = Call.objects.get()
    expect(page.get_by_test_id("caller")).to_contain_text("Mme Lambert")
    clock.set(paris(TUESDAY, 21, 2))
    page.select_option("#id_team", label="A")  # no team is chosen by default
    page.get_by_test_id("dispatch").click()
    expect(page.get_by_test_id("call-status")).to_have_attribute("data-status", "dispatched")
    pending = Intervention.objects.get(pk=Call.objects.get().intervention_id or 0)
    assert pending.status == InterventionStatus.PENDING
    # The police is alerted: the first tap asks, the second records.
    page.get_by_test_id("alert-17").click()
    expect(page.get_by_test_id("alert-confirm")).to_be_visible()
    assert not EmergencyAlert.objects.exists()
    page.get_by_test_id("alert-confirm-yes").click()
    expect(page.get_by_test_id("timeline")).to_contain_text("Police (17)")

    # The agent, on site with a phone, completes the pending intervention.
    page.set_viewport_size(PHONE)
    log_in(page, "yanis")
    clock.set(paris(TUESDAY, 21, 12))
    page.goto(f"/dispositifs/rivebourg/appels/{call.pk}/")
    page.get_by_test_id("on-site").click()
    page.wait_for_url(re.compile(rf"/main-courante/{pending.pk}/modifier/"))
    page.fill("#id_narrative", "Groupe de six jeunes, dialogue, dispersion.")
    page.get_by_test_id("save").click()
    page.wait_for_url(re.compile(rf"/main-courante/{pending.pk}/$"))
    assert Intervention.objects.get(pk=pending.pk).status == InterventionStatus.RECORDED
    assert Call.objects.get().status == CallStatus.ON_SITE

    # The supervisor closes the call, calls the caller back and records the three answers.
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "sonia")
    clock.set(paris(TUESDAY, 21, 30))
    page.goto(f"/dispositifs/rivebourg/appels/{call.pk}/")
    page.get_by_test_id("close").click()
    expect(page.get_by_test_id("call-status")).to_have_attribute("data-status", "closed")
    clock.set(paris(TUESDAY, 21, 40))
    form = page.get_by_test_id("callback-form")
    form.locator("#id_quick").select_option("yes")
    form.locator("#id_solved").select_option("yes")
    form.locator("#id_satisfied").select_option("yes")
    page.get_by_test_id("callback").click()
    expect(page.get_by_test_id("call-status")).to_have_attribute("data-status", "called_back")
    expect(page.get_by_test_id("survey")).to_be_visible()
    screenshot(page, "desk-call-done")
    survey = SatisfactionSurvey.objects.get(call=call)
    assert survey.satisfied == "yes"
    assert list(Call.objects.get().timeline.values_list("status", flat=True)) == [
        "received",
        "dispatched",
        "on_site",
        "closed",
        "called_back",
    ]

    # On a phone the board needs no sideways scrolling.
    page.set_viewport_size(PHONE)
    page.goto("/dispositifs/rivebourg/permanence/")
    screenshot(page, "desk-board-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
