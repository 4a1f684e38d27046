"""Times are shown in the local time zone, in winter (UTC+1) and in summer (UTC+2).

The clock is held at 22:40 in Paris; a call, an intervention, a report, an instruction and a
serious incident happen at that moment, and every page that lists times must say « 22:40 » —
never 21:40 or 20:40, the same moment in UTC."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from voisinage.accounts.models import LoginFailure, PasswordResetRequest
from voisinage.desk.models import CallNature, CallStatusChange
from voisinage.desk.services import (
    call_natures_ensure_defaults,
    call_record,
    incident_record,
    instruction_submit,
)
from voisinage.digests.services import digest_compile
from voisinage.field.logbook.services import field_codes_ensure_defaults, intervention_record
from voisinage.field.models import DutyAssignment, PatrolPlan, PatrolPlanEntry, PlanStatus
from voisinage.field.patrols.services import patrol_passage_record
from voisinage.reports.models import ReportCategory
from voisinage.reports.services import (
    Place,
    report_create,
    report_settings_for,
    routing_rule_add,
)

PARIS = ZoneInfo("Europe/Paris")
SEASONS = {
    # A Tuesday in January (UTC+1) and a Wednesday in July (UTC+2), both service nights.
    "winter": datetime(2026, 1, 13, 22, 40, tzinfo=PARIS),
    "summer": datetime(2026, 7, 8, 22, 40, tzinfo=PARIS),
}
LOCAL = "22:40"


def utc_labels(moment: datetime) -> set[str]:
    """The same moment written in UTC (the bug): 21:40 in winter, 20:40 in summer."""
    utc = moment.astimezone(ZoneInfo("UTC"))
    return {f"{utc:%H:%M}", f"{utc:%H}h{utc:%M}", f"{utc:%H} h {utc:%M}"}


@pytest.fixture(params=sorted(SEASONS))
def night(request, cast, clock, settings, tmp_path, django_capture_on_commit_callbacks):
    """The cast's scheme at 22:40 on a night of the season, with a little of everything."""
    settings.MEDIA_ROOT = tmp_path / "media"
    at = SEASONS[request.param]
    clock.set(at)
    scheme = cast.scheme
    call_natures_ensure_defaults(scheme=scheme)
    field_codes_ensure_defaults(scheme=scheme)
    report_settings_for(scheme)
    night = at.date()
    DutyAssignment.objects.create(
        scheme=scheme, night=night, user=cast.agent, position="agent", team="A"
    )
    nature = CallNature.objects.filter(scheme=scheme).first()
    first, _ = call_record(
        scheme=scheme,
        user=cast.supervisor,
        nature=nature,
        received_at=at,
        entrance=cast.north_entrances[0],
        caller_name="Mme Durand",
    )
    call_record(
        scheme=scheme,
        user=cast.supervisor,
        nature=nature,
        received_at=at,
        entrance=cast.north_entrances[1],
    )
    instruction, _ = instruction_submit(
        scheme=scheme,
        user=cast.supervisor,
        landlord=cast.north,
        nature=nature,
        entrance=cast.north_entrances[0],
        urgent=True,
        at=at,
    )
    intervention, _ = intervention_record(
        scheme=scheme,
        author=cast.agent,
        started_at=at,
        ended_at=at,
        origin="patrol",
        entrance=cast.north_entrances[0],
    )
    category = ReportCategory.objects.filter(scheme=scheme).first()
    assert category is not None
    cast.north.email = "accueil@habitat-nord.invalid"
    cast.north.save()
    routing_rule_add(
        scheme=scheme, author=None, recipient=cast.north, position=1, category=category
    )
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail goes after commit
        report = report_create(
            scheme=scheme,
            author=cast.supervisor,
            category=category,
            description="Constaté pendant la tournée.",
            place=Place(entrance=cast.north_entrances[0]),
            intervention=intervention,
            at=at,
        ).report
    incident_record(
        scheme=scheme,
        user=cast.supervisor,
        kind="other",
        occurred_at=at,
        place="Hall HN-1",
        description="Menaces.",
    )
    plan = PatrolPlan.objects.create(
        scheme=scheme,
        month=night.replace(day=1),
        weekly_target=5,
        created_by=cast.supervisor,
        status=PlanStatus.PUBLISHED,
    )
    entry = PatrolPlanEntry.objects.create(plan=plan, night=night, entrance=cast.south_entrances[0])
    patrol_passage_record(entry=entry, author=cast.agent, idempotency_key="tz", at=at)
    digest_compile(scheme=scheme, night=night)
    return {
        "at": at,
        "night": night,
        "call": first,
        "intervention": intervention,
        "report": report,
        "instruction": instruction,
    }


PAGES = [
    ("desk:board", lambda n: []),
    ("desk:board_live", lambda n: []),
    ("desk:calls", lambda n: []),
    ("desk:call_new", lambda n: []),  # "Same event as": tonight's calls
    ("desk:call", lambda n: [n["call"].pk]),  # "Same event as the call"
    ("desk:instruction", lambda n: [n["instruction"].pk]),
    ("desk:incidents", lambda n: []),
    ("desk:audit", lambda n: []),  # after the call's page, which logs a view of the caller
    ("field:logbook", lambda n: []),
    ("field:intervention", lambda n: [n["intervention"].pk]),
    ("field:patrol_tonight", lambda n: []),
    ("reports:list", lambda n: []),
    ("reports:detail", lambda n: [n["report"].pk]),
    ("digests:detail", lambda n: [n["night"].isoformat()]),
]


def test_every_page_listing_times_shows_them_in_local_time(client, cast, night):
    client.force_login(cast.operator_manager)
    wrong_labels = utc_labels(night["at"])
    problems = []
    for name, args in PAGES:
        url = reverse(name, args=["rivebourg", *args(night)])
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        if LOCAL not in content:
            problems.append(f"{url} does not show {LOCAL}")
        problems += [f"{url} shows {w} (UTC)" for w in wrong_labels if w in content]
    assert problems == []


def test_the_report_e_mail_gives_the_local_time(cast, night):
    bodies = [m.body for m in mail.outbox if m.to == [cast.north_referent.email]]
    assert bodies
    assert LOCAL in bodies[0]
    assert not utc_labels(night["at"]) & set(bodies[0].split())


def test_the_report_map_calls_a_report_overdue_on_the_local_date(client, cast, night, clock):
    """Just after midnight in Paris it is still the day before in UTC: a report due yesterday
    is overdue for the scheme, whatever the browser's clock says."""
    report = night["report"]
    assert report.due_on is not None
    clock.set(datetime.combine(report.due_on + timedelta(days=1), time(0, 30), PARIS))
    client.force_login(cast.supervisor)
    features = client.get(reverse("api:reports_geojson", args=["rivebourg"])).json()["features"]
    assert [(f["id"], f["properties"]["overdue"]) for f in features] == [(report.pk, True)]


def test_a_complaint_filed_after_midnight_is_dated_of_the_local_day(client, cast, night, clock):
    clock.set(datetime.combine(night["night"] + timedelta(days=1), time(0, 30), PARIS))
    client.force_login(cast.supervisor)
    page = client.get(reverse("desk:complaint_new", args=["rivebourg"]))
    tomorrow = (night["night"] + timedelta(days=1)).isoformat()
    assert f'value="{tomorrow}"' in page.content.decode()


def test_records_name_themselves_in_local_time(night):
    """What the admin lists show (a call, its history)."""
    call = night["call"]
    assert f"{night['at']:%d/%m/%Y} {LOCAL}" in str(call)
    assert LOCAL in str(CallStatusChange.objects.filter(call=call).first())
    # The account's throttling records (the admin lists them too).
    assert LOCAL in str(LoginFailure(username="x", at=night["at"]))
    assert LOCAL in str(PasswordResetRequest(address_hash="0" * 64, at=night["at"]))
