"""In a real browser: the supervisor reads last night's draft, validates it and sends it; a
landlord's referent reads the digest of its own entrances, on a phone."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from voisinage.conftest import log_in, screenshot
from voisinage.digests.models import Digest
from voisinage.digests.services import digest_compile

URL = "/dispositifs/rivebourg/comptes-rendus/2025-06-14/"


def test_the_supervisor_validates_and_sends_then_a_landlord_reads_its_part(
    scripted_night, browser_page: Page, mailoutbox
):
    cast = scripted_night.cast
    digest_compile(scheme=cast.scheme, night=scripted_night.night)
    page = browser_page
    log_in(page, "sonia")
    page.goto(URL)
    expect(page.get_by_test_id("status")).to_contain_text("brouillon")
    expect(page.get_by_test_id("lines")).to_contain_text("Square des Tilleuls")
    expect(page.get_by_test_id("lines")).to_contain_text("Mme X.")  # the operator reads it
    screenshot(page, "digest-draft-desktop")
    page.get_by_test_id("validate").click()
    expect(page.get_by_test_id("status")).to_contain_text("validé par l'encadrant")
    page.get_by_test_id("send").click()
    expect(page.get_by_test_id("status")).to_contain_text("envoyé")
    assert Digest.objects.get().first_sent_at is not None
    assert {m.to[0] for m in mailoutbox} >= {cast.north_referent.email, cast.city_officer.email}

    page.set_viewport_size({"width": 360, "height": 780})
    page.goto("/dispositifs/rivebourg/comptes-rendus/")
    expect(page.get_by_test_id("prepare")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "digest-list-supervisor-phone")

    log_in(page, "helene")
    page.goto("/dispositifs/rivebourg/comptes-rendus/")
    screenshot(page, "digest-list-landlord-phone")
    page.get_by_role("link", name="samedi 14 juin 2025").click()
    lines = page.get_by_test_id("lines")
    expect(lines).to_contain_text("21:10")
    expect(lines).not_to_contain_text("19:05")  # Logis Sud's entrance
    expect(lines).not_to_contain_text("Mme X.")  # sensitive narrative withheld
    expect(page.get_by_test_id("summary")).to_contain_text("limité à votre périmètre")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "digest-landlord-phone")
    page.goto("/dispositifs/rivebourg/ambiance/?periode=week&date=2025-06-14")
    expect(page.get_by_test_id("ambiance")).to_contain_text("Les Prés")
    screenshot(page, "ambiance-landlord-phone")
