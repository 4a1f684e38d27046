"""In a real Chromium: an instruction e-mailed at 16:55 over a real SMTP session shows on the
supervisor's board at 17:20; the supervisor opens it, corrects the dwelling and confirms it —
for tonight, as of its arrival; on a phone the page fits the screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from voisinage.conftest import log_in, screenshot
from voisinage.desk.inbound.listener import InstructionMailHandler
from voisinage.desk.models import InboundEmail, InboundStatus, Instruction
from voisinage.desk.services import desk_settings
from voisinage.desk.tests.conftest import TUESDAY, paris
from voisinage.desk.tests.mailservers import instruction_email, send, smtp_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ADDRESS = "consignes@rivebourg.example"


def test_the_supervisor_confirms_an_emailed_instruction_from_the_board(
    desk, browser_page: Page, clock
):
    row = desk_settings(desk.scheme)
    row.instruction_address = ADDRESS
    row.save()
    clock.set(paris(TUESDAY, 16, 55))
    body = "Entrée : HN-1\nLogement : 12\nNature : autre\nCréneau : 21h-22h\nConsigne : le hall"
    with smtp_server(InstructionMailHandler()) as port:
        send(port, instruction_email(sender=desk.north_referent.email, to=ADDRESS, body=body))
    clock.set(paris(TUESDAY, 17, 20))
    page = browser_page
    log_in(page, desk.supervisor.username)
    page.goto("/dispositifs/rivebourg/permanence/")
    emails = page.get_by_test_id("board-emails")
    expect(emails).to_contain_text("Consigne pour ce soir")
    emails.get_by_role("link").first.click()
    expect(page.get_by_test_id("received-at")).to_contain_text("16:55")
    expect(page.get_by_test_id("email-text")).to_contain_text("le hall")
    expect(page.locator("#id_entrance_code")).to_have_value("HN-1")
    page.fill("#id_dwelling", "14")
    screenshot(page, "desk-inbound-email-desktop")
    page.set_viewport_size({"width": 360, "height": 780})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "desk-inbound-email-phone")
    page.get_by_test_id("confirm").click()
    page.wait_for_url(re.compile(r"/consignes/\d+/$"))  # the confirmed instruction's page
    instruction = Instruction.objects.get()
    assert instruction.service_night == TUESDAY
    assert instruction.dwelling == "14"
    assert instruction.submitted_by == desk.north_referent
    assert InboundEmail.objects.get().status == InboundStatus.CONFIRMED
