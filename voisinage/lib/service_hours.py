"""Service hours and service nights of a night tranquillity scheme.

A *service night* starts in the evening and usually crosses midnight; it is identified by the date
of its evening, so an intervention at 00:30 on Sunday belongs to Saturday's night.

Hours are described by :class:`HoursRule` objects: a season (inclusive month-day range of the
evening date, which may wrap the new year), the weekdays of the evening (0 = Monday … 6 = Sunday)
and a local start and end time. When ``end <= start`` the shift ends on the next day, so an end
of ``00:00`` means midnight. The first rule matching an evening gives its shift. Public holidays
are worked like any other day unless ``include_holidays`` is false.

Wall times are interpreted in the scheme's time zone (Europe/Paris by default) and every
datetime returned is aware and in UTC. Across daylight-saving changes:

* a wall time that does not exist (spring-forward gap, e.g. 02:30 on the last Sunday of March)
  is read with the offset in force *before* the change (``fold=0``) and converted through UTC,
  so it lands after the gap: 02:30 becomes 03:30 summer time;
* a wall time that happens twice (fall-back hour) means its first occurrence (``fold=0``,
  summer time).

Durations are real elapsed time: a 16:00–05:00 night lasts 12 hours on the eve of the spring
change and 14 hours on the eve of the autumn one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

__all__ = [
    "ALL_WEEKDAYS",
    "MONDAY_TO_SATURDAY",
    "HoursRule",
    "MonthDay",
    "NightStatus",
    "ServiceHours",
    "Shift",
    "is_public_holiday",
    "latest_service_night",
    "month_day_in_range",
    "nights_between",
    "parse_hhmm",
    "service_night",
    "validate_month_day",
    "validate_weekdays",
]

MonthDay = tuple[int, int]
"""A ``(month, day)`` pair, e.g. ``(10, 1)`` for 1 October."""

ALL_WEEKDAYS: frozenset[int] = frozenset(range(7))
MONDAY_TO_SATURDAY: frozenset[int] = frozenset(range(6))

_HHMM = re.compile(r"(?P<hour>[01]?\d|2[0-4]):(?P<minute>[0-5]\d)")


def parse_hhmm(text: str) -> time:
    """Parse ``"HH:MM"`` (24-hour clock) into a :class:`datetime.time`.

    ``"24:00"`` is accepted as a synonym of ``"00:00"`` (midnight at the end of a shift).
    """
    match = _HHMM.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"Expected a time as HH:MM on a 24-hour clock, e.g. '18:00', not {text!r}")
    hour, minute = int(match["hour"]), int(match["minute"])
    if hour == 24:
        if minute != 0:
            raise ValueError(f"'24:00' is the only time allowed after 23:59, not {text!r}")
        hour = 0
    return time(hour, minute)


def validate_month_day(month_day: MonthDay) -> None:
    """Raise ValueError unless ``month_day`` is a real ``(month, day)`` (29 February allowed)."""
    try:
        month, day = month_day
        date(2000, month, day)  # a leap year, so (2, 29) is accepted
    except (TypeError, ValueError) as exc:
        raise ValueError(f"Invalid (month, day) pair: {month_day!r}") from exc


def month_day_in_range(day: date, start: MonthDay, end: MonthDay) -> bool:
    """Whether ``day`` falls in the inclusive month-day range, which may wrap the new year."""
    key = (day.month, day.day)
    if start <= end:
        return start <= key <= end
    return key >= start or key <= end


def validate_weekdays(weekdays: frozenset[int]) -> None:
    """Raise ValueError unless ``weekdays`` is a non-empty set of 0 (Monday) … 6 (Sunday)."""
    if not weekdays:
        raise ValueError("At least one weekday is required (0 = Monday … 6 = Sunday)")
    wrong = sorted(d for d in weekdays if d not in ALL_WEEKDAYS)
    if wrong:
        raise ValueError(f"Weekdays must be 0 (Monday) … 6 (Sunday), got {wrong}")


@functools.lru_cache(maxsize=64)
def _holiday_dates(country: str, year: int) -> frozenset[date]:
    try:
        calendar = holidays.country_holidays(country, years=year)
    except NotImplementedError as exc:
        raise ValueError(f"Unknown holiday country {country!r}") from exc
    return frozenset(calendar.keys())


def is_public_holiday(day: date, country: str = "FR") -> bool:
    """Whether ``day`` is a public holiday in ``country`` (cached per country and year)."""
    return day in _holiday_dates(country, day.year)


def _wall_time_to_utc(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of local wall time ``at`` on ``day`` (``fold=0``, see module docstring)."""
    local = datetime.combine(day, at.replace(tzinfo=None, fold=0), tzinfo=zone)
    return local.astimezone(UTC)


@dataclass(frozen=True)
class HoursRule:
    """Service hours for evenings in a season and on some weekdays."""

    start_month_day: MonthDay
    end_month_day: MonthDay
    weekdays: frozenset[int]
    start: time
    end: time

    def __post_init__(self) -> None:
        validate_month_day(self.start_month_day)
        validate_month_day(self.end_month_day)
        validate_weekdays(self.weekdays)
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("Rule times are local wall times and must be naive")

    def applies_to(self, evening: date) -> bool:
        return evening.weekday() in self.weekdays and month_day_in_range(
            evening, self.start_month_day, self.end_month_day
        )

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start


@dataclass(frozen=True)
class Shift:
    """One service night: its evening date and its UTC bounds (start inclusive, end exclusive)."""

    night: date
    starts_at: datetime
    ends_at: datetime

    @property
    def duration(self) -> timedelta:
        """Real elapsed time, so a shift spanning a DST change is an hour shorter or longer."""
        return self.ends_at - self.starts_at

    def contains(self, moment: datetime) -> bool:
        """Whether the aware ``moment`` lies in ``[starts_at, ends_at)``."""
        instant = _require_aware(moment).astimezone(UTC)
        return self.starts_at <= instant < self.ends_at


@dataclass(frozen=True)
class NightStatus:
    """The service night a moment belongs to, and whether the service was then running."""

    night: date
    on_duty: bool
    shift: Shift | None


@dataclass(frozen=True)
class ServiceHours:
    """The service hours of a scheme: ordered rules, time zone, holiday policy."""

    rules: tuple[HoursRule, ...]
    time_zone: str = "Europe/Paris"
    include_holidays: bool = True
    holiday_country: str = "FR"
    day_boundary: time = time(6, 0)

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"Unknown time zone {self.time_zone!r}") from exc
        if self.day_boundary.tzinfo is not None:
            raise ValueError("day_boundary is a local wall time and must be naive")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def rule_for(self, evening: date) -> HoursRule | None:
        """The first rule matching the evening's season and weekday, holidays not considered."""
        return next((rule for rule in self.rules if rule.applies_to(evening)), None)

    def shift_for(self, evening: date) -> Shift | None:
        """The shift starting on the evening of ``evening``, or None when there is no service."""
        rule = self.rule_for(evening)
        if rule is None:
            return None
        if not self.include_holidays and is_public_holiday(evening, self.holiday_country):
            return None
        end_day = evening + timedelta(days=1) if rule.crosses_midnight else evening
        zone = self.zone
        return Shift(
            night=evening,
            starts_at=_wall_time_to_utc(evening, rule.start, zone),
            ends_at=_wall_time_to_utc(end_day, rule.end, zone),
        )


def _require_aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(
            f"A timezone-aware datetime is required, got the naive {moment.isoformat()}"
        )
    return moment


def service_night(moment: datetime, hours: ServiceHours) -> NightStatus:
    """The service night ``moment`` belongs to and whether the service was running.

    If the moment lies in the shift of its local date or of the previous local date, that is its
    night and it is on duty. Otherwise the night is the local date from ``day_boundary`` (06:00)
    onwards and the previous date before it, and it is off duty; ``shift`` is then that night's
    shift if it has one (the moment is before or after it).
    """
    instant = _require_aware(moment).astimezone(UTC)
    local = instant.astimezone(hours.zone)
    today = local.date()
    yesterday = today - timedelta(days=1)
    for evening in (yesterday, today):
        shift = hours.shift_for(evening)
        if shift is not None and shift.starts_at <= instant < shift.ends_at:
            return NightStatus(night=evening, on_duty=True, shift=shift)
    night = today if local.time() >= hours.day_boundary else yesterday
    return NightStatus(night=night, on_duty=False, shift=hours.shift_for(night))


def _days(start: date, end: date) -> Iterable[date]:
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


def nights_between(start: date, end: date, hours: ServiceHours) -> list[Shift]:
    """The shifts of the evenings from ``start`` to ``end`` inclusive (empty if end < start)."""
    return [shift for day in _days(start, end) if (shift := hours.shift_for(day)) is not None]


def latest_service_night(moment: datetime, hours: ServiceHours, *, look_back: int = 7) -> date:
    """The night ``moment`` belongs to when it had a service, else the latest night before it
    that had one (on a Sunday in Besançon: Saturday's). Unchanged when none is found within
    ``look_back`` days (a scheme without hours)."""
    night = service_night(moment, hours).night
    for back in range(look_back + 1):
        if hours.shift_for(night - timedelta(days=back)) is not None:
            return night - timedelta(days=back)
    return night
