"""The scheduler queues the morning dispatch once per scheme and night, at the dispatch time,
and the other apps' daily jobs once a day (fixed clocks; tasks run at once in tests)."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.management import call_command

from voisinage.core.models import ScheduledRun
from voisinage.core.scheduler import tick
from voisinage.digests.models import Digest, DigestSettings
from voisinage.digests.schedule import due_night
from voisinage.digests.tests.conftest import at


def test_nothing_leaves_before_the_dispatch_time(scripted_night, mailoutbox):
    # 07:29 on Sunday: the Saturday night's digest is not due yet; Friday's was due
    # yesterday and is caught up.
    queued = [q for q in tick(at(15, 7, 29)) if q.startswith("digest ")]
    assert queued == ["digest rivebourg 2025-06-13"]
    assert not Digest.objects.filter(night=scripted_night.night).exists()


def test_the_night_leaves_at_the_dispatch_time_once(
    scripted_night, mailoutbox, django_capture_on_commit_callbacks
):
    cast = scripted_night.cast
    with django_capture_on_commit_callbacks(execute=True):
        queued = tick(at(15, 7, 30))
    assert "digest rivebourg 2025-06-14" in queued
    digest = Digest.objects.get(scheme=cast.scheme, night=scripted_night.night)
    assert digest.first_sent_at == at(15, 7, 30)
    assert digest.on_time
    sent = len(mailoutbox)
    assert sent == 5
    assert "digest rivebourg 2025-06-14" not in tick(at(15, 7, 31))
    assert len(mailoutbox) == sent


def test_a_scheme_can_choose_its_time_or_stop_the_automatic_dispatch(scripted_night):
    cast = scripted_night.cast
    DigestSettings.objects.create(scheme=cast.scheme, dispatch_time=time(6, 45))
    assert "digest rivebourg 2025-06-14" in tick(at(15, 6, 50))
    DigestSettings.objects.filter(scheme=cast.scheme).update(is_enabled=False)
    assert not [q for q in tick(at(16, 9)) if q.startswith("digest ")]


def test_no_digest_for_a_night_without_service(cast):
    # Rivebourg works Monday to Saturday: Sunday 15 June 2025 had no service.
    from voisinage.schemes.selectors import scheme_service_hours

    assert scheme_service_hours(cast.scheme).shift_for(date(2025, 6, 15)) is None
    assert due_night(cast.scheme, at(16, 8), time(7, 30)) is None


def test_daily_jobs_run_once_a_day_from_their_time(cast):
    assert "governance-deck-reminders" not in tick(at(15, 5, 59))
    assert "governance-deck-reminders" in tick(at(15, 6, 0))
    assert "governance-deck-reminders" not in tick(at(15, 23, 0))
    assert "governance-deck-reminders" in tick(at(16, 6, 5))
    assert ScheduledRun.objects.filter(job="funding-notice-reminders").count() == 2


def test_the_command_runs_one_tick_at_a_given_time(
    scripted_night, mailoutbox, capsys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_scheduler", "--once", "--now", "2025-06-15T07:35+02:00")
    assert "digest rivebourg 2025-06-14" in capsys.readouterr().out
    assert len(mailoutbox) == 5


@pytest.mark.parametrize("value", ["2025-06-15T07:35", "demain"], ids=["naive", "garbage"])
def test_the_command_refuses_a_bad_time(db, value):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("run_scheduler", "--once", "--now", value)
