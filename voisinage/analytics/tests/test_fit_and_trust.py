"""Summaries that fit each scheme (sections from its referential and the parts it uses) and
indicators a committee can trust (a month in progress against as many days; recurring problems
are problem interventions, not patrol passages). Crafted data, clock frozen."""

from __future__ import annotations

import io
from datetime import date, datetime, time
from decimal import Decimal
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation
from pptx import Presentation

from voisinage.analytics.documents.content import build_monthly_summary, build_review
from voisinage.analytics.documents.deck import build_deck
from voisinage.analytics.documents.pdf import summary_pdf
from voisinage.analytics.indicators import Filters, Scope
from voisinage.analytics.periods import Period, PeriodKind
from voisinage.analytics.services import roadmap_axis_add, roadmap_create, roadmap_objective_add
from voisinage.analytics.tests.test_api import bearer
from voisinage.core.indicators import evaluate, get_indicator
from voisinage.field.logbook.services import intervention_record
from voisinage.field.models import Origin
from voisinage.schemes.models import Capability, ServiceHoursRule
from voisinage.schemes.services import scheme_capabilities_set
from voisinage.tests.pdf import pdf_text

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
MARCH = date(2026, 3, 1)


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=PARIS)


def make_daytime(scheme):
    """A daytime scheme shaped like Humanicité: weekdays 09:00–18:00, reports only."""
    ServiceHoursRule.objects.filter(scheme=scheme).delete()
    ServiceHoursRule.objects.create(
        scheme=scheme,
        position=0,
        start_month=1,
        start_day=1,
        end_month=12,
        end_day=31,
        weekdays="01234",
        starts_at=time(9),
        ends_at=time(18),
    )
    return scheme_capabilities_set(scheme=scheme, author=None, capabilities=[Capability.REPORTS])


def with_roadmap(cast):
    roadmap = roadmap_create(scheme=cast.scheme, year=2026, user=cast.operator_manager)
    axis = roadmap_axis_add(
        roadmap=roadmap, title="Axe 1 — Prévenir", version=roadmap.version, user=cast.supervisor
    )
    roadmap.refresh_from_db()
    roadmap_objective_add(
        roadmap=roadmap,
        axis_id=axis.pk,
        title="Intervenir 100 fois",
        indicator="interventions",
        target=Decimal(100),
        version=roadmap.version,
        user=cast.supervisor,
    )


def _page(client, user, url):
    client.force_login(user)
    with translation.override("fr"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    return response.content.decode()


def test_a_daytime_scheme_s_summary_shows_its_activities_and_no_night_section(
    dataset, client, clock
):
    cast = dataset.cast
    clock.set(at(date(2026, 4, 15), 12))
    make_daytime(cast.scheme)
    with_roadmap(cast)
    labels = list(cast.scheme.activities.order_by("position").values_list("label", flat=True))
    assert len(labels) == 8  # the XP X60-600 referential

    # Whole months, read from the monthly roll-ups: the same counts as from the interventions.
    summary = build_monthly_summary(cast.admin, cast.scheme, MARCH)
    rows = next(s.grid for s in summary.sections if s.key == "referential").rows
    assert rows[0].cells == ["0", "0", "1", "1"]
    assert rows[-1].cells == ["0", "1", "5", "6"]  # no activity given
    assert [r.cells[-1] for r in rows[1:-1]] == ["0"] * 7  # the others listed, at zero

    url = reverse("analytics:summary", args=[cast.scheme.slug]) + "?mois=2026-03"
    page = _page(client, cast.operator_manager, url)
    grid = page[page.index('data-testid="grid-referential"') :]
    grid = grid[: grid.index("</table>")]
    for label in labels:
        assert label in grid
    assert "Activité (2026)" in grid
    assert ">janv.</th>" in grid
    assert ">mars</th>" in grid
    assert 'data-testid="section-roadmap"' in page
    assert "Axe 1 — Prévenir" in page
    for absent in ("section-patrols", "section-desk", "section-instructions", "section-courtesy"):
        assert f'data-testid="{absent}"' not in page
    assert "Appels reçus" not in page
    assert "Consignes des bailleurs" not in page
    assert "Entrées visitées en veille" not in page
    assert "par soirée" not in page
    assert "Interventions par journée" in page
    # Each indicator's definition is on the page (from the registry).
    with translation.override("fr"):
        definition = str(get_indicator("recurring_entrances").definition)
    assert definition.startswith("Entrées ayant au moins trois")
    assert definition in unescape(page)

    with translation.override("fr"):
        text = pdf_text(summary_pdf(build_monthly_summary(cast.admin, cast.scheme, MARCH)))
    flat = " ".join(text.split())
    for label in labels:
        assert " ".join(label.split())[:30] in flat
    assert "Appels reçus" not in flat
    assert "Entrées visitées en veille" not in flat
    assert "soirée" not in flat
    assert "Axe 1 — Prévenir" in flat


def test_a_night_scheme_keeps_its_night_sections(dataset, client, clock):
    cast = dataset.cast
    clock.set(at(date(2026, 4, 15), 12))
    url = reverse("analytics:summary", args=[cast.scheme.slug]) + "?mois=2026-03"
    page = _page(client, cast.operator_manager, url)
    for present in ("section-patrols", "section-desk", "section-instructions", "section-courtesy"):
        assert f'data-testid="{present}"' in page
    assert "Interventions par soirée" in page
    assert "Appels reçus" in page


def test_the_deck_and_the_api_leave_out_the_parts_a_scheme_does_not_use(dataset, client, clock):
    cast = dataset.cast
    clock.set(at(date(2026, 7, 15), 12))
    make_daytime(cast.scheme)
    half = Period.around(PeriodKind.HALF_YEAR, MARCH)
    with translation.override("fr"):
        deck = Presentation(io.BytesIO(build_deck(build_review(cast.admin, cast.scheme, half))))
    titles = [slide.shapes[0].text_frame.text for slide in deck.slides]
    assert "Temps de réponse" not in titles
    assert "Activités du référentiel, mois par mois" in titles
    assert "Signalements et retours des partenaires" in titles  # the scheme uses reports
    table = next(
        shape.table
        for slide in deck.slides
        if slide.shapes[0].text_frame.text == "Activités du référentiel, mois par mois"
        for shape in slide.shapes
        if shape.has_table
    )
    assert table.cell(0, 1).text == "janv."
    assert table.cell(0, 7).text == "Total"

    api = client.get(
        reverse("api:indicators", args=[cast.scheme.slug]),
        {"period": "month", "date": "2026-03-01"},
        headers=bearer(cast.supervisor),
    )
    codes = {item["code"] for item in api.json()["items"]}
    assert "reports_created" in codes
    assert "interventions" in codes
    assert not {"calls", "instructions", "response_time", "entrances_patrolled"} & codes


def test_a_month_in_progress_is_compared_with_as_many_days_of_the_previous_one(
    dataset, client, clock
):
    cast = dataset.cast
    # 11 March at noon: the nights up to the 10th have begun (hours from 17:00).
    clock.set(at(date(2026, 3, 11), 12))
    # February: 1 patrol on the 10th, then 6 more after the 14th (7 in the whole month).
    for day in range(15, 21):
        intervention_record(
            scheme=cast.scheme,
            author=cast.agent,
            entrance=cast.north_entrances[0],
            started_at=at(date(2026, 2, day), 20),
            origin=Origin.PATROL,
        )
    summary = build_monthly_summary(cast.admin, cast.scheme, MARCH)
    assert summary.in_progress
    assert (summary.period.first, summary.period.last) == (MARCH, date(2026, 3, 10))
    interventions = next(v for v in summary.values if v.indicator.code == "interventions")
    assert interventions.value == 5  # 3, 3, 4, 5 and 10 March
    # The referential's table over the days so far (read from the interventions): the first
    # activity once (3 March), four without any; February's eight have none.
    grid = next(s.grid for s in summary.sections if s.key == "referential")
    first, *_others, bare = grid.rows
    assert first.cells == ["0", "0", "1", "1"]  # janv., févr., mars, total
    assert bare.cells == ["0", "7", "4", "11"]
    assert interventions.previous == 1  # 1–10 February, not the whole month's 7
    assert interventions.change_previous == 400.0  # not −28,6 % against the whole month

    url = reverse("analytics:summary", args=[cast.scheme.slug]) + "?mois=2026-03"
    page = _page(client, cast.operator_manager, url)
    assert 'data-testid="in-progress"' in page
    assert "Mois en cours" in page
    row = page[page.index('data-testid="indicator-interventions"') :]
    row = row[: row.index("</tr>")]
    assert "+400" in row
    assert "bad" not in row

    # The review of the half-year in progress stops the same way.
    review = build_review(cast.admin, cast.scheme, Period.around(PeriodKind.HALF_YEAR, MARCH))
    assert review.period.so_far
    assert review.period.last == date(2026, 3, 10)
    # A past month is whole.
    february = build_monthly_summary(cast.admin, cast.scheme, date(2026, 2, 1))
    assert not february.in_progress
    assert february.period.last == date(2026, 2, 28)


def test_recurring_problems_count_problem_interventions_not_patrol_passages(dataset):
    cast = dataset.cast
    patrolled, troubled = cast.north_entrances[2], cast.south_entrances[1]
    for day in range(14, 20):  # six routine patrol passages
        intervention_record(
            scheme=cast.scheme,
            author=cast.agent,
            entrance=patrolled,
            started_at=at(date(2026, 3, day), 20),
            origin=Origin.PATROL,
        )
    for day, origin in ((14, Origin.PHONE_CALL), (16, Origin.OWN_INITIATIVE)):
        intervention_record(
            scheme=cast.scheme,
            author=cast.agent,
            entrance=troubled,
            started_at=at(date(2026, 3, day), 21),
            origin=origin,
        )
    # LS-2 now has three problem interventions (own initiative on the 12th, a call, another
    # own initiative); HN-1 has three patrols and one call; HN-3 six patrols only.
    indicator = get_indicator("recurring_entrances")
    whole = Scope(cast.admin, cast.scheme, Period.around(PeriodKind.MONTH, MARCH), Filters())
    assert evaluate(indicator, whole).value == 1  # from the entrance roll-ups
    part = Period(PeriodKind.CUSTOM, MARCH, date(2026, 3, 20))
    assert evaluate(indicator, Scope(cast.admin, cast.scheme, part, Filters())).value == 1
    assert whole.count_entrances(rollup=False)["recurring"] == 1  # the same from the rows
    assert whole.count_entrances(rollup=True)["patrolled"] == 3
