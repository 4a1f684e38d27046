"""Reports in a real Chromium: the supervisor reports from an intervention in one tap, the
e-mail goes through Django's mail layer, its link is opened in a browser that is not logged
in and the report is marked done; the supervisor sees it. A forged link is refused."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from voisinage.conftest import log_in, screenshot
from voisinage.field.logbook.services import intervention_record
from voisinage.reports.models import EventKind, Report, ReportStatus
from voisinage.reports.tests.helpers import WEDNESDAY

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_report_from_an_intervention_is_answered_done_through_the_emailed_link(
    cast, reporting, browser_page: Page, chromium: Browser, live_server
):
    found = intervention_record(
        scheme=cast.scheme,
        author=cast.agent,
        started_at=WEDNESDAY,
        origin="patrol",
        entrance=cast.north_entrances[0],
        narrative="Ascenseur bloqué",
    )[0]
    page = browser_page
    log_in(page, "sonia")
    page.goto(f"/dispositifs/rivebourg/main-courante/{found.pk}/")
    page.get_by_test_id("report-from-intervention").click()
    page.wait_for_url(re.compile(r"/signalements/nouveau/\?intervention="))
    expect(page.locator("#id_entrance_code")).to_have_value("HN-1")
    page.select_option("#id_category", label="Ascenseur en panne")
    page.fill("#id_description", "Ascenseur bloqué entre le 2e et le 3e, porte palière ouverte.")
    screenshot(page, "report-create-desktop")
    page.get_by_test_id("save").click()
    page.wait_for_url(re.compile(r"/signalements/\d+/$"))
    report = Report.objects.get()
    assert report.recipient == cast.north
    expect(page.get_by_test_id("recipient")).to_contain_text("Habitat Nord")

    # The e-mail went through Django's mail layer, after commit, to Habitat Nord's referents
    # who read HN-1: Hélène, and Léa whose perimeter is Les Prés, where HN-1 stands.
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == sorted([cast.north_referent.email, cast.north_pres_referent.email])
    link = re.search(
        r"https?://[^/\s]+(/dispositifs/signalement/reponse/\S+/)",
        str(by_address[cast.north_referent.email].body),
    )
    assert link is not None
    path = link[1]

    # Opened without an account, at phone width.
    stranger = chromium.new_context(
        viewport={"width": 360, "height": 780}, locale="fr-FR", base_url=live_server.url
    )
    partner = stranger.new_page()
    partner.goto(path)
    expect(partner.get_by_test_id("answer")).to_be_visible()
    assert partner.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(partner, "report-link-phone")
    partner.locator("input[name=answer][value=done]").check()
    partner.fill("#id_comment", "Dépannage fait par l'ascensoriste ce matin.")
    partner.get_by_test_id("send-answer").click()
    expect(partner.get_by_test_id("done")).to_be_visible()
    screenshot(partner, "report-link-done-phone")

    # The same link, used again, is refused and changes nothing.
    response = partner.goto(path)
    assert response is not None
    assert response.status == 410
    expect(partner.get_by_test_id("refused")).to_be_visible()
    stranger.close()

    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    done = report.events.get(kind=EventKind.DONE)
    assert (done.via_link, done.organisation, done.user) == (True, cast.north, None)
    # The supervisor was told, and sees it on the report's page.
    assert cast.supervisor.email in [m.to[0] for m in mail.outbox[1:]]
    page.reload()
    history = page.get_by_test_id("history")
    expect(history).to_contain_text("Habitat Nord")
    expect(history).to_contain_text("Dépannage fait par l'ascensoriste ce matin.")
    screenshot(page, "report-detail-desktop")
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto("/dispositifs/rivebourg/signalements/")
    expect(page.get_by_test_id("report-row")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "report-list-phone")


def test_a_forged_link_is_refused_in_the_browser(cast, reporting, browser_page: Page):
    response = browser_page.goto("/dispositifs/signalement/reponse/eyJyIjoxfQ:forged:abc/")
    assert response is not None
    assert response.status == 410
    expect(browser_page.get_by_test_id("refused")).to_be_visible()


def test_the_map_draws_the_visible_reports(cast, reporting, browser_page: Page):
    from voisinage.reports.tests.helpers import make_report

    make_report(cast, reporting, "ascenseur", entrance=cast.north_entrances[0])
    make_report(cast, reporting, "fuite", entrance=cast.south_entrances[0])
    page = browser_page
    log_in(page, "helene")
    page.goto("/dispositifs/rivebourg/signalements/carte/")
    expect(page.get_by_test_id("map")).to_have_attribute("data-loaded", "true")
    assert page.locator("#map path.leaflet-interactive").count() == 1
    screenshot(page, "report-map-desktop")
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto("/dispositifs/rivebourg/signalements/partenaires/")
    expect(page.get_by_test_id("partner-board")).to_contain_text("Habitat Nord")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "report-partners-phone")


def test_the_agent_places_the_report_s_position_with_a_pin_on_a_phone(
    cast, reporting, browser_page: Page
):
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 780})
    log_in(page, "yanis")
    page.goto("/dispositifs/rivebourg/signalements/nouveau/")
    expect(page.locator("#id_lat")).to_be_hidden()  # no number to type
    pin_map = page.get_by_test_id("pin-map")
    expect(pin_map).to_have_attribute("data-ready", "true")
    page.select_option("#id_category", label="Encombrants, dépôt sauvage")
    page.fill("#id_place_label", "Parking du stade")
    page.fill("#id_description", "Canapé et matelas abandonnés.")
    pin_map.click(position={"x": 200, "y": 120})
    expect(page.get_by_test_id("pin-state")).to_contain_text("Repère posé")
    assert page.locator("#id_lat").input_value() != ""
    screenshot(page, "report-pin-phone")
    page.get_by_test_id("pin-clear").click()
    assert page.locator("#id_lat").input_value() == ""
    pin_map.click(position={"x": 150, "y": 100})
    lat = float(page.locator("#id_lat").input_value())
    page.get_by_test_id("save").click()
    page.wait_for_url(re.compile(r"/signalements/\d+/$"))
    report = Report.objects.get()
    assert report.lat is not None
    assert round(report.lat, 5) == round(lat, 5)
