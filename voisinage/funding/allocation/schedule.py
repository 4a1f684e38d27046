"""Yearly schedules: each calendar year's total, allocated."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from voisinage.funding.allocation.tree import (
    FULL_YEAR,
    Allocation,
    Rounding,
    Rule,
    allocate,
    rounding_unit,
)
from voisinage.lib.money import months_covered, pro_rata, round_to_unit, years_covered


@dataclass(frozen=True)
class CostPeriod:
    """An annual target cost applying from ``starts_on`` until the next period starts."""

    starts_on: date
    annual_cents: int


@dataclass(frozen=True)
class YearSchedule:
    year: int
    starts_on: date
    ends_on: date
    months: Fraction
    allocation: Allocation

    @property
    def total_cents(self) -> int:
        return self.allocation.total_cents

    @property
    def is_full(self) -> bool:
        return self.months == FULL_YEAR


def period_total(costs: Sequence[CostPeriod], start: date, end: date) -> Fraction:
    """The exact cost of ``start``–``end``: each cost period counted for its own months.
    Days before the first cost period cost nothing."""
    ordered = sorted(costs, key=lambda c: c.starts_on)
    total = Fraction(0)
    for index, cost in enumerate(ordered):
        following = ordered[index + 1].starts_on if index + 1 < len(ordered) else None
        seg_start = max(start, cost.starts_on)
        seg_end = (
            end if following is None else min(end, date.fromordinal(following.toordinal() - 1))
        )
        total += pro_rata(cost.annual_cents, months_covered(seg_start, seg_end))
    return total


def compute_schedule(
    *,
    starts_on: date,
    ends_on: date,
    costs: Sequence[CostPeriod],
    rules: Sequence[Rule],
    rounding: str = Rounding.EURO,
) -> list[YearSchedule]:
    """One allocation per calendar year of the agreement, months pro rata; the year's total is
    rounded to the agreement's unit (the cent, or the euro)."""
    unit = rounding_unit(rounding)
    schedule = []
    for year, start, end in years_covered(starts_on, ends_on):
        months = months_covered(start, end)
        total = round_to_unit(period_total(costs, start, end), unit)
        schedule.append(
            YearSchedule(year, start, end, months, allocate(rules, total, months, rounding))
        )
    return schedule
