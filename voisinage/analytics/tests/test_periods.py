from datetime import date

import pytest

from voisinage.analytics.periods import Period, PeriodError, PeriodKind, period_from

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("kind", "first", "last", "previous", "last_year"),
    [
        (
            "night",
            "2026-11-22",
            "2026-11-22",
            ("2026-11-21", "2026-11-21"),
            ("2025-11-22", "2025-11-22"),
        ),
        (
            "week",
            "2026-11-16",
            "2026-11-22",
            ("2026-11-09", "2026-11-15"),
            ("2025-11-17", "2025-11-23"),
        ),
        (
            "month",
            "2026-11-01",
            "2026-11-30",
            ("2026-10-01", "2026-10-31"),
            ("2025-11-01", "2025-11-30"),
        ),
        (
            "quarter",
            "2026-10-01",
            "2026-12-31",
            ("2026-07-01", "2026-09-30"),
            ("2025-10-01", "2025-12-31"),
        ),
        (
            "half_year",
            "2026-07-01",
            "2026-12-31",
            ("2026-01-01", "2026-06-30"),
            ("2025-07-01", "2025-12-31"),
        ),
        (
            "year",
            "2026-01-01",
            "2026-12-31",
            ("2025-01-01", "2025-12-31"),
            ("2025-01-01", "2025-12-31"),
        ),
    ],
)
def test_periods_and_their_comparisons(kind, first, last, previous, last_year):
    period = Period.around(kind, TODAY)
    assert (period.first.isoformat(), period.last.isoformat()) == (first, last)
    p = period.previous()
    assert (p.first.isoformat(), p.last.isoformat()) == previous
    y = period.last_year()
    assert (y.first.isoformat(), y.last.isoformat()) == last_year


def test_february_of_a_leap_year_compares_with_the_whole_february():
    period = Period.around(PeriodKind.MONTH, date(2028, 2, 10))
    assert period.last == date(2028, 2, 29)
    assert period.last_year().last == date(2027, 2, 28)
    assert Period.around(PeriodKind.MONTH, date(2028, 3, 31)).previous().last == date(2028, 2, 29)


def test_a_custom_period_compares_with_as_many_days_before():
    period = period_from(None, None, "2026-03-10", "2026-03-19", today=TODAY)
    assert period.kind == PeriodKind.CUSTOM
    assert (period.previous().first, period.previous().last) == (
        date(2026, 2, 28),
        date(2026, 3, 9),
    )


@pytest.mark.parametrize(
    ("first", "last"),
    [("2026-03-10", "2026-03-01"), ("10/03/2026", ""), ("2020-01-01", "2026-01-01")],
)
def test_nonsense_periods_are_refused(first, last):
    with pytest.raises(PeriodError):
        period_from(None, None, first, last, today=TODAY)


def test_an_unknown_kind_falls_back_to_the_month():
    assert period_from("fortnight", None, None, None, today=TODAY).kind == PeriodKind.MONTH


def test_a_range_that_is_a_whole_month_or_year_is_compared_as_such():
    march = period_from(None, None, "2026-03-01", "2026-03-31", today=TODAY)
    assert march.kind == PeriodKind.MONTH
    assert march.previous().first == date(2026, 2, 1)
    half = period_from(None, None, "2026-01-01", "2026-06-30", today=TODAY)
    assert half.kind == PeriodKind.HALF_YEAR
    assert period_from(None, None, "2026-01-01", "2026-12-31", today=TODAY).kind == PeriodKind.YEAR


@pytest.mark.parametrize(
    ("kind", "night", "cut", "previous", "last_year"),
    [
        (
            "month",
            "2026-12-06",
            ("2026-12-01", "2026-12-06"),
            ("2026-11-01", "2026-11-06"),
            ("2025-12-01", "2025-12-06"),
        ),
        (
            "week",
            "2026-12-02",
            ("2026-11-30", "2026-12-02"),
            ("2026-11-23", "2026-11-25"),
            ("2025-12-01", "2025-12-03"),
        ),
        (
            "year",
            "2026-03-31",
            ("2026-01-01", "2026-03-31"),
            ("2025-01-01", "2025-03-31"),
            ("2025-01-01", "2025-03-31"),
        ),
        # A shorter previous month is not overrun: 1–30 March is compared with all February.
        (
            "month",
            "2026-03-30",
            ("2026-03-01", "2026-03-30"),
            ("2026-02-01", "2026-02-28"),
            ("2025-03-01", "2025-03-30"),
        ),
    ],
)
def test_a_period_in_progress_is_compared_with_as_many_days(kind, night, cut, previous, last_year):
    period = Period.around(kind, date.fromisoformat(night)).until(date.fromisoformat(night))
    assert (period.first.isoformat(), period.last.isoformat()) == cut
    assert period.so_far
    p, y = period.previous(), period.last_year()
    assert (p.first.isoformat(), p.last.isoformat()) == previous
    assert (y.first.isoformat(), y.last.isoformat()) == last_year


def test_a_past_period_a_night_and_a_custom_range_are_not_cut():
    past = Period.around("month", date(2026, 11, 1))
    assert past.until(date(2026, 12, 6)) == past
    assert past.until(date(2026, 11, 30)) == past  # its last night has come
    custom = Period("custom", date(2026, 12, 1), date(2026, 12, 31))
    assert custom.until(date(2026, 12, 6)) == custom
