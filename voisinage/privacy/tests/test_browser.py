"""In the browser, the data-protection contact's flow: record an erasure request, find the
person, see the erasure refused while their call is open, erase once it is closed, and read the
answered request in the register; the pages at phone width too."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from voisinage.conftest import log_in, screenshot
from voisinage.desk.models import Call, Instruction
from voisinage.desk.services import call_close, instruction_handle

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_erasure_request_from_record_to_answer(people, browser_page: Page):
    cast, _contact = people
    page = browser_page
    log_in(page, "dpo")
    page.goto("/dispositifs/rivebourg/donnees-personnelles/demandes/")
    record = page.get_by_test_id("request-record")
    record.get_by_label("Demande", exact=True).select_option("erasure")
    record.get_by_label("Demandeur").fill("Mme Lambert, par courrier")
    record.get_by_role("button", name="Saisir").click()
    expect(page.get_by_test_id("requests")).to_contain_text("Mme Lambert, par courrier")

    page.get_by_role("link", name="Chercher les données d’une personne").click()
    page.get_by_label("Nom", exact=True).fill("Lambert")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.locator("main")).to_contain_text("06 11 22 33 44")
    page.get_by_test_id("subject-erase").get_by_role("button", name="Effacer").click()
    expect(page.get_by_role("alert")).to_contain_text("encore ouvert")

    call_close(call=Call.objects.get(caller_name="Mme Lambert"), user=cast.supervisor)
    instruction_handle(instruction=Instruction.objects.get(), user=cast.supervisor, outcome="Vu.")
    page.get_by_test_id("subject-erase").get_by_role("button", name="Effacer").click()
    page.wait_for_url(re.compile(r"/demandes/$"))
    expect(page.get_by_test_id("requests")).to_contain_text("statistiques anonymisées")
    assert not Call.objects.filter(caller_name="Mme Lambert").exists()
    screenshot(page, "privacy-requests-1280")
    page.set_viewport_size(ViewportSize(width=360, height=780))
    screenshot(page, "privacy-requests-360")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
