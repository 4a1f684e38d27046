"""The one clock: frozen by the ``clock`` fixture, local dates follow the zone asked for."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from voisinage.lib import clock as lib_clock

PARIS = ZoneInfo("Europe/Paris")


def test_the_fixture_holds_every_clock_at_one_moment(clock):
    clock.set(datetime(2026, 7, 14, 23, 59, tzinfo=PARIS))
    assert lib_clock.now() == datetime(2026, 7, 14, 21, 59, tzinfo=ZoneInfo("UTC"))
    assert timezone.now() == lib_clock.now()
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
