"""The analytics pages: dashboard content, exports re-opened, editing of roadmaps and texts with
stale saves refused, who may write, and bad input."""

import csv
import io
import json
import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from voisinage.analytics.models import MonthlyNote, ReviewNote, Roadmap, RoadmapAction
from voisinage.analytics.rollup import rollup_refresh
from voisinage.analytics.services import (
    roadmap_action_add,
    roadmap_axis_add,
    roadmap_create,
    roadmap_objective_add,
)
from voisinage.lib import clock

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = [pytest.mark.django_db, pytest.mark.time_sensitive]
MARCH = {"periode": "month", "date": "2026-03-15"}


def kpi(html: str, code: str) -> str:
    found = re.search(rf'data-testid="kpi-{code}"><div class="value">\s*(.*?)\s*</div>', html)
    assert found, code
    return found.group(1)


def test_the_dashboard_shows_figures_comparisons_and_tables(dataset, client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # English labels, as asserted below
    client.force_login(dataset.cast.supervisor)
    with translation.override("en"):
        page = client.get(reverse("analytics:dashboard", args=["rivebourg"]), MARCH)
    html = page.content.decode()
    assert page.status_code == 200
    assert kpi(html, "interventions") == "6"
    assert "previous 1" in html  # February
    assert 'data-testid="table-landlord"' in html
    assert "Habitat Nord" in html
    assert 'data-testid="indicator-calls"' in html  # the desk's and reports' indicators too
    assert 'data-testid="indicator-feedback_rate"' in html
    assert "source not available yet" not in html
    assert 'id="charts-data"' in html
    assert 'id="points-data"' in html
    points = json.loads(re.search(r'id="points-data"[^>]*>(.*?)</script>', html).group(1))
    assert [p[2] for p in points if p[3] == "HN-1"] == [3]
    assert all(round(p[0], 5) == p[0] and round(p[1], 5) == p[1] for p in points)
    # The entrances' table: HN-1 had three interventions in March (conftest).
    assert re.search(r'<code>HN-1</code></td><td[^>]*>[^<]*</td><td class="num"[^>]*>3</td>', html)


def test_a_landlord_referents_dashboard_holds_only_its_stock(dataset, client):
    client.force_login(dataset.cast.north_referent)
    page = client.get(reverse("analytics:dashboard", args=["rivebourg"]), MARCH)
    html = page.content.decode()
    assert kpi(html, "interventions") == "4"
    assert "Logis Sud" not in html
    assert "LS-1" not in html


def test_the_dashboard_costs_a_bounded_number_of_queries(
    dataset, client, django_assert_max_num_queries
):
    client.force_login(dataset.cast.supervisor)
    url = reverse("analytics:dashboard", args=["rivebourg"])
    # The stale nights' roll-ups are rebuilt first (a few statements per stale month, ADR 0028).
    rollup_refresh(dataset.cast.scheme.pk)
    # A fixed number whatever the rows; the desk's and reports' indicators add about 27
    # (period, previous period, last year).
    with django_assert_max_num_queries(100):
        assert client.get(url, {"periode": "year", "date": "2026-03-01"}).status_code == 200


def test_a_bad_period_gets_a_french_message_not_an_error(dataset, client):
    client.force_login(dataset.cast.supervisor)
    page = client.get(
        reverse("analytics:dashboard", args=["rivebourg"]), {"du": "2026-03-10", "au": "2026-03-01"}
    )
    assert page.status_code == 200
    assert 'role="alert"' in page.content.decode()
    for bad in ({"quartier": "abc"}, {"date": "demain"}, {"bailleur": "999999"}):
        assert (
            client.get(reverse("analytics:dashboard", args=["rivebourg"]), bad).status_code == 200
        )


def test_the_csv_and_xlsx_exports_hold_the_dashboards_figures(dataset, client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # English labels, as asserted below
    client.force_login(dataset.cast.north_referent)
    url = reverse("analytics:dashboard_export", args=["rivebourg", "xlsx"])
    with translation.override("en"):
        response = client.get(url, MARCH)
    book = load_workbook(io.BytesIO(response.content))
    indicators = {row[0]: row for row in book["Indicators"].iter_rows(values_only=True)}
    assert indicators["interventions"][4] == 4
    assert indicators["resolved_share"][4] == 50.0
    assert indicators["calls"][4] == 0  # the desk's indicator, no call in this dataset
    assert not indicators["calls"][7]
    landlords = list(book["Interventions by landlord"].iter_rows(values_only=True))
    assert landlords == [("Category", "Interventions"), ("Habitat Nord", 4)]
    response = client.get(reverse("analytics:dashboard_export", args=["rivebourg", "csv"]), MARCH)
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [r[0] for r in rows if r and r[0] == "interventions"] == ["interventions"]
    assert "Logis Sud" not in text
    assert (
        client.get(reverse("analytics:dashboard_export", args=["rivebourg", "ods"])).status_code
        == 404
    )


def test_the_evaluation_page_shows_the_registers_and_avoided_costs(dataset, client):
    client.force_login(dataset.cast.operator_manager)
    page = client.get(reverse("analytics:evaluation", args=["rivebourg"]), MARCH)
    html = page.content.decode()
    for register in ("social_cohesion", "innovation", "tranquillity", "economic", "recognition"):
        assert f'data-testid="register-{register}"' in html
    assert "550" in html.split('data-testid="avoided-total"')[1][:60]
    assert "France Médiation" in html


def _roadmap(cast):
    roadmap = roadmap_create(scheme=cast.scheme, year=2026, user=cast.supervisor)
    axis = roadmap_axis_add(roadmap=roadmap, title="Cadre de vie", version=1, user=cast.supervisor)
    objective = roadmap_objective_add(
        roadmap=roadmap,
        axis_id=axis.pk,
        title="Présence",
        indicator="interventions",
        target=12,
        version=2,
        user=cast.supervisor,
    )
    roadmap_action_add(
        roadmap=roadmap,
        objective_id=objective.pk,
        title="Plan de mars",
        owner="Superviseur",
        month=3,
        version=3,
        user=cast.supervisor,
    )
    return Roadmap.objects.get(pk=roadmap.pk)


def test_the_roadmap_shows_progress_from_the_indicators(dataset, client):
    cast = dataset.cast
    _roadmap(cast)
    client.force_login(cast.city_officer)
    page = client.get(reverse("analytics:roadmap", args=["rivebourg"]), {"annee": 2026})
    html = page.content.decode()
    assert "Cadre de vie" in html
    assert "Plan de mars" in html
    # 7 interventions in 2026 so far (February and March) against a target of 12.
    assert "58,3" in html
    assert 'data-testid="edit-roadmap"' not in html  # partners read, do not edit


def test_the_supervisor_builds_the_roadmap_and_a_stale_save_is_refused(dataset, client):
    cast = dataset.cast
    client.force_login(cast.supervisor)
    url = reverse("analytics:roadmap_edit", args=["rivebourg"])
    assert client.post(url, {"op": "create", "annee": 2026}).status_code == 302
    roadmap = Roadmap.objects.get(scheme=cast.scheme, year=2026)
    assert (
        client.post(url, {"op": "axis", "annee": 2026, "version": 1, "title": "Axe 1"}).status_code
        == 302
    )
    # Someone who opened the page at version 1 saves after that: refused, nothing written.
    with translation.override("en"):
        stale = client.post(url, {"op": "axis", "annee": 2026, "version": 1, "title": "Axe bis"})
    assert stale.status_code == 400
    assert "a enregistré entre-temps" in stale.content.decode()
    assert list(roadmap.axes.values_list("title", flat=True)) == ["Axe 1"]
    axis = roadmap.axes.get()
    response = client.post(
        url,
        {
            "op": "objective",
            "annee": 2026,
            "version": 2,
            "axis": axis.pk,
            "title": "Présence",
            "indicator": "interventions",
            "target": "1 200,5",
        },
    )
    assert response.status_code == 302
    objective = axis.objectives.get()
    assert str(objective.target) == "1200.50"
    response = client.post(
        url,
        {
            "op": "action",
            "annee": 2026,
            "version": 3,
            "objective": objective.pk,
            "title": "Plan",
            "owner": "Superviseur",
            "due_on": "2026-04-30",
        },
    )
    assert response.status_code == 302
    action = RoadmapAction.objects.get()
    assert action.month == 4
    response = client.post(
        url, {"op": "status", "annee": 2026, "version": 4, "action": action.pk, "status": "done"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"


@pytest.mark.parametrize(
    "data",
    [
        {"op": "objective", "title": "X", "indicator": "nope"},
        {"op": "objective", "title": "X", "target": "beaucoup"},
        {"op": "action", "title": "X", "due_on": "2031-01-01"},
        {"op": "action", "title": "", "month": "13"},
        {"op": "status", "status": "fini"},
        {"op": "explode"},
    ],
    ids=lambda d: "-".join(f"{k}={v}" for k, v in d.items()),
)
def test_bad_roadmap_input_changes_nothing(dataset, client, data):
    cast = dataset.cast
    roadmap = _roadmap(cast)
    axis = roadmap.axes.get()
    objective = axis.objectives.get()
    action = RoadmapAction.objects.get()
    client.force_login(cast.operator_manager)
    payload = {
        "annee": 2026,
        "version": roadmap.version,
        "axis": axis.pk,
        "objective": objective.pk,
        "action": action.pk,
        **data,
    }
    response = client.post(reverse("analytics:roadmap_edit", args=["rivebourg"]), payload)
    assert response.status_code == 400
    fresh = Roadmap.objects.get(pk=roadmap.pk)
    assert fresh.version == roadmap.version
    assert RoadmapAction.objects.count() == 1
    assert RoadmapAction.objects.get().status == "planned"


@pytest.mark.parametrize("persona", ["agent", "north_referent", "city_officer", "other_partner"])
def test_only_the_manager_and_supervisor_write(dataset, client, persona):
    cast = dataset.cast
    client.force_login(getattr(cast, persona))
    assert (
        client.post(
            reverse("analytics:roadmap_edit", args=["rivebourg"]), {"op": "create", "annee": 2026}
        ).status_code
        == 404
    )
    summary = reverse("analytics:summary", args=["rivebourg"]) + "?mois=2026-03"
    assert client.post(summary, {"analysis": "x", "version": 0}).status_code == 404
    review = reverse("analytics:review", args=["rivebourg"]) + "?periode=half_year&date=2026-03-01"
    assert client.post(review, {"proposals": "x", "version": 0}).status_code == 404
    assert not Roadmap.objects.exists()
    assert not MonthlyNote.objects.exists()
    assert not ReviewNote.objects.exists()


def test_the_monthly_analysis_is_saved_and_a_stale_save_refused(dataset, client):
    cast = dataset.cast
    url = reverse("analytics:summary", args=["rivebourg"]) + "?mois=2026-03"
    client.force_login(cast.supervisor)
    response = client.post(url, {"analysis": "Calme.", "recommendations": "Rien.", "version": 0})
    assert response.status_code == 302
    note = MonthlyNote.objects.get()
    assert (note.month, note.analysis, note.version) == (date(2026, 3, 1), "Calme.", 1)
    client.force_login(cast.operator_manager)
    assert client.post(url, {"analysis": "Autre.", "version": 0}).status_code == 400
    assert MonthlyNote.objects.get().analysis == "Calme."
    client.force_login(cast.south_referent)
    page = client.get(url).content.decode()
    assert "Calme." in page
    assert "<textarea" not in page


def test_the_proposals_go_into_the_deck_of_that_period(dataset, client):
    cast = dataset.cast
    client.force_login(cast.operator_manager)
    url = reverse("analytics:review", args=["rivebourg"]) + "?periode=half_year&date=2026-03-01"
    assert client.post(url, {"proposals": "Renforcer le samedi.", "version": 0}).status_code == 302
    note = ReviewNote.objects.get()
    assert (note.starts_on, note.ends_on) == (date(2026, 1, 1), date(2026, 6, 30))
    deck = client.get(
        reverse("analytics:review_download", args=["rivebourg", "pptx"]),
        {"periode": "half_year", "date": "2026-03-01"},
    )
    assert deck["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.presentationml"
    )
    from pptx import Presentation

    texts = [
        s.text_frame.text
        for slide in Presentation(io.BytesIO(deck.content)).slides
        for s in slide.shapes
        if s.has_text_frame
    ]
    assert "Renforcer le samedi." in texts


def test_a_steering_meeting_links_to_the_half_year_it_reviews(dataset, client):
    cast = dataset.cast
    client.force_login(cast.operator_manager)
    url = reverse("analytics:review", args=["rivebourg"])
    page = client.get(url, {"avant": "2026-09-15"}).content.decode()
    assert 'value="2026-01-01"' in page
    assert 'value="2026-06-30"' in page
    page = client.get(url, {"avant": "2027-01-20"}).content.decode()
    assert 'value="2026-07-01"' in page
    assert 'value="2026-12-31"' in page


def test_the_deck_is_attached_to_the_steering_meeting_as_a_link_built_for_each_reader(
    dataset, client, django_capture_on_commit_callbacks, settings, tmp_path
):
    from datetime import timedelta

    from pptx import Presentation

    from voisinage.governance.models import Body, Meeting, MeetingDocument

    settings.MEDIA_ROOT = tmp_path / "media"
    cast = dataset.cast
    body = Body.objects.create(
        scheme=cast.scheme,
        kind="steering",
        name="Comité de pilotage",
        frequency="months",
        months="1, 9",
        deck_required=True,
    )
    start = clock.now() + timedelta(days=20)
    meeting = Meeting.objects.create(
        scheme=cast.scheme,
        body=body,
        title="COPIL",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    url = reverse("analytics:review", args=["rivebourg"]) + "?periode=half_year&date=2026-03-01"
    client.force_login(cast.south_referent)
    assert client.post(url, {"attach": meeting.pk}).status_code == 404
    client.force_login(cast.operator_manager)
    page = client.get(url).content.decode()
    assert f'data-testid="attach-{meeting.pk}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"attach": meeting.pk}).status_code == 302
    document = MeetingDocument.objects.get(meeting=meeting)
    assert document.is_review_deck
    assert not document.file  # never a file: each reader's figures are their own
    assert document.url == (
        reverse("analytics:review_download", args=["rivebourg", "pptx"])
        + "?du=2026-01-01&au=2026-06-30"
    )
    response = client.get(document.url)
    assert response.status_code == 200
    deck = Presentation(io.BytesIO(b"".join(response)))
    # with the referential's activities month by month and the avoided costs measured
    assert len(deck.slides) == 12


def test_a_month_in_progress_is_compared_with_as_many_days(dataset, client, clock):
    """On 11 March at 15:00 (tonight's service has not begun), March so far is 1–10 March: its
    six interventions but the 12th's are not there yet, it is compared with 1–10 February, not
    with the whole of February, and the chart by night stops at the 10th (no zero for tonight
    or the nights to come)."""
    from voisinage.analytics.tests.conftest import at

    clock.set(at(date(2026, 3, 11), 15))
    client.force_login(dataset.cast.supervisor)
    with translation.override("fr"):
        page = client.get(
            reverse("analytics:dashboard", args=["rivebourg"]),
            {"periode": "month", "date": "2026-03-11"},
            HTTP_ACCEPT_LANGUAGE="fr",
        )
    html = unescape(page.content.decode())
    assert "Tableau de bord — mars 2026 jusqu'au 10 mars" in html
    assert "février 2026 jusqu'au 10 février" in html
    assert "mars 2025 jusqu'au 10 mars" in html
    assert kpi(html, "interventions") == "5"  # nights 3, 4, 5 and 10
    charts = json.loads(re.search(r'id="charts-data"[^>]*>(.*?)</script>', html).group(1))
    by_night = charts[0]["labels"]
    assert by_night[0] == "01/03", by_night
    assert by_night[-1] == "10/03", by_night
    # The next period would be April, which has not begun: no link into the future.
    assert "periode=month&date=2026-04-01" not in html
    assert "Période suivante" not in html
