"""Staffing requirements per service night.

A :class:`StaffingRule` asks for ``headcount`` people in a ``position`` on some weekdays of the
evening date, optionally only within month-day ranges (inclusive, may wrap the new year) or ISO
weeks — a date qualifies if it falls in *any* range *or* its ISO week is listed. For each
position, the applicable rule with the highest ``priority`` wins; ties go to the first rule.

ISO week numbers belong to the ISO year: early January days may be in week 52 or 53 of the
previous ISO year, and some years have a week 53.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from voisinage.lib.service_hours import (
    MonthDay,
    month_day_in_range,
    validate_month_day,
    validate_weekdays,
)

__all__ = [
    "StaffingNeed",
    "StaffingRule",
    "required_staff",
    "shortfall",
]


@dataclass(frozen=True)
class StaffingRule:
    """How many people a position needs on the matching evenings."""

    position: str
    headcount: int
    weekdays: frozenset[int]
    priority: int = 0
    date_ranges: tuple[tuple[MonthDay, MonthDay], ...] = ()
    iso_weeks: frozenset[int] = frozenset()
    label: str = ""

    def __post_init__(self) -> None:
        if not self.position.strip():
            raise ValueError("A staffing rule needs a position")
        if self.headcount < 0:
            raise ValueError(f"Headcount must be zero or more, got {self.headcount}")
        validate_weekdays(self.weekdays)
        for start, end in self.date_ranges:
            validate_month_day(start)
            validate_month_day(end)
        wrong = sorted(week for week in self.iso_weeks if not 1 <= week <= 53)
        if wrong:
            raise ValueError(f"ISO weeks must be 1 … 53, got {wrong}")

    def applies_to(self, evening: date) -> bool:
        if evening.weekday() not in self.weekdays:
            return False
        if not self.date_ranges and not self.iso_weeks:
            return True
        if any(month_day_in_range(evening, start, end) for start, end in self.date_ranges):
            return True
        return evening.isocalendar().week in self.iso_weeks


@dataclass(frozen=True)
class StaffingNeed:
    """The headcount required for a position on one night, and the rule that set it."""

    position: str
    headcount: int
    rule_label: str


def required_staff(rules: Sequence[StaffingRule], evening: date) -> dict[str, StaffingNeed]:
    """Headcount per position for the night of ``evening``; positions without a rule are absent.

    Positions appear in the order of the first rule that applies to them.
    """
    winners: dict[str, StaffingRule] = {}
    for rule in rules:
        if not rule.applies_to(evening):
            continue
        current = winners.get(rule.position)
        if current is None or rule.priority > current.priority:
            winners[rule.position] = rule
    return {
        position: StaffingNeed(position=position, headcount=rule.headcount, rule_label=rule.label)
        for position, rule in winners.items()
    }


def shortfall(required: Mapping[str, StaffingNeed], on_duty: Mapping[str, int]) -> dict[str, int]:
    """Missing people per position (only positions where some are missing)."""
    missing = {
        position: need.headcount - on_duty.get(position, 0) for position, need in required.items()
    }
    return {position: count for position, count in missing.items() if count > 0}


def parse_date_ranges(text: str) -> tuple[tuple[MonthDay, MonthDay], ...]:
    """ "25/07-31/07, 01/08-14/08" → (((7, 25), (7, 31)), ((8, 1), (8, 14)))."""
    ranges = []
    for chunk in filter(None, (c.strip() for c in text.split(","))):
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})\s*-\s*(\d{1,2})/(\d{1,2})", chunk)
        if not match:
            raise ValueError(f"bad date range {chunk!r}")
        d1, m1, d2, m2 = (int(g) for g in match.groups())
        for month, day in ((m1, d1), (m2, d2)):
            datetime(2024, month, day)  # raises ValueError on 31/02 and the like
        ranges.append(((m1, d1), (m2, d2)))
    return tuple(ranges)


def parse_iso_weeks(text: str) -> frozenset[int]:
    weeks = set()
    for chunk in filter(None, (c.strip() for c in text.split(","))):
        week = int(chunk)
        if not 1 <= week <= 53:
            raise ValueError(f"bad ISO week {week}")
        weeks.add(week)
    return frozenset(weeks)
