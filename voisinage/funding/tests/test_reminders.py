"""Notice deadlines: a reminder e-mail to the agreement's managers, once, N days before."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from voisinage.funding.models import NoticeReminder
from voisinage.funding.selectors import agreement_next_notice
from voisinage.funding.services import notice_reminders_schedule
from voisinage.funding.tests.builders import besancon_like, contract_for

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = pytest.mark.time_sensitive


@pytest.fixture
def besancon(cast):
    return besancon_like(
        cast.scheme, coordinator=cast.north, city=cast.city, contract=contract_for(cast.scheme)
    )


def test_the_reminder_goes_to_the_managers_once_within_the_window(
    besancon, cast, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert notice_reminders_schedule(today=date(2027, 1, 15)) == []  # 31 days before
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        created = notice_reminders_schedule(today=date(2027, 1, 16))  # 30 days before

    assert [(r.deadline, r.anniversary) for r in created] == [
        (date(2027, 2, 15), date(2027, 5, 15))
    ]
    # Hélène and Léa (her colleague limited to Les Prés: an agreement is not located) act for
    # the coordinator; Vincent only reads; the operator is not a party.
    assert sorted(m.to for m in mailoutbox) == sorted(
        [[cast.north_referent.email], [cast.north_pres_referent.email]]
    )
    assert "15" in mailoutbox[0].subject
    assert besancon.agreement.title in mailoutbox[0].subject
    assert f"/financement/{besancon.agreement.pk}/marche/" in mailoutbox[0].body
    reminder = NoticeReminder.objects.get()
    assert reminder.sent_at is not None
    assert reminder.recipients == 2

    with django_capture_on_commit_callbacks(execute=True):
        assert notice_reminders_schedule(today=date(2027, 1, 20)) == []
    assert len(mailoutbox) == 2  # nothing more: once per deadline


def test_the_reminder_window_is_set_per_agreement(besancon, mailoutbox):
    agreement = besancon.agreement
    agreement.reminder_days = 60
    agreement.save()

    assert len(notice_reminders_schedule(today=date(2026, 12, 20))) == 1


def test_no_reminder_after_the_last_renewal(besancon):
    assert notice_reminders_schedule(today=date(2028, 1, 1)) == []


def test_the_page_warns_within_the_window(besancon):
    agreement = besancon.agreement
    early = agreement_next_notice(agreement, date(2026, 11, 22))
    late = agreement_next_notice(agreement, date(2027, 2, 1))

    assert (early.period.notice_deadline, early.days_left, early.warn) == (
        date(2027, 2, 15),
        85,
        False,
    )
    assert (late.days_left, late.warn) == (14, True)


def test_the_daily_command_queues_the_due_reminders(
    besancon, mailoutbox, django_capture_on_commit_callbacks
):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("funding_notice_reminders", "--today", "2027-02-01", stdout=out)

    assert "1 reminder(s) queued." in out.getvalue()
    assert len(mailoutbox) == 2  # one reminder, to each of the coordinator's two referents


def test_a_reminder_the_mail_server_refused_is_sent_by_the_next_run(
    besancon, cast, settings, mailoutbox
):
    """The reminder is claimed before it is sent (core.claims): a failure gives the claim back."""
    from voisinage.desk.tests.mailservers import free_port
    from voisinage.funding.services import notice_reminder_send

    reminder = notice_reminders_schedule(today=date(2027, 1, 16))[0]
    in_memory = settings.MAILERS
    settings.MAILERS = {  # a port nobody listens on: the connection is refused
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 5},
        }
    }
    with pytest.raises(ConnectionRefusedError):
        notice_reminder_send(reminder_id=reminder.pk)
    reminder.refresh_from_db()
    assert reminder.sent_at is None

    settings.MAILERS = in_memory
    assert notice_reminder_send(reminder_id=reminder.pk).sent_at is not None
    assert len(mailoutbox) == 2
    notice_reminder_send(reminder_id=reminder.pk)
    assert len(mailoutbox) == 2  # once
