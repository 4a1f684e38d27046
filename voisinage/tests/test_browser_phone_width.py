"""Every page of the persona matrix, on a 360 px phone, in a real Chromium: nothing may push the
page sideways (``document.documentElement.scrollWidth > innerWidth``) and no field is too small
to tap. Long words — an e-mail address, a signed link, a code — must wrap; wide tables scroll
inside their own box, but a list shown as cards (``table.stack``) must fit the phone.

To stay fast: one browser, one session per persona (its cookie, no login form), each matrix page
once as the first persona of ``PREFERENCE`` allowed to see it, every persona's home and account
page, and the pages of real objects (a call whose caller left a long e-mail address, an
instruction, an intervention, a report and its answer link, a digest, a meeting, an agreement,
a patrol plan, a courtesy campaign)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page

from voisinage.conftest import screenshot
from voisinage.desk.models import CallNature
from voisinage.desk.services import call_close, call_record, instruction_submit, survey_link_issue
from voisinage.desk.tests.conftest import desk  # noqa: F401  (fixture)
from voisinage.digests.services import digest_compile
from voisinage.digests.tests.conftest import at, scripted_night  # noqa: F401  (fixture)
from voisinage.field.courtesy.services import courtesy_campaign_create
from voisinage.field.patrols.services import patrol_plan_create
from voisinage.funding.tests.builders import besancon_like
from voisinage.governance.tests.conftest import gov, media  # noqa: F401  (fixtures)
from voisinage.lib import clock
from voisinage.reports.links import answer_token
from voisinage.reports.models import ReportCategory
from voisinage.reports.services import Place, report_create, report_settings_for, routing_rule_add
from voisinage.tests.test_persona_matrix import _url, matrix

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 780}
# Who looks at a page shared by several personas: the one who sees the most of it.
PREFERENCE = [
    "supervisor",
    "operator_manager",
    "north_referent",
    "city_officer",
    "agent",
    "pres_viewer",
    "south_referent",
    "admin",
]
LONG_EMAIL = "jean-baptiste.de-la-fontaine-des-trois-rivieres@residence-des-peupliers.example.org"
OVERFLOW = """() => {
  const width = window.innerWidth;
  // A list shown as cards on a phone (table.stack) must fit too, not scroll inside its box.
  const cards = Array.from(document.querySelectorAll(".table-wrap"))
    .filter((w) => w.querySelector("table.stack") && w.scrollWidth > w.clientWidth + 1);
  if (cards.length) {
    return {scrollWidth: cards[0].scrollWidth, wide: cards.map(
      (w) => "cards " + (w.querySelector("table").dataset.testid || "") + ": " + w.scrollWidth)};
  }
  if (document.documentElement.scrollWidth <= width) return null;
  const wide = Array.from(document.querySelectorAll("body *"))
    .filter((e) => e.getBoundingClientRect().right > width + 1)
    .filter((e) => !Array.from(e.children).some((c) => c.getBoundingClientRect().right > width + 1))
    .slice(0, 3)
    .map((e) => `<${e.tagName.toLowerCase()} class="${e.className}"> `
      + (e.textContent || "").trim().slice(0, 50));
  return {scrollWidth: document.documentElement.scrollWidth, wide};
}"""
# Fields a thumb must hit: as tall as a tap target (--tap, 44 px). Date and time fields were left
# at the browser's 21 px (the report filters' dates, the time a call came in or an intervention
# began).
SMALL_FIELDS = """() => Array.from(document.querySelectorAll("main input, main select, textarea"))
  .filter((e) => !["checkbox", "radio", "hidden", "submit", "button", "file", "range", "color",
    "image", "reset"].includes(e.type))
  .filter((e) => e.offsetParent !== null && e.getBoundingClientRect().height < 40)
  .slice(0, 3)
  .map((e) => `${e.tagName.toLowerCase()}[type=${e.type}]#${e.id}: `
    + `${Math.round(e.getBoundingClientRect().height)} px`)"""


@pytest.fixture
def world(desk, scripted_night, gov, settings):  # noqa: F811
    """Something behind every page: the objects whose pages are checked, by name."""
    cast = desk
    scheme = cast.scheme
    settings.BASE_URL = "https://voisinage.example.org"
    nature = CallNature.objects.filter(scheme=scheme).first()
    call, _ = call_record(
        scheme=scheme,
        user=cast.supervisor,
        nature=nature,
        received_at=at(14, 21, 5),
        entrance=cast.north_entrances[0],
        caller_name="Jean-Baptiste de La Fontaine",
        caller_phone="06 12 34 56 78",
        caller_email=LONG_EMAIL,
        description="Des jeunes dans le hall, musique forte.",
    )
    closed, _ = call_record(
        scheme=scheme,
        user=cast.supervisor,
        nature=nature,
        received_at=at(14, 20),
        entrance=cast.south_entrances[0],
    )
    call_close(call=closed, user=cast.supervisor, at=at(14, 20, 30))
    survey_url, _text = survey_link_issue(call=closed, at=at(14, 20, 40))
    instruction, _ = instruction_submit(
        scheme=scheme,
        user=cast.north_referent,
        landlord=cast.north,
        nature=nature,
        entrance=cast.north_entrances[1],
        tenant_name="Mme Durand",
        details="Passer voir Mme Durand, 3e étage.",
        at=at(14, 15),
    )
    report_settings_for(scheme)
    category = ReportCategory.objects.filter(scheme=scheme).first()
    assert category is not None
    routing_rule_add(
        scheme=scheme, author=None, recipient=cast.north, position=1, category=category
    )
    report = report_create(
        scheme=scheme,
        author=cast.supervisor,
        category=category,
        description="Ampoule grillée au rez-de-chaussée.",
        place=Place(entrance=cast.north_entrances[0]),
        intervention=scripted_night.north_late,
        at=at(14, 21, 30),
        notify=False,
    ).report
    digest_compile(scheme=scheme, night=scripted_night.night)
    agreement = besancon_like(scheme, coordinator=cast.north, city=cast.city).agreement
    today = clock.today()
    plan = patrol_plan_create(
        scheme=scheme,
        month=today.replace(day=1),
        neighbourhood_ids=[cast.pres.pk, cast.centre.pk],
        weekly_target=5,
        created_by=cast.supervisor,
    )
    campaign = courtesy_campaign_create(
        scheme=scheme,
        landlord=cast.north,
        name="Présentation du service",
        starts_on=today,
        ends_on=today + timedelta(days=30),
        created_by=cast.north_referent,
    )
    return {
        "cast": cast,
        "pages": [
            # (url, persona)
            (reverse("desk:call", args=["rivebourg", call.pk]), "supervisor"),
            (reverse("desk:call", args=["rivebourg", call.pk]), "north_referent"),
            (reverse("desk:instruction", args=["rivebourg", instruction.pk]), "supervisor"),
            (reverse("desk:instruction", args=["rivebourg", instruction.pk]), "north_referent"),
            (
                reverse("field:intervention", args=["rivebourg", scripted_night.north_late.pk]),
                "supervisor",
            ),
            (reverse("field:edit", args=["rivebourg", scripted_night.north_late.pk]), "agent"),
            (reverse("reports:detail", args=["rivebourg", report.pk]), "north_referent"),
            (reverse("reports:detail", args=["rivebourg", report.pk]), "supervisor"),
            (
                reverse("digests:detail", args=["rivebourg", scripted_night.night.isoformat()]),
                "supervisor",
            ),
            (reverse("governance:meeting", args=["rivebourg", gov.meeting.pk]), "supervisor"),
            (
                reverse("governance:meeting_minutes", args=["rivebourg", gov.meeting.pk]),
                "supervisor",
            ),
            (reverse("funding:agreement", args=["rivebourg", agreement.pk]), "north_referent"),
            (reverse("funding:contract", args=["rivebourg", agreement.pk]), "north_referent"),
            (reverse("field:patrol_plan", args=["rivebourg", f"{plan.month:%Y-%m}"]), "supervisor"),
            (
                reverse("field:courtesy_campaign", args=["rivebourg", campaign.pk]),
                "north_referent",
            ),
        ],
        "survey": survey_url.removeprefix(settings.BASE_URL),
        "report_link": reverse("reports:link", args=[answer_token(report)]),
    }


def _matrix_pages() -> list[tuple[str, str]]:
    """(url, persona) for each page route of the matrix (not the API, not the downloads: the
    session client tells HTML pages from files), with the first persona of PREFERENCE."""
    pages = []
    routes, _unmatrixed = matrix()
    for name, args, allowed in routes:
        if name.startswith("api:"):
            continue
        who = next((p for p in PREFERENCE if p in allowed), None)
        if who is not None:
            pages.append((_url(name, args), who))
    return pages


def _is_html_page(client: Client, user, url: str) -> bool:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response["Content-Type"].startswith("text/html") and b"<html" in response.content


@pytest.mark.slow
def test_no_page_of_the_matrix_scrolls_sideways_on_a_360_px_phone(world, chromium, live_server):
    cast = world["cast"]
    personas = cast.personas()
    client = Client()
    pages = [
        (url, who)
        for url, who in _matrix_pages() + world["pages"]
        if _is_html_page(client, personas[who], url)
    ]
    for persona in PREFERENCE:  # every home and account page
        pages += [
            (reverse("territory:overview", args=["rivebourg"]), persona),
            (reverse("accounts:profile"), persona),
        ]
    assert len(pages) > 70

    problems: list[str] = []

    def check(page: Page, url: str, who: str) -> None:
        response = page.goto(url)
        assert response is not None, url
        assert response.status == 200, f"{who} {url}"
        found = page.evaluate(OVERFLOW)
        if found:
            problems.append(f"{who} {url}: {found['scrollWidth']} px — {found['wide']}")
            screenshot(page, f"overflow-{who}-{url.strip('/').replace('/', '-')}")
        small = page.evaluate(SMALL_FIELDS)
        if small:
            problems.append(f"{who} {url}: fields too small to tap — {small}")

    for persona in PREFERENCE:
        own = [url for url, who in pages if who == persona]
        context = chromium.new_context(
            viewport=PHONE, locale="fr-FR", timezone_id="Europe/Paris", base_url=live_server.url
        )
        client.force_login(personas[persona])
        context.add_cookies(
            [
                {
                    "name": django_settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        page.set_default_timeout(30_000)
        for url in own:
            check(page, url, persona)
        context.close()

    # Pages without an account: the caller's survey and a partner's answer link with the
    # thank-you page that shows the next (long) link.
    context = chromium.new_context(viewport=PHONE, locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    check(page, world["survey"], "caller")
    check(page, world["report_link"], "partner")
    page.get_by_label("Pris en compte").check()
    page.get_by_test_id("send-answer").click()
    page.get_by_test_id("done").wait_for()
    found = page.evaluate(OVERFLOW)
    if found:
        problems.append(f"thank-you page: {found['scrollWidth']} px — {found['wide']}")
    context.close()
    assert problems == [], "\n".join(problems)
