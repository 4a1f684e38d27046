"""« Courriels envoyés (démonstration) »: e-mails sent over a real SMTP session to the demo's
sink (aiosmtpd) are listed for the platform administrator — HTML, text and attachments, the PDF
downloadable — and for no one else (404), nor outside the demo."""

from __future__ import annotations

import smtplib

import pytest
import typst
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from playwright.sync_api import Page, expect

from voisinage.conftest import PASSWORD, screenshot
from voisinage.demo.mailbox import MailboxHandler, mailbox_names
from voisinage.desk.tests.mailservers import smtp_server
from voisinage.tests.pdf import pdf_text

SUBJECT = "Rivebourg — compte rendu de la nuit du mardi 13 janvier"


@pytest.fixture
def sent(settings, tmp_path):
    """One digest-like e-mail (text, HTML, a real PDF) received by the sink; its stored name."""
    settings.VOISINAGE_MAILBOX_DIR = tmp_path
    message = EmailMultiAlternatives(
        subject=SUBJECT,
        body="Bonjour,\nLe compte rendu de la nuit est joint.",
        to=["helene@habitat-nord.example"],
    )
    message.attach_alternative("<p>Le compte rendu de la <b>nuit</b> est joint.</p>", "text/html")
    pdf = typst.compile(b"= Compte rendu de la nuit")
    message.attach("compte-rendu.pdf", pdf, "application/pdf")
    with smtp_server(MailboxHandler(tmp_path)) as port, smtplib.SMTP("127.0.0.1", port) as smtp:
        smtp.send_message(message.message(), to_addrs=message.to)
    (name,) = mailbox_names(tmp_path)
    return name


def urls(name: str) -> list[str]:
    return [
        reverse("demo:mailbox"),
        reverse("demo:mail", args=[name]),
        reverse("demo:mail_html", args=[name]),
        reverse("demo:mail_attachment", args=[name, 0]),
    ]


def test_only_the_platform_administrator_reads_the_mailbox(cast, client, sent):
    for persona, user in cast.personas().items():
        client.force_login(user)
        for url in urls(sent):
            expected = 200 if persona == "admin" else 404
            assert client.get(url).status_code == expected, f"{persona} on {url}"
    client.logout()
    for url in urls(sent):
        assert client.get(url)["Location"].startswith(reverse("accounts:login"))


def test_the_administrator_sees_text_html_and_the_pdf(cast, client, sent):
    client.force_login(cast.admin)
    listing = client.get(reverse("demo:mailbox")).content.decode()
    assert SUBJECT in listing
    assert "helene@habitat-nord.example" in listing
    detail = client.get(reverse("demo:mail", args=[sent])).content.decode()
    assert "Le compte rendu de la nuit est joint." in detail
    assert "compte-rendu.pdf" in detail
    html = client.get(reverse("demo:mail_html", args=[sent]))
    assert b"<b>nuit</b>" in html.content
    assert "sandbox" in html["Content-Security-Policy"]
    attachment = client.get(reverse("demo:mail_attachment", args=[sent, 0]))
    assert attachment["Content-Type"] == "application/pdf"
    assert "Compte rendu de la nuit" in pdf_text(attachment.content)
    assert client.get(reverse("demo:mail_attachment", args=[sent, 1])).status_code == 404
    assert client.get("/demo/courriels/../../etc/passwd/").status_code == 404


def test_outside_the_demo_the_mailbox_is_not_there(cast, client, sent, settings):
    addresses = urls(sent)  # the demo's routes, as the demo has them
    settings.DEMO = False
    client.force_login(cast.admin)
    for url in addresses:
        assert client.get(url).status_code == 404


def test_in_the_browser_the_administrator_opens_a_sent_digest(cast, sent, browser_page: Page):
    page = browser_page
    page.goto("/compte/connexion/?next=/demo/courriels/")
    page.fill("#id_username", cast.admin.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/demo/courriels/")
    expect(page.get_by_test_id("mails")).to_contain_text(SUBJECT)
    screenshot(page, "demo-mailbox-desktop")
    page.get_by_role("link", name=SUBJECT).click()
    expect(page.get_by_test_id("subject")).to_have_text(SUBJECT)
    expect(page.get_by_test_id("attachments")).to_contain_text("compte-rendu.pdf")
    expect(page.get_by_test_id("mail-text")).to_contain_text("est joint")
    frame = page.frame_locator("[data-testid=mail-html]")
    expect(frame.locator("b")).to_have_text("nuit")
    page.set_viewport_size({"width": 360, "height": 780})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "demo-mail-phone")
    with page.expect_download() as download:
        page.get_by_role("link", name="compte-rendu.pdf").click()
    assert "Compte rendu de la nuit" in pdf_text(download.value.path().read_bytes())
