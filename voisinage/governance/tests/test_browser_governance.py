"""The committees in a real Chromium: the supervisor opens the meetings page, calls a crisis
meeting, records a decision with an action item, and finds it on the compliance page; the pages
fit a 360 px phone."""

from datetime import timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from voisinage.conftest import log_in, screenshot
from voisinage.governance.models import ActionItem, Meeting
from voisinage.lib import clock

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def open_in_steering_menu(page: Page, url: str) -> None:
    """The committees and compliance pages sit in the « Pilotage » menu of the navigation."""
    page.get_by_test_id("nav-group-steering").click()
    page.locator(f'nav.main .nav-dropdown a[href="{url}"]').click()


def fits_a_phone(page: Page) -> None:
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_supervisor_calls_a_crisis_meeting_and_follows_its_action_on_the_compliance_page(
    browser_page: Page, cast, mailoutbox
):
    page = browser_page
    yesterday = (clock.today() - timedelta(days=1)).isoformat()
    log_in(page, "sonia")
    meetings_url = reverse("governance:meetings", args=["rivebourg"])
    open_in_steering_menu(page, meetings_url)
    page.wait_for_url(f"**{meetings_url}")
    screenshot(page, "governance-meetings-desktop")

    page.get_by_test_id("crisis-link").click()
    form = page.get_by_test_id("crisis-form")
    form.locator("input[name=day]").fill(yesterday)
    form.locator("input[name=start]").fill("21:30")
    form.locator("input[name=place]").fill("Local de l'opérateur, rue des Prés")
    form.locator("textarea[name=reason]").fill("Squat du hall HN-2\nTrois appels de locataires.")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("meeting-title")).to_contain_text("Squat du hall HN-2")
    meeting = Meeting.objects.get(body__kind="crisis")
    # Recorded after the fact: nobody's calendar gets a meeting that is already over.
    assert mailoutbox == []

    page.get_by_test_id("decision-form").locator("xpath=..").locator("summary").click()
    decision = page.get_by_test_id("decision-form")
    decision.locator("textarea[name=text]").fill(
        "Habitat Nord fait murer l'accès au local technique."
    )
    decision.locator("input[name=action_title]").fill("Murer l'accès au local technique du HN-2")
    decision.locator("select[name=owner]").select_option(label="Habitat Nord")
    decision.locator("input[name=due_on]").fill(yesterday)
    decision.locator("button[type=submit]").click()
    expect(page.get_by_test_id("decisions")).to_contain_text(
        "Murer l'accès au local technique du HN-2"
    )
    item = ActionItem.objects.get()
    assert (item.owner_organisation, item.decision.meeting) == (cast.north, meeting)
    screenshot(page, "governance-meeting-desktop")

    compliance_url = reverse("governance:compliance", args=["rivebourg"])
    open_in_steering_menu(page, compliance_url)
    page.wait_for_url(f"**{compliance_url}")
    expect(page.get_by_test_id("overdue-actions")).to_contain_text(
        "Murer l'accès au local technique du HN-2"
    )
    expect(page.get_by_test_id("missing-minutes")).to_contain_text("Squat du hall HN-2")
    screenshot(page, "governance-compliance-desktop")

    fits_a_phone(page)
    screenshot(page, "governance-compliance-phone")
    page.goto(reverse("governance:meeting", args=["rivebourg", meeting.pk]))
    fits_a_phone(page)
    screenshot(page, "governance-meeting-phone")
    page.goto(meetings_url)
    fits_a_phone(page)
    screenshot(page, "governance-meetings-phone")


def test_the_manager_adds_a_body_with_its_usual_invitees_in_the_settings_area(
    browser_page: Page, cast
):
    from voisinage.governance.models import Body

    page = browser_page
    log_in(page, "olivier")
    page.goto(reverse("schemes:settings_section", args=["rivebourg", "instances"]))
    form = page.locator("form", has=page.locator("input[name=action][value=save]"))
    form.locator("input[name=name]").fill("Cellule de veille")
    form.locator("select[name=kind]").select_option("watch_unit")
    form.locator("select[name=frequency]").select_option("monthly")
    form.get_by_label(str(cast.north)).check()
    form.get_by_label(str(cast.operator)).check()
    screenshot(page, "settings-bodies-desktop")
    form.locator("button[type=submit]").click()
    expect(page.locator("table").first).to_contain_text("Cellule de veille")
    body = Body.objects.get(scheme=cast.scheme, name="Cellule de veille")
    assert set(body.usual_invitees.all()) == {cast.north, cast.operator}
    page.goto(
        reverse("schemes:settings_section", args=["rivebourg", "instances"]) + f"?body={body.pk}"
    )
    expect(page.get_by_label(str(cast.north))).to_be_checked()
    expect(page.get_by_label(str(cast.city))).not_to_be_checked()
    fits_a_phone(page)
    screenshot(page, "settings-bodies-phone")
