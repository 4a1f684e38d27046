"""Months, ISO weeks and service nights as patrol plans and coverage use them."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from voisinage.field.patrols.rotation import IsoWeek, iso_week
from voisinage.lib import clock
from voisinage.lib.service_hours import ServiceHours, nights_between, service_night

_MONTH = re.compile(r"(\d{4})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-?W(\d{2})", re.IGNORECASE)


def parse_month(text: str | None) -> date | None:
    """ "2026-03" → 1 March 2026; None when malformed."""
    match = _MONTH.fullmatch((text or "").strip())
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), 1)
    except ValueError:
        return None


def month_label(month: date) -> str:
    return f"{month:%Y-%m}"


def month_last_day(month: date) -> date:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - timedelta(days=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def parse_week(text: str | None) -> date | None:
    """ "2026-W09" (ISO 8601) → the Monday of that week; None when malformed."""
    match = _WEEK.fullmatch((text or "").strip())
    if match is None:
        return None
    try:
        return date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        return None


def week_label(monday: date) -> str:
    year, week = iso_week(monday)
    return f"{year}-W{week:02d}"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def plan_month_of_week(monday: date) -> date:
    """The month a week belongs to for planning: the month of its Thursday (as ISO 8601)."""
    thursday = monday + timedelta(days=3)
    return thursday.replace(day=1)


def current_night(hours: ServiceHours, now: datetime | None = None) -> date:
    """The service night we are in (or whose day it is): ``lib.service_hours`` decides."""
    return service_night(now or clock.now(), hours).night


def local_midnight(day: date, hours: ServiceHours) -> datetime:
    """The UTC instant of 00:00 on ``day`` in the scheme's time zone."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(hours.time_zone)).astimezone(UTC)


def night_started_bounds(first: date, last: date, hours: ServiceHours) -> tuple[datetime, datetime]:
    """Bounds on ``started_at`` for moments belonging to the nights ``first`` … ``last``.

    A night's moments lie between its evening's local midnight and the local midnight two days
    later (the shift, or the off-duty hours before the next day boundary); the bounds let the
    (entrance, started_at) index narrow the search before the exact test on ``night``.
    """
    return local_midnight(first, hours), local_midnight(last + timedelta(days=2), hours)


def month_service_nights(month: date, hours: ServiceHours) -> list[date]:
    return [s.night for s in nights_between(month, month_last_day(month), hours)]


def week_service_nights(monday: date, hours: ServiceHours) -> list[date]:
    return [s.night for s in nights_between(monday, monday + timedelta(days=6), hours)]


def weeks_nights_count(month: date, hours: ServiceHours) -> dict[IsoWeek, int]:
    """Service nights of each whole ISO week touching the month (days of the next and previous
    months included)."""
    start = monday_of(month)
    end = monday_of(month_last_day(month)) + timedelta(days=6)
    return dict(Counter(iso_week(s.night) for s in nights_between(start, end, hours)))
