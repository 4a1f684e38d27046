"""Money and pro rata temporis, exactly: integer cents, ``Fraction`` in between, never float.

- Amounts are integer **cents**. Intermediate results (a percentage of a cost, seven twelfths of
  a year) are exact :class:`~fractions.Fraction` values; only the final figure is rounded.
- Rounding is **half away from zero** to a unit (100 cents = the euro): 0.5 € goes up, which is
  how French public bodies round their subsidies ("arrondi à l'euro le plus proche").
- Months pro rata: a calendar month counts as 1 when it is fully covered, otherwise as the
  covered days over the days of that month (15–31 May = 17/31 of a month). 1 Jun–31 Dec is
  exactly 7 months, so 7/12 of the annual amount.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from fractions import Fraction

__all__ = [
    "EURO",
    "add_months",
    "apportion",
    "cents_from_euros",
    "floor_to_unit",
    "format_decimal",
    "format_index",
    "format_percent",
    "months_covered",
    "parse_euros",
    "pro_rata",
    "round_to_unit",
    "years_covered",
]

EURO = 100  # cents

type Rational = int | Fraction


def round_to_unit(value: Rational, unit: int = EURO) -> int:
    """``value`` (cents, exact) rounded half away from zero to a multiple of ``unit`` cents."""
    if unit <= 0:
        raise ValueError("The rounding unit must be positive")
    units = Fraction(value) / unit
    magnitude = abs(units)
    whole = int(magnitude)  # floor of a non-negative number
    if magnitude - whole >= Fraction(1, 2):
        whole += 1
    return (whole if units >= 0 else -whole) * unit


def floor_to_unit(value: Rational, unit: int = EURO) -> int:
    """The largest multiple of ``unit`` cents not above ``value`` (caps are never rounded up)."""
    if unit <= 0:
        raise ValueError("The rounding unit must be positive")
    units = Fraction(value) / unit
    return (units.numerator // units.denominator) * unit


def apportion(parts: Sequence[Rational], unit: int = 1) -> list[int]:
    """Exact ``parts`` (cents) whose sum is a whole number of ``unit`` → integer parts in
    multiples of ``unit`` that add up to exactly that sum: the largest-remainder method.

    Each part is first rounded down to the unit; the units left over go one each to the parts
    with the largest remainders (ties: the earlier part). No part moves by a unit or more, so
    equal exact parts differ by one unit at most, and a part that is already whole (a cap
    reached exactly) never takes a unit."""
    if unit <= 0:
        raise ValueError("The rounding unit must be positive")
    exact = [Fraction(part) / unit for part in parts]
    total = sum(exact, Fraction(0))
    if total.denominator != 1:
        raise ValueError("The parts must add up to a whole number of units")
    floors = [part.numerator // part.denominator for part in exact]
    left = int(total) - sum(floors)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for index in order[:left]:
        floors[index] += 1
    return [value * unit for value in floors]


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_covered(start: date, end: date) -> Fraction:
    """Months from ``start`` to ``end`` inclusive: whole calendar months count 1, a partial month
    counts its covered days over its length. An empty range (end before start) is 0."""
    if end < start:
        return Fraction(0)
    total = Fraction(0)
    cursor = date(start.year, start.month, 1)
    while cursor <= end:
        length = calendar.monthrange(cursor.year, cursor.month)[1]
        month_end = cursor + timedelta(days=length - 1)
        first, last = max(cursor, start), min(month_end, end)
        total += Fraction((last - first).days + 1, length)
        cursor = month_end + timedelta(days=1)
    return total


def pro_rata(annual_cents: Rational, months: Rational) -> Fraction:
    """The exact part of an annual amount for ``months`` months (not rounded)."""
    return Fraction(annual_cents) * Fraction(months) / 12


def years_covered(start: date, end: date) -> list[tuple[int, date, date]]:
    """Calendar years overlapping ``start``–``end`` with the covered part of each."""
    return [
        (year, max(start, date(year, 1, 1)), min(end, date(year, 12, 31)))
        for year in range(start.year, end.year + 1)
    ]


_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_euros(text: str) -> int:
    """French or plain input in euros → cents: "368 400", "368400,50", "1 234.5 €".

    Raises ``ValueError`` for anything else, or more than two decimals."""
    cleaned = _SPACES.sub("", text or "").removesuffix("€").replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d{1,2})?", cleaned):
        raise ValueError(f"not an amount in euros: {text!r}")
    return cents_from_euros(Decimal(cleaned))


def cents_from_euros(euros: Decimal) -> int:
    """Decimal euros → integer cents; refuses fractions of a cent."""
    try:
        cents = euros * 100
    except InvalidOperation as exc:  # pragma: no cover - Decimal * int does not raise
        raise ValueError(str(exc)) from exc
    if cents != cents.to_integral_value():
        raise ValueError(f"fraction of a cent: {euros}")
    return int(cents)


def format_decimal(value: Decimal | Fraction | int, places: int) -> str:
    """A figure as a person writes it in French: rounded to ``places`` decimals, significant
    decimals only, decimal comma — 102.5000 → "102,5", 51 → "51"."""
    rounded = round(Fraction(value), places)
    text = f"{Decimal(rounded.numerator) / Decimal(rounded.denominator):.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def format_percent(value: Decimal | Fraction | int, places: int = 2) -> str:
    """51 → "51", 28.19 → "28,19", 33.3333 → "33,33" (French decimal comma, no trailing 0)."""
    return format_decimal(value, places)


def format_index(value: Decimal | Fraction | int) -> str:
    """A price index (four decimals stored) as it is written: 102.5000 → "102,5",
    131.2700 → "131,27", 100 → "100"."""
    return format_decimal(value, 4)
