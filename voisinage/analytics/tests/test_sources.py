"""The desk's and the reports' indicators (registered by desk/indicators.py and
reports/indicators.py), on a hand-built dataset of March 2026 in Rivebourg (exact figures):

Calls (winter hours 17:00–00:00), minutes after the call:

| call | night | entrance | on site | callback | satisfied |
|---|---|---|---|---|---|
| A | 3 | HN-1 (Habitat Nord) | 10 | 30 | yes |
| B, same event as A | 3 | HN-1 | — (closed on the phone) | 40 | partly |
| C | 4 | LS-1 (Logis Sud) | 20 | 60 | no |
| D | 10 | HN-2 | 40 | — | — |

Instructions: Habitat Nord's for HN-1 on the 3rd, submitted 16:00, handled 21:00 (300 min);
Logis Sud's for LS-1 on the 4th, 15:00 → 22:00 (420 min); Habitat Nord's for HN-2 on the 10th,
not handled.

Reports ("ascenseur", routed to the entrance's landlord; sent when made): R1 at HN-1 on the 3rd
at 21:00, a duplicate merged into it on the 4th, acknowledged 2 days later, done on the 8th;
R2 at LS-1 on the 4th, acknowledged 4 days later; R3 at HN-2 on the 10th, no answer; R4 at HN-2
on 20 February, done on 2 March.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from voisinage.analytics.documents import french
from voisinage.analytics.documents.content import build_review
from voisinage.analytics.documents.deck import build_deck
from voisinage.analytics.documents.pdf import review_pdf
from voisinage.analytics.indicators import Filters, Scope
from voisinage.analytics.periods import Period, PeriodKind
from voisinage.analytics.tests.conftest import PARIS
from voisinage.analytics.tests.test_documents import charts, deck_text
from voisinage.core.indicators import evaluate, get_indicator
from voisinage.desk.models import CallNature
from voisinage.desk.services import (
    call_callback,
    call_close,
    call_dispatch,
    call_natures_ensure_defaults,
    call_on_site,
    call_record,
    instruction_handle,
    instruction_submit,
)
from voisinage.field.logbook.services import field_codes_ensure_defaults
from voisinage.reports.models import Report
from voisinage.reports.services import Place, report_answer, report_create
from voisinage.reports.tests.conftest import reporting  # noqa: F401 — the routing fixture
from voisinage.tests.pdf import pdf_text

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = [pytest.mark.django_db, pytest.mark.time_sensitive]
MARCH = Period.around(PeriodKind.MONTH, date(2026, 3, 1))
H1 = Period.around(PeriodKind.HALF_YEAR, date(2026, 3, 1))

DESK_CODES = (
    "calls",
    "events",
    "instructions",
    "instructions_handled",
    "response_time",
    "response_time_p90",
    "callback_time",
    "callback_time_p90",
    "instruction_time",
    "instruction_time_p90",
    "caller_satisfaction",
)
REPORT_CODES = (
    "reports_created",
    "reports_closed",
    "feedback_rate",
    "feedback_delay",
    "duplicates_share",
)


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime.combine(date(2026, month, day), time(hour, minute), tzinfo=PARIS)


@dataclass
class Sources:
    cast: object


def _call(cast, nature, moment, entrance, *, on_site=None, callback=None, satisfied="", same=None):
    call, _ = call_record(
        scheme=cast.scheme,
        user=cast.supervisor,
        nature=nature,
        received_at=moment,
        entrance=entrance,
        same_event_as=same,
    )
    first = call
    if on_site is not None:
        call = call_dispatch(
            call=call,
            user=cast.supervisor,
            team_label="A",
            agent_ids=[cast.agent.pk],
            at=moment + timedelta(minutes=1),
        )
        call = call_on_site(call=call, user=cast.agent, at=moment + timedelta(minutes=on_site))
    if callback is not None:
        call = call_close(call=call, user=cast.supervisor, at=moment + timedelta(minutes=5))
        answers = {"quick": "yes", "solved": "yes", "satisfied": satisfied} if satisfied else None
        call_callback(
            call=call,
            user=cast.supervisor,
            answers=answers,
            at=moment + timedelta(minutes=callback),
        )
    return first


def _report(cast, reporting, entrance, moment, *, merge_into=None):  # noqa: F811
    result = report_create(
        scheme=cast.scheme,
        author=cast.supervisor,
        category=reporting.categories["ascenseur"],
        description="Ascenseur en panne.",
        place=Place(entrance=entrance),
        at=moment,
        merge_into=merge_into,
        notify=False,
    )
    if merge_into is None:  # sent when made (the e-mail task stamps the real moment)
        Report.objects.filter(pk=result.report.pk).update(sent_at=moment)
    return Report.objects.get(pk=result.report.pk)


@pytest.fixture
def sources(cast, reporting):  # noqa: F811
    call_natures_ensure_defaults(scheme=cast.scheme)
    field_codes_ensure_defaults(scheme=cast.scheme)  # the dispatch opens a pending intervention
    nature = CallNature.objects.filter(scheme=cast.scheme).order_by("pk").first()
    hn1, hn2, _hn3 = cast.north_entrances
    ls1, _ls2 = cast.south_entrances
    a = _call(cast, nature, at(3, 20), hn1, on_site=10, callback=30, satisfied="yes")
    _call(cast, nature, at(3, 20, 5), hn1, callback=40, satisfied="partly", same=a)
    _call(cast, nature, at(4, 21), ls1, on_site=20, callback=60, satisfied="no")
    _call(cast, nature, at(10, 19), hn2, on_site=40)
    for user, landlord, entrance, submitted, handled in (
        (cast.north_referent, cast.north, hn1, at(3, 16), at(3, 21)),
        (cast.south_referent, cast.south, ls1, at(4, 15), at(4, 22)),
        (cast.north_referent, cast.north, hn2, at(10, 15), None),
    ):
        instruction, _ = instruction_submit(
            scheme=cast.scheme,
            user=user,
            landlord=landlord,
            nature=nature,
            entrance=entrance,
            at=submitted,
        )
        if handled is not None:
            instruction_handle(
                instruction=instruction, user=cast.supervisor, outcome="Vu.", at=handled
            )
    r1 = _report(cast, reporting, hn1, at(3, 21))
    _report(cast, reporting, hn1, at(4, 20), merge_into=r1)
    report_answer(
        report=r1, user=cast.north_referent, answer="acknowledged", at=at(5, 21), notify=False
    )
    report_answer(report=r1, user=cast.north_referent, answer="done", at=at(8, 21), notify=False)
    r2 = _report(cast, reporting, ls1, at(4, 21))
    report_answer(
        report=r2, user=cast.south_referent, answer="acknowledged", at=at(8, 21), notify=False
    )
    _report(cast, reporting, hn2, at(10, 21))
    r4 = _report(cast, reporting, hn2, at(20, 21, month=2))
    report_answer(report=r4, user=cast.north_referent, answer="done", at=at(2, 10), notify=False)
    return Sources(cast)


def values(user, scheme, period=MARCH, filters=None):
    scope = Scope(user, scheme, period, filters or Filters())
    return {code: evaluate(get_indicator(code), scope).value for code in DESK_CODES + REPORT_CODES}


def test_the_sources_replace_the_pending_declarations():
    for code in DESK_CODES + REPORT_CODES:
        indicator = get_indicator(code)
        assert indicator is not None, code
        assert indicator.available, code
        assert indicator.source in ("desk", "reports"), code


def test_exact_figures_for_the_whole_scheme(sources, django_assert_max_num_queries):
    cast = sources.cast
    with django_assert_max_num_queries(20):  # a fixed number, whatever the rows
        v = values(cast.supervisor, cast.scheme)
    assert v == {
        "calls": 4,
        "events": 3,  # A and its duplicate B are one event
        "instructions": 3,
        "instructions_handled": 2,
        "response_time": 20.0,  # on site after 10, 20, 40 min: nearest-rank median
        "response_time_p90": 40.0,
        "callback_time": 40.0,  # 30, 40, 60
        "callback_time_p90": 60.0,
        "instruction_time": 300.0,  # 300, 420
        "instruction_time_p90": 420.0,
        "caller_satisfaction": 33.3,  # 1 "yes" out of 3 answers
        "reports_created": 3,  # R1, R2, R3 (the merged duplicate is not a report)
        "reports_closed": 2,  # R1 done on the 8th, R4 (February's) done on the 2nd
        "feedback_rate": 66.7,  # R1 and R2 answered, R3 not
        "feedback_delay": 2.0,  # first answers after 2 and 4 days
        "duplicates_share": 25.0,  # 1 merged occurrence out of 4 in March
    }


def test_a_landlord_referent_sees_its_perimeters_figures(sources):
    cast = sources.cast
    v = values(cast.north_referent, cast.scheme)
    assert v == {
        "calls": 3,
        "events": 2,
        "instructions": 2,
        "instructions_handled": 1,
        "response_time": 10.0,
        "response_time_p90": 40.0,
        "callback_time": 30.0,
        "callback_time_p90": 40.0,
        "instruction_time": 300.0,
        "instruction_time_p90": 300.0,
        "caller_satisfaction": 50.0,
        "reports_created": 2,
        "reports_closed": 2,
        "feedback_rate": 50.0,
        "feedback_delay": 2.0,
        "duplicates_share": 33.3,
    }
    south = values(cast.south_referent, cast.scheme)
    assert (south["calls"], south["events"], south["reports_created"]) == (1, 1, 1)
    assert south["feedback_delay"] == 4.0
    # A landlord filter of the dashboard narrows the supervisor's figures the same way.
    filtered = values(cast.supervisor, cast.scheme, filters=Filters(landlord=cast.north.pk))
    assert filtered == v


def test_nothing_measured_is_none_not_zero(sources):
    cast = sources.cast
    february = Period.around(PeriodKind.MONTH, date(2026, 2, 1))
    v = values(cast.supervisor, cast.scheme, period=february)
    assert (v["calls"], v["events"], v["reports_created"]) == (0, 0, 1)
    assert v["response_time"] is None
    assert v["caller_satisfaction"] is None
    # R4, made in February, was answered on 2 March: its answer counts for February's reports.
    assert v["feedback_rate"] == 100.0
    assert v["feedback_delay"] == 9.5  # 20 February 21:00 → 2 March 10:00
    assert v["reports_closed"] == 0


def test_the_decks_new_slides_carry_the_databases_figures(sources, tmp_path):
    cast = sources.cast
    with translation.override("en"):
        review = build_review(cast.supervisor, cast.scheme, H1)
        deck = build_deck(review)
        found = charts(deck)
        text = deck_text(deck)
        pdf = pdf_text(review_pdf(review))
    half = values(cast.supervisor, cast.scheme, period=H1)
    delays, (medians, p90s) = found["Response times"]
    assert delays == ["Call → on site", "Call → callback", "Instruction → handled"]
    assert medians == [half["response_time"], half["callback_time"], half["instruction_time"]]
    assert p90s == [
        half["response_time_p90"],
        half["callback_time_p90"],
        half["instruction_time_p90"],
    ]
    months, (created,) = found["Reports and partners' feedback"]
    assert len(months) == 6
    assert created == [0.0, 1.0, 3.0, 0.0, 0.0, 0.0]  # R4 in February, R1–R3 in March
    assert sum(created) == half["reports_created"]
    assert "not recorded in Voisinage yet" not in text
    assert "Partners' feedback rate" in text
    assert half["feedback_rate"] == 75.0  # R1, R2, R4 answered out of 4
    assert french.with_unit(75.0, "percent") in text  # the table beside the chart
    # The PDF (rendered in French) holds the same figures.
    assert "Call → callback" in pdf  # the delays' rows, labelled when the review was built
    assert "75,0 %" in pdf.replace("\u202f", " ")  # the feedback rate


def test_a_landlord_referents_deck_holds_its_perimeters_figures(sources):
    cast = sources.cast
    with translation.override("en"):
        found = charts(build_deck(build_review(cast.north_referent, cast.scheme, MARCH)))
    _delays, (medians, p90s) = found["Response times"]
    assert medians == [10.0, 30.0, 300.0]
    assert p90s == [40.0, 40.0, 300.0]
    _months, (created,) = found["Reports and partners' feedback"]
    assert created == [2.0]


def test_the_dashboard_and_its_export_show_the_perimeters_figures(sources, client):
    cast = sources.cast
    client.force_login(cast.north_referent)
    march = {"periode": "month", "date": "2026-03-01"}
    page = client.get(reverse("analytics:dashboard", args=["rivebourg"]), march)
    html = page.content.decode()
    assert page.status_code == 200
    row = re.search(r'data-testid="indicator-calls">(.*?)</tr>', html, re.S)
    assert row
    assert re.search(r'data-label="[^"]*">\s*3\s', row.group(1))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the English sheet name below
    with translation.override("en"):
        response = client.get(
            reverse("analytics:dashboard_export", args=["rivebourg", "xlsx"]), march
        )
    book = load_workbook(io.BytesIO(response.content))
    rows = {row[0]: row for row in book["Indicators"].iter_rows(values_only=True)}
    assert rows["calls"][4] == 3
    assert rows["events"][4] == 2
    assert rows["response_time"][4] == 10
    assert rows["feedback_rate"][4] == 50
    assert rows["duplicates_share"][4] == 33.3
    client.force_login(cast.supervisor)
    response = client.get(reverse("analytics:dashboard_export", args=["rivebourg", "csv"]), march)
    text = response.content.decode("utf-8-sig")
    lines = {r[0]: r for r in csv.reader(io.StringIO(text), delimiter=";") if r}
    assert lines["calls"][4] == "4"
    assert lines["reports_created"][4] == "3"
