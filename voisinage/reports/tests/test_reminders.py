"""Deadlines with a fixed clock: daily reminders of overdue reports to the recipient's
referents, once a day; escalation to the organisation's manager after the set number of days
overdue, once; nothing for answered-done or closed reports."""

from datetime import datetime, timedelta

from django.core import mail
from django.core.management import call_command

from voisinage.reports.models import EventKind
from voisinage.reports.services import report_answer, report_reminders_send
from voisinage.reports.tests.helpers import PARIS, make_report

# Made on Wednesday 11 June 2025 (helpers.WEDNESDAY): Habitat Nord's rule gives 5 days, so the
# report is due on Monday 16 June and overdue from Tuesday 17 June.
MORNING = datetime(2025, 6, 17, 7, 0, tzinfo=PARIS)


def day(n, hour=7):
    return MORNING + timedelta(days=n, hours=hour - 7)


def lift(cast, reporting):
    return make_report(cast, reporting, "ascenseur", entrance=cast.north_entrances[0]).report


def test_nothing_before_the_due_date_is_past(cast, reporting):
    lift(cast, reporting)
    result = report_reminders_send(now=datetime(2025, 6, 16, 23, 0, tzinfo=PARIS))
    assert (result.reminded, result.escalated) == (0, 0)
    assert mail.outbox == []


def test_an_overdue_report_is_reminded_once_a_day(cast, reporting):
    report = lift(cast, reporting)
    assert report_reminders_send(now=day(0)).reminded == 1
    assert report_reminders_send(now=day(0, hour=18)).reminded == 0  # same day: once
    assert report_reminders_send(now=day(1)).reminded == 1
    assert [m.to[0] for m in mail.outbox] == [
        cast.north_referent.email,
        cast.north_pres_referent.email,
    ] * 2
    assert "/dispositifs/signalement/reponse/" in mail.outbox[0].body
    reminders = report.events.filter(kind=EventKind.REMINDED).order_by("at")
    assert [e.data["days_late"] for e in reminders] == [1, 2]


def test_the_manager_is_told_after_the_set_number_of_days_once(cast, reporting):
    report = lift(cast, reporting)
    config = cast.scheme.report_settings
    config.escalation_after_days = 3
    config.save()
    escalations = [report_reminders_send(now=day(n)).escalated for n in range(6)]
    # 1, 2 days late: reminders only; 3 days late: the manager; then never again.
    assert escalations == [0, 0, 1, 0, 0, 0]
    to_manager = [m for m in mail.outbox if m.to == ["direction@habitat-nord.invalid"]]
    assert len(to_manager) == 1
    assert report.events.filter(kind=EventKind.ESCALATED).count() == 1
    assert report.events.filter(kind=EventKind.REMINDED).count() == 6


def test_done_reports_are_not_reminded(cast, reporting):
    report = lift(cast, reporting)
    report_answer(report=report, user=cast.north_referent, answer="done", comment="Réparé")
    mail.outbox.clear()
    assert report_reminders_send(now=day(5)).reminded == 0
    assert mail.outbox == []


def test_a_planned_report_past_its_due_date_is_still_reminded(cast, reporting, clock):
    report = lift(cast, reporting)
    report.refresh_from_db()
    # Answered on the morning it became overdue, planned for three days later.
    clock.set(day(0))
    report_answer(
        report=report,
        user=cast.north_referent,
        answer="planned",
        planned_for=day(3).date(),
    )
    assert report_reminders_send(now=day(0)).reminded == 1


def test_reports_to_route_are_not_reminded_to_anyone(cast, reporting):
    make_report(cast, reporting, "stationnement-abusif", entrance=cast.north_entrances[0])
    assert report_reminders_send(now=day(30)).reminded == 0


def test_the_daily_command_queues_the_reminders(cast, reporting, capsys):
    lift(cast, reporting)
    call_command("send_report_reminders")
    assert "Queued" in capsys.readouterr().out
    # Tasks run at once in tests: today the report made in June 2025 is long overdue.
    assert [m.to for m in mail.outbox] == [
        [cast.north_referent.email],
        [cast.north_pres_referent.email],
        ["direction@habitat-nord.invalid"],
    ]
