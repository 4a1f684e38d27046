"""The one clock: frozen by the ``clock`` fixture, local dates follow the zone asked for."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from voisinage.conftest import CLOCK_ALSO_ENV, clock_at
from voisinage.lib import clock as lib_clock

PARIS = ZoneInfo("Europe/Paris")


def test_the_fixture_holds_every_clock_at_one_moment(clock):
    clock.set(datetime(2026, 7, 14, 23, 59, tzinfo=PARIS))
    assert lib_clock.now() == datetime(2026, 7, 14, 21, 59, tzinfo=ZoneInfo("UTC"))
    assert timezone.localtime() == lib_clock.now()  # Django's own clock agrees
    assert lib_clock.now().tzinfo is not None


def test_today_is_the_paris_date_even_when_utc_has_another(clock):
    # 00:30 in Paris on 1 January is still 31 December in UTC.
    clock.set(datetime(2027, 1, 1, 0, 30, tzinfo=PARIS))
    assert lib_clock.now().date() == date(2026, 12, 31)
    assert lib_clock.today() == date(2027, 1, 1)


def test_local_dates_follow_the_zone_asked_for(clock):
    clock.set(datetime(2026, 3, 1, 23, 30, tzinfo=PARIS))
    assert lib_clock.local_today("Europe/Paris") == date(2026, 3, 1)
    assert lib_clock.local_today("America/Cayenne") == date(2026, 3, 1)
    assert lib_clock.local_today("Pacific/Noumea") == date(2026, 3, 2)
    assert lib_clock.local_now("Pacific/Noumea").utcoffset() is not None


def test_advance_moves_the_frozen_clock(clock):
    clock.set(datetime(2026, 1, 13, 16, 55, tzinfo=PARIS))
    clock.advance(minutes=10)
    assert lib_clock.local_now().strftime("%H:%M") == "17:05"


@pytest.mark.time_sensitive
def test_a_time_sensitive_test_runs_at_each_hour_asked_for(request):
    # scripts/test sets VOISINAGE_TEST_CLOCK_ALSO=23:59,05:59: this test then runs three times,
    # once at the real hour and once starting at each of those hours in Paris, clock ticking.
    hour = request.getfixturevalue("_clock_hour") if "_clock_hour" in request.fixturenames else ""
    if not hour:
        return
    started = datetime.combine(lib_clock.local_today(PARIS), clock_at(hour), PARIS)
    assert started <= lib_clock.now() < started + timedelta(minutes=1)


def test_every_hour_asked_for_gives_a_run_of_each_time_sensitive_test(pytester, monkeypatch):
    monkeypatch.delenv(CLOCK_ALSO_ENV, raising=False)
    pytester.makeconftest(
        "from voisinage.conftest import _clock_hour, pytest_configure, pytest_generate_tests"
    )
    pytester.makeini("[pytest]\nmarkers =\n    time_sensitive: reads the real clock\n")
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.time_sensitive
        def test_marked():
            pass

        def test_unmarked():
            pass
        """
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "--collect-only", "-q")
    plain = result.stdout.str()
    assert "test_marked[" not in plain
    monkeypatch.setenv(CLOCK_ALSO_ENV, "23:59,05:59")
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "--collect-only", "-q")
    names = result.stdout.str()
    for run in ("test_marked[now]", "test_marked[at23h59]", "test_marked[at05h59]"):
        assert run in names
    assert "test_unmarked[" not in names
