"""Partial perimeters in a real Chromium, at desktop and phone width: Centre's supervisor on the
monthly patrol plan (Centre's passages and entrances only, no plan-level buttons); Logis Sud's
referent on a digest (no names on duty, how many instead; its own calls counted); the operator's
manager attaching the review deck to a steering committee as a link."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from voisinage.conftest import log_in, screenshot
from voisinage.desk.models import CallNature
from voisinage.desk.services import call_natures_ensure_defaults, call_record
from voisinage.digests.models import DigestRecipient
from voisinage.digests.services import digest_dispatch
from voisinage.field.logbook.services import field_codes_ensure_defaults
from voisinage.field.models import DutyAssignment
from voisinage.field.patrols.services import patrol_plan_create
from voisinage.governance.models import Body, BodyKind, Frequency, MeetingDocument
from voisinage.governance.services import meeting_create
from voisinage.lib import clock

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PARIS = ZoneInfo("Europe/Paris")
PHONE: ViewportSize = {"width": 360, "height": 780}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


def _fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_centre_s_supervisor_sees_and_changes_only_centre_on_the_plan(cast, browser_page: Page):
    patrol_plan_create(
        scheme=cast.scheme,
        month=date(2099, 3, 1),
        neighbourhood_ids=[cast.pres.pk, cast.centre.pk],
        weekly_target=3,
        created_by=cast.supervisor,
        today=date(2099, 2, 20),
    )
    page = browser_page
    log_in(page, "marc")
    page.goto("/dispositifs/rivebourg/veilles/2099-03/")
    expect(page.get_by_role("main")).to_contain_text("Centre")
    expect(page.get_by_role("main")).not_to_contain_text("Les Prés")
    expect(page.get_by_role("main")).not_to_contain_text("HN-1")
    # It moves its own passages; the whole plan (publish, regenerate) is not offered.
    expect(page.get_by_role("button", name=re.compile("Publier|Publish"))).to_have_count(0)
    options = page.locator("#entrance-codes option")
    assert sorted(options.evaluate_all("els => els.map(e => e.value)")) == [
        "HN-3",
        "LS-1",
        "LS-2",
    ]
    screenshot(page, "patrol-plan-centre-supervisor-desktop")
    page.set_viewport_size(PHONE)
    page.reload()
    _fits(page, PHONE["width"])
    screenshot(page, "patrol-plan-centre-supervisor-phone")


def test_a_landlord_reads_how_many_were_on_duty_and_its_own_calls(cast, browser_page: Page):
    night = date(2026, 1, 13)
    field_codes_ensure_defaults(scheme=cast.scheme)
    call_natures_ensure_defaults(scheme=cast.scheme)
    nature = CallNature.objects.filter(scheme=cast.scheme).first()
    for person, position in ((cast.agent, "agent"), (cast.supervisor, "supervisor")):
        DutyAssignment.objects.create(
            scheme=cast.scheme, night=night, user=person, position=position, team="A"
        )
    for entrance in (cast.north_entrances[0], cast.south_entrances[0]):
        call_record(
            scheme=cast.scheme,
            user=cast.supervisor,
            nature=nature,
            received_at=datetime(2026, 1, 13, 21, tzinfo=PARIS),
            entrance=entrance,
        )
    DigestRecipient.objects.create(scheme=cast.scheme, organisation=cast.south)
    digest_dispatch(scheme=cast.scheme, night=night, now=datetime(2026, 1, 14, 7, 30, tzinfo=PARIS))
    page = browser_page
    log_in(page, "nicolas")
    page.goto("/dispositifs/rivebourg/comptes-rendus/2026-01-13/")
    main = page.get_by_role("main")
    expect(page.get_by_test_id("staff-count")).to_contain_text("2 personnes")
    expect(main).not_to_contain_text("Yanis")
    expect(page.get_by_test_id("count-calls")).to_have_text("1 appel pour 1 événement")
    screenshot(page, "digest-landlord-desktop")
    page.set_viewport_size(PHONE)
    page.reload()
    _fits(page, PHONE["width"])
    screenshot(page, "digest-landlord-phone")


def test_the_manager_attaches_the_review_deck_as_a_link(
    cast, browser_page: Page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    steering = Body(
        scheme=cast.scheme,
        kind=BodyKind.STEERING,
        name="Comité de pilotage",
        frequency=Frequency.MONTHS,
        months="1, 7",
        deck_required=True,
    )
    steering.full_clean()
    steering.save()
    starts = clock.local_now(PARIS).replace(hour=10, minute=0, second=0, microsecond=0)
    meeting = meeting_create(
        scheme=cast.scheme,
        body=steering,
        starts_at=starts + timedelta(days=20),
        created_by=cast.operator_manager,
        notify=False,
    )
    page = browser_page
    log_in(page, "olivier")
    page.goto(f"/dispositifs/rivebourg/comites/{meeting.pk}/")
    page.locator("#documents summary").click()
    page.get_by_label(re.compile("Titre|Title")).fill("Bilan du semestre")
    page.get_by_label(re.compile("du bilan|review deck", re.I)).check()
    screenshot(page, "meeting-deck-form-desktop")
    page.locator("#documents form button[type=submit]").last.click()
    expect(page.locator("#documents")).to_contain_text("Bilan du semestre")
    document = MeetingDocument.objects.get(meeting=meeting)
    assert document.is_review_deck
    assert document.url.startswith("/dispositifs/rivebourg/bilan/bilan.pptx?avant=")
    assert not document.file
    page.set_viewport_size(PHONE)
    page.reload()
    _fits(page, PHONE["width"])
    screenshot(page, "meeting-deck-phone")
