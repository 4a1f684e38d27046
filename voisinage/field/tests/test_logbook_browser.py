"""The logbook in a real Chromium at phone width: an agent records an intervention from the
entrance search to the saved entry, the network fails while saving another one and the entry is
resent without duplicate, then the supervisor validates the night."""

import re

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from voisinage.conftest import log_in, screenshot
from voisinage.field.models import Intervention

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE: ViewportSize = {"width": 360, "height": 780}


def fill_and_save(page: Page, search: str, code: str) -> None:
    page.get_by_test_id("entrance-search").fill(search)
    page.get_by_test_id("entrance-results").get_by_role("button", name=re.compile(code)).click()
    expect(page.get_by_test_id("entrance-chosen")).to_contain_text(code)
    page.get_by_text("Regroupement dans un hall").click()
    page.get_by_text("Rappel du règlement").click()
    page.get_by_text("Partiellement résolu").click()
    page.get_by_text("Jaune").click()
    page.get_by_test_id("save").click()


def test_an_agent_records_on_a_phone_then_the_supervisor_validates(codes, browser_page: Page):
    page = browser_page
    page.set_viewport_size(PHONE)
    log_in(page, "yanis")
    page.goto("/dispositifs/rivebourg/main-courante/saisir/")
    screenshot(page, "record-phone-empty")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    fill_and_save(page, "HN-2", "HN-2")
    page.wait_for_url(re.compile(r"/main-courante/\d+/$"))
    expect(page.get_by_test_id("status")).to_have_text(re.compile("Enregistr"))
    screenshot(page, "record-phone-saved")
    intervention = Intervention.objects.get()
    assert intervention.entrance is not None
    assert intervention.entrance.code == "HN-2"
    assert sorted(c.code for c in intervention.situations.all()) == ["regroupement-hall"]
    assert intervention.climate == "yellow"
    assert intervention.agents.filter(username="yanis").exists()

    # The network fails while saving the next entry: the server gets the request but the
    # phone never sees the answer. The entry waits on the phone and is resent, once.
    page.goto("/dispositifs/rivebourg/main-courante/saisir/")
    key = page.locator("[name=idempotency_key]").input_value()

    def lose_the_answer(route):
        route.fetch()  # reaches the server…
        route.abort()  # …but the answer is lost

    page.route("**/api/v1/schemes/rivebourg/interventions", lose_the_answer)
    fill_and_save(page, "LS-1", "LS-1")
    expect(page.get_by_test_id("outbox")).to_contain_text("1 saisie en attente")
    screenshot(page, "record-phone-offline")
    # The page shows the entry waiting as soon as the answer is lost; the server's own request may
    # still be committing in its thread: wait for it (bounded), then count.
    for _ in range(50):
        if Intervention.objects.filter(idempotency_key=key).exists():
            break
        page.wait_for_timeout(100)
    assert Intervention.objects.filter(idempotency_key=key).count() == 1
    # The outbox also retries on a timer: let a retry in flight finish before the network returns.
    page.unroute_all(behavior="wait")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.get_by_test_id("outbox")).to_be_hidden()
    assert Intervention.objects.filter(idempotency_key=key).count() == 1
    assert Intervention.objects.count() == 2
    assert page.evaluate("localStorage.getItem('voisinage.outbox')") == "[]"

    page.get_by_role("button", name=re.compile("connecter")).click()
    log_in(page, "sonia")
    page.goto(f"/dispositifs/rivebourg/main-courante/?nuit={intervention.night:%Y-%m-%d}")
    expect(page.get_by_test_id("count")).to_contain_text("2 interventions")
    screenshot(page, "logbook-supervisor-phone")
    page.get_by_test_id("validate-night").click()
    expect(page.get_by_role("status").first).to_contain_text("2")
    assert set(Intervention.objects.values_list("status", flat=True)) == {"validated"}
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "logbook-supervisor-desktop")
