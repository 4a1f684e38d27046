"""Due dates: calendar days, or working days without weekends nor French public holidays."""

from __future__ import annotations

from datetime import date, timedelta

from voisinage.lib.service_hours import is_public_holiday


def is_working_day(day: date, country: str = "FR") -> bool:
    return day.weekday() < 5 and not is_public_holiday(day, country)


def due_date(start: date, days: int, *, working_days: bool, country: str = "FR") -> date:
    """``days`` after ``start``; in working days, the ``days``-th working day after it (a
    report made on a Friday with 1 working day is due on Monday, or Tuesday after Easter)."""
    if not working_days:
        return start + timedelta(days=days)
    day, left = start, days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day, country):
            left -= 1
    return day
