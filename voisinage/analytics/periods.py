"""Periods of service nights: a night, a week, a month, a quarter, a half-year, a year or any
range; their previous period and the same period a year earlier (docs/analytics.md)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from voisinage.lib.dates import format_date

MAX_DAYS = 3 * 366


class PeriodKind(models.TextChoices):
    NIGHT = "night", _("Night")
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    HALF_YEAR = "half_year", _("Half-year")
    YEAR = "year", _("Year")
    CUSTOM = "custom", _("Custom")


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, count: int) -> date:
    index = day.year * 12 + day.month - 1 + count
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def shift_year(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Period:
    kind: str
    first: date
    last: date
    # A period still in progress, cut at its latest night so far (``until``): it is compared
    # with as many days of the periods it is compared with, not with them whole.
    so_far: bool = False

    @classmethod
    def around(cls, kind: str, anchor: date) -> Period:
        """The period of ``kind`` that contains ``anchor`` (custom: the anchor alone)."""
        if kind == PeriodKind.WEEK:
            monday = anchor - timedelta(days=anchor.weekday())
            return cls(kind, monday, monday + timedelta(days=6))
        if kind == PeriodKind.MONTH:
            return cls(kind, month_start(anchor), month_end(anchor))
        if kind == PeriodKind.QUARTER:
            first = date(anchor.year, 3 * ((anchor.month - 1) // 3) + 1, 1)
            return cls(kind, first, month_end(add_months(first, 2)))
        if kind == PeriodKind.HALF_YEAR:
            first = date(anchor.year, 1 if anchor.month <= 6 else 7, 1)
            return cls(kind, first, month_end(add_months(first, 5)))
        if kind == PeriodKind.YEAR:
            return cls(kind, date(anchor.year, 1, 1), date(anchor.year, 12, 31))
        return cls(PeriodKind.NIGHT if kind == PeriodKind.NIGHT else kind, anchor, anchor)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def until(self, night: date) -> Period:
        """The period cut at ``night`` when it is in progress (its later nights have not come);
        unchanged otherwise, and for a night or a custom range (chosen day by day)."""
        if self.kind in (PeriodKind.NIGHT, PeriodKind.CUSTOM) or not (
            self.first <= night < self.last
        ):
            return self
        return Period(self.kind, self.first, night, so_far=True)

    def _cut(self, whole: Period) -> Period:
        """``whole`` cut to as many days as this period (when it is in progress)."""
        if not self.so_far:
            return whole
        last = min(whole.last, whole.first + timedelta(days=self.days - 1))
        return Period(whole.kind, whole.first, last, so_far=True)

    @property
    def whole(self) -> Period:
        return Period.around(self.kind, self.first) if self.so_far else self

    def previous(self) -> Period:
        """The period just before, of the same kind (custom: the same number of days); as many
        days of it as this one has when this one is in progress."""
        return self._cut(self.whole._previous_whole())

    def _previous_whole(self) -> Period:
        if self.kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF_YEAR):
            months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF_YEAR: 6}
            first = add_months(self.first, -months[self.kind])  # type: ignore[index]
            return Period(self.kind, first, self.first - timedelta(days=1))
        if self.kind == PeriodKind.YEAR:
            return Period(self.kind, shift_year(self.first, -1), shift_year(self.last, -1))
        return Period(
            self.kind, self.first - timedelta(days=self.days), self.first - timedelta(days=1)
        )

    def last_year(self) -> Period:
        """The same period a year earlier (as many days of it when this one is in progress)."""
        return self._cut(self.whole._last_year_whole())

    def _last_year_whole(self) -> Period:
        if self.kind == PeriodKind.WEEK:  # the same ISO week a year earlier
            return Period(
                self.kind, self.first - timedelta(weeks=52), self.last - timedelta(weeks=52)
            )
        if self.kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF_YEAR):
            return Period(
                self.kind, shift_year(self.first, -1), month_end(shift_year(self.last, -1))
            )
        return Period(self.kind, shift_year(self.first, -1), shift_year(self.last, -1))

    @property
    def by_month(self) -> bool:
        """Long periods are charted by month, short ones by night."""
        return self.days > 62

    @property
    def label(self) -> str:
        if self.so_far:
            from django.utils.translation import gettext

            return gettext("%(period)s up to %(day)s") % {
                "period": self.whole.label,
                "day": format_date(self.last, "j F"),
            }
        if self.kind == PeriodKind.MONTH:
            return format_date(self.first, "F Y")
        if self.kind == PeriodKind.YEAR:
            return str(self.first.year)
        if self.first == self.last:
            return format_date(self.first, "DATE_FORMAT")
        first = format_date(self.first, "DATE_FORMAT")
        return f"{first} – {format_date(self.last, 'DATE_FORMAT')}"

    def months(self) -> list[date]:
        result, month = [], month_start(self.first)
        while month <= self.last:
            result.append(month)
            month = add_months(month, 1)
        return result

    def nights(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range(self.days)]


def parse_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


class PeriodError(ValueError):
    pass


def period_from(
    kind: str | None, anchor: str | None, first: str | None, last: str | None, *, today: date
) -> Period:
    """The period asked for by a page or an API call; PeriodError with a French message when the
    dates make no sense (nothing is computed then)."""
    from django.utils.translation import gettext

    start, end = parse_date(first), parse_date(last)
    if (first and start is None) or (last and end is None):
        raise PeriodError(gettext("Dates are written as YYYY-MM-DD."))
    if start or end or kind == PeriodKind.CUSTOM:
        start = start or end or today
        end = end or start
        if end < start:
            raise PeriodError(gettext("The end of the period comes before its start."))
        if (end - start).days + 1 > MAX_DAYS:
            raise PeriodError(gettext("A period covers at most three years."))
        return _recognised(Period(PeriodKind.CUSTOM, start, end))
    kind = kind if kind in PeriodKind.values else PeriodKind.MONTH
    return Period.around(kind, parse_date(anchor) or today)


def _recognised(period: Period) -> Period:
    """A custom range that is exactly a month, quarter, half-year or year is that period (so
    its previous period is the previous month, not the same number of days before)."""
    for kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF_YEAR, PeriodKind.YEAR):
        candidate = Period.around(kind, period.first)
        if (candidate.first, candidate.last) == (period.first, period.last):
            return candidate
    return period
