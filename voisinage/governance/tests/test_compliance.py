"""Compliance on a hand-built year with a fixed clock: quotas attended vs required, overdue
action items, missing minutes and documents, review decks; the deck reminder."""

from datetime import date, datetime, time, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from voisinage.governance.compliance import compliance_report, expected_by_now
from voisinage.governance.models import AttendanceQuota, Meeting
from voisinage.governance.selectors import deck_status
from voisinage.governance.services import (
    ActionSpec,
    action_item_transition,
    attendance_record,
    decision_record,
    deck_reminders_send,
    document_add,
    meeting_cancel,
    meeting_create,
    meeting_deck_record,
    meeting_minutes_record,
    meeting_update,
)
from voisinage.governance.tasks import send_deck_reminders

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2025, 7, 1, 12, 0, tzinfo=PARIS)


def on(day, hour=14):
    return datetime.combine(day, time(hour), tzinfo=PARIS)


def held(cast, body, day, *, operator=(), others=(), minutes="", hour=14):
    """A meeting on ``day``, with the operator's attendance (statuses, one per person)."""
    meeting = meeting_create(
        scheme=cast.scheme, body=body, starts_at=on(day, hour), created_by=None, notify=False
    )
    people = [cast.supervisor, cast.operator_manager, cast.agent]
    for user, status in zip(people, operator, strict=False):
        attendance_record(
            meeting=meeting, organisation=cast.operator, user=user, status=status, now=NOW
        )
    for status in others:
        attendance_record(
            meeting=meeting,
            organisation=cast.north,
            user=cast.north_referent,
            status=status,
            now=NOW,
        )
    if minutes:
        meeting = meeting_minutes_record(
            meeting=meeting, minutes=minutes, expected_version=meeting.version, now=NOW
        )
    return meeting


@pytest.fixture
def year(cast, gov):
    """2025 in Rivebourg, seen on 1 July 2025."""
    tech, steering, corr = gov.technical, gov.steering, gov.correspondents
    correspondents = AttendanceQuota.objects.create(
        scheme=cast.scheme, label="Correspondants", minimum_per_year=13, position=2
    )
    correspondents.bodies.set([corr])
    meetings = {
        "jan": held(cast, tech, date(2025, 1, 14), operator=["present"], minutes="ok"),
        "feb": held(cast, tech, date(2025, 2, 11), operator=["present"], minutes="ok"),
        "mar": held(cast, tech, date(2025, 3, 11), operator=["excused"], minutes="ok"),
        # Two people of the operator at one meeting: it counts once.
        "apr": held(cast, tech, date(2025, 4, 8), operator=["present", "present"], minutes="ok"),
        "may": held(cast, tech, date(2025, 5, 13), operator=["absent"], others=["present"]),
        "jun": held(cast, tech, date(2025, 6, 10), operator=["present"]),
        "steering": held(cast, steering, date(2025, 1, 23), operator=["present"], minutes="ok"),
        "corr1": held(cast, corr, date(2025, 2, 6), operator=["present"]),
        "corr2": held(cast, corr, date(2025, 3, 6), operator=["present"]),
        "corr3": held(cast, corr, date(2025, 4, 3), others=["present"]),
        "last_year": held(cast, tech, date(2024, 12, 10), operator=["present"], minutes="ok"),
        "future": held(cast, tech, date(2025, 7, 8)),
    }
    cancelled = held(cast, tech, date(2025, 2, 20), operator=["present"])
    meetings["cancelled"] = meeting_cancel(meeting=cancelled, now=NOW, notify=False)
    for key in ("jan", "feb", "mar", "apr", "jun"):
        document_add(meeting=meetings[key], title="Rapport", url="/r/", added_by=None)
    return meetings


def test_quotas_count_the_meetings_the_operator_attended(cast, gov, year):
    report = compliance_report(cast.supervisor, cast.scheme, 2025, now=NOW)
    suivi, corr = report.quotas
    assert suivi.label == "Instances de suivi"
    assert suivi.bodies == ["Comité de pilotage", "Comité technique"]  # by order, then name
    # January, February, April (twice, once), June, and the steering committee: 5.
    assert (suivi.attended, suivi.minimum) == (5, 14)
    # 182 days of 365 gone: 14 × 182 / 365 = 6.98, so 6 meetings expected by now.
    assert suivi.expected_by_now == 6
    assert suivi.state == "behind"
    assert suivi.remaining == 9
    assert (corr.attended, corr.minimum, corr.expected_by_now, corr.state) == (2, 13, 6, "behind")


def test_past_and_future_years_are_judged_on_their_own_meetings(cast, gov, year):
    last = compliance_report(cast.supervisor, cast.scheme, 2024, now=NOW).quotas[0]
    assert (last.attended, last.expected_by_now, last.state) == (1, 14, "missed")
    following = compliance_report(cast.supervisor, cast.scheme, 2026, now=NOW).quotas[0]
    assert (following.attended, following.expected_by_now, following.state) == (0, 0, "on_track")


def test_a_quota_is_met_once_the_minimum_is_reached(cast, gov, year):
    gov.quota.minimum_per_year = 5
    gov.quota.save()
    assert compliance_report(cast.supervisor, cast.scheme, 2025, now=NOW).quotas[0].state == "met"


def test_the_expected_count_spreads_the_minimum_over_the_days_of_the_year():
    assert expected_by_now(14, 2025, date(2025, 1, 1)) == 0
    assert expected_by_now(14, 2025, date(2025, 12, 31)) == 14
    assert expected_by_now(12, 2025, date(2025, 2, 1)) == 1  # 12 × 32 / 365
    assert expected_by_now(366, 2028, date(2028, 12, 31)) == 366  # a leap year
    assert expected_by_now(5, 2024, date(2025, 3, 1)) == 5
    assert expected_by_now(5, 2026, date(2025, 3, 1)) == 0


def test_the_report_lists_what_is_missing(cast, gov, year):
    decision = decision_record(
        meeting=year["may"],
        text="Actions",
        recorded_by=None,
        action=ActionSpec(
            title="En retard", owner_organisation=cast.south, due_on=date(2025, 6, 20)
        ),
        now=NOW,
    )
    late = decision.action_items.get()
    on_time = decision_record(
        meeting=year["may"],
        text="Autre",
        recorded_by=None,
        action=ActionSpec(title="À venir", owner_organisation=cast.south, due_on=date(2025, 7, 10)),
    ).action_items.get()
    done = decision_record(
        meeting=year["may"],
        text="Faite",
        recorded_by=None,
        action=ActionSpec(title="Faite", owner_organisation=cast.north, due_on=date(2025, 6, 1)),
    ).action_items.get()
    action_item_transition(item=done, to_status="done", changed_by=None)

    report = compliance_report(cast.supervisor, cast.scheme, 2025, now=NOW)
    assert report.overdue_actions == [late]
    assert on_time not in report.overdue_actions
    # Past, not cancelled, minutes expected (the correspondents' body expects none).
    assert report.missing_minutes == [year["may"], year["jun"]]
    # The technical committee expects documents: May has none; June has one.
    assert report.missing_documents == [year["may"]]


def test_review_decks_late_or_missing_are_flagged(cast, gov, year):
    steering = gov.steering
    january = year["steering"]
    meeting_deck_record(meeting=january, sent_at=on(date(2025, 1, 20), 9), now=NOW)  # 3 days before
    soon = meeting_create(
        scheme=cast.scheme,
        body=steering,
        starts_at=on(date(2025, 7, 5)),
        created_by=None,
        notify=False,
    )
    september = meeting_create(
        scheme=cast.scheme,
        body=steering,
        starts_at=on(date(2025, 9, 18)),
        created_by=None,
        notify=False,
    )
    report = compliance_report(cast.supervisor, cast.scheme, 2025, now=NOW)
    states = {m.pk: status.state for m, status in report.deck_warnings}
    assert states == {january.pk: "late", soon.pk: "missing"}
    assert september.pk not in states


@pytest.mark.parametrize(
    ("today", "sent", "state"),
    [
        (date(2025, 9, 7), None, "pending"),
        (date(2025, 9, 8), None, "due_soon"),  # 10 days before
        (date(2025, 9, 11), None, "due_soon"),  # the due date itself
        (date(2025, 9, 12), None, "missing"),
        (date(2025, 9, 12), date(2025, 9, 11), "on_time"),  # 7 days before
        (date(2025, 9, 12), date(2025, 9, 12), "late"),
    ],
)
def test_the_deck_is_due_seven_days_before_the_steering_committee(cast, gov, today, sent, state):
    meeting = meeting_create(
        scheme=cast.scheme,
        body=gov.steering,
        starts_at=on(date(2025, 9, 18), 10),
        created_by=None,
        notify=False,
    )
    if sent:
        meeting = meeting_deck_record(meeting=meeting, sent_at=on(sent, 23), now=on(today, 23))
    status = deck_status(meeting, today=today)
    assert status.due_on == date(2025, 9, 11)
    assert status.remind_on == date(2025, 9, 8)
    assert status.state == state


def test_a_body_without_a_deck_has_no_deck_status(cast, gov):
    assert deck_status(gov.meeting, today=date(2025, 1, 1)) is None


@pytest.fixture
def september(cast, gov):
    return meeting_create(
        scheme=cast.scheme,
        body=gov.steering,
        starts_at=on(date(2025, 9, 18), 10),
        created_by=None,
        notify=False,
    )


def test_the_deck_reminder_goes_to_the_operator_s_managers_ten_days_before_and_once(
    cast, gov, september, mailoutbox
):
    assert deck_reminders_send(now=on(date(2025, 9, 7), 8)) == 0
    assert mailoutbox == []

    assert deck_reminders_send(now=on(date(2025, 9, 8), 8)) == 1
    (message,) = mailoutbox
    assert message.to == [cast.operator_manager.email]  # can_manage in the operator
    assert "11 septembre 2025" in message.body  # the due date, in French
    assert "Habitat Nord" in message.body  # the coordinator
    assert f"/dispositifs/rivebourg/comites/{september.pk}/" in message.body
    september.refresh_from_db()
    assert september.deck_reminder_sent_at == on(date(2025, 9, 8), 8)

    assert deck_reminders_send(now=on(date(2025, 9, 9), 8)) == 0
    assert len(mailoutbox) == 1


def test_no_reminder_once_the_deck_is_sent_nor_for_a_cancelled_meeting(
    cast, gov, september, mailoutbox
):
    meeting_deck_record(meeting=september, sent_at=on(date(2025, 9, 1)), now=on(date(2025, 9, 8)))
    other = meeting_create(
        scheme=cast.scheme,
        body=gov.steering,
        starts_at=on(date(2025, 9, 15)),
        created_by=None,
        notify=False,
    )
    meeting_cancel(meeting=other, notify=False)
    assert deck_reminders_send(now=on(date(2025, 9, 8), 8)) == 0
    assert mailoutbox == []


def test_a_new_date_deserves_a_new_reminder(cast, gov, september, mailoutbox):
    deck_reminders_send(now=on(date(2025, 9, 8), 8))
    september.refresh_from_db()
    moved = meeting_update(
        meeting=september,
        expected_version=september.version,
        body=september.body,
        starts_at=september.starts_at + timedelta(days=14),
        ends_at=september.ends_at + timedelta(days=14),
        place="",
        title="",
        agenda="",
        invited_organisation_ids=[],
        notify=False,
    )
    assert moved.deck_reminder_sent_at is None
    assert deck_reminders_send(now=on(date(2025, 9, 22), 8)) == 1
    assert len(mailoutbox) == 2


def test_the_reminder_task_runs_the_service_with_the_given_clock(cast, gov, september, mailoutbox):
    result = send_deck_reminders.enqueue(now=on(date(2025, 9, 10), 8).isoformat())
    assert result.return_value == 1
    assert len(mailoutbox) == 1


def test_the_daily_command_queues_the_reminders(cast, gov, mailoutbox):
    out = StringIO()
    call_command("send_governance_reminders", stdout=out)
    assert out.getvalue().startswith("Queued:")


def test_the_compliance_page_shows_quotas_overdue_items_and_missing_minutes(cast, client, gov):
    decision_record(
        meeting=gov.meeting,
        text="Urgent",
        recorded_by=None,
        action=ActionSpec(
            title="Sécuriser la porte du local vélos",
            owner_organisation=cast.north,
            due_on=gov.meeting.starts_at.date(),
        ),
    )
    client.force_login(cast.north_referent)
    response = client.get(reverse("governance:compliance", args=["rivebourg"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="quotas"' in page
    assert "Instances de suivi" in page
    overdue = page.split('data-testid="overdue-actions"')[1].split("</ul>")[0]
    assert "Sécuriser la porte du local vélos" in overdue
    missing = page.split('data-testid="missing-minutes"')[1].split("</ul>")[0]
    assert f"/comites/{gov.meeting.pk}/" in missing
    assert Meeting.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "reads"),
    [
        ("supervisor", True),  # editors
        ("operator_manager", True),
        ("north_referent", True),  # Habitat Nord coordinates the scheme
        ("admin", True),
        ("city_officer", True),  # the city funds the scheme, over the whole scheme: read only
        ("pres_viewer", False),  # the city's viewer of one neighbourhood
        ("south_referent", False),  # a landlord's stock, neither funder nor coordinator
        ("agent", False),
        ("other_partner", False),
        ("nobody", False),
    ],
)
def test_who_reads_the_compliance_page(cast, client, gov, persona, reads):
    client.force_login(cast.personas()[persona])
    response = client.get(reverse("governance:compliance", args=["rivebourg"]))
    assert response.status_code == (200 if reads else 404)
    if reads:
        page = response.content.decode()
        assert 'data-testid="quotas"' in page
        # Read only: the page's only form is the year filter, which does not post.
        assert 'method="post"' not in page.split("<main")[1]


def test_a_funder_s_whole_scheme_viewer_reads_it_too(cast, client, gov):
    """The role does not matter (a partner viewer of the State reads it); the perimeter and
    the organisation's part in the scheme do."""
    from voisinage.factories import OrganisationFactory, UserFactory, grant, member

    state = OrganisationFactory.create(name="Préfecture", kind="state")
    member(cast.scheme, state, "funder")
    delegate = UserFactory.create(username="delegue")
    grant(delegate, cast.scheme, state, "partner_viewer")
    client.force_login(delegate)
    assert client.get(reverse("governance:compliance", args=["rivebourg"])).status_code == 200
