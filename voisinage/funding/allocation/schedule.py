"""Yearly schedules: each calendar year's total, allocated."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from fractions import Fraction

from voisinage.funding.allocation.tree import (
    FULL_YEAR,
    Allocation,
    Line,
    Rounding,
    Rule,
    allocate,
    rounding_unit,
    walk,
)
from voisinage.lib.money import months_covered, pro_rata, round_to_unit, years_covered


@dataclass(frozen=True)
class CostPeriod:
    """An annual target cost applying from ``starts_on`` until the next period starts."""

    starts_on: date
    annual_cents: int


@dataclass(frozen=True)
class CapRevision:
    """From ``starts_on``, every cap (rules' and checks') is the original cap times
    ``factor`` — the product of the revisions so far (to the cent)."""

    starts_on: date
    factor: Fraction


def cap_factor_on(revisions: Sequence[CapRevision], day: date) -> Fraction:
    """The factor of the caps in force on ``day`` (1 before any revision)."""
    started = [r for r in revisions if r.starts_on <= day]
    return max(started, key=lambda r: r.starts_on).factor if started else Fraction(1)


def revised_cap(cap_cents: int | None, factor: Fraction) -> int | None:
    return None if cap_cents is None else round_to_unit(cap_cents * factor, 1)


def revise_caps(rules: Sequence[Rule], factor: Fraction) -> tuple[Rule, ...]:
    """The tree with every rule's cap revised by ``factor`` (the same tree when 1)."""
    if factor == 1:
        return tuple(rules)
    return tuple(
        replace(
            rule,
            cap_cents=revised_cap(rule.cap_cents, factor),
            children=revise_caps(rule.children, factor),
        )
        for rule in rules
    )


@dataclass(frozen=True)
class Presence:
    """When a party takes part: from ``joins_on`` (None: from the start) until the day before
    ``leaves_on`` (None: to the end)."""

    joins_on: date | None = None
    leaves_on: date | None = None

    def covers(self, day: date) -> bool:
        return (self.joins_on is None or self.joins_on <= day) and (
            self.leaves_on is None or day < self.leaves_on
        )


@dataclass(frozen=True)
class Segment:
    """A stretch of a year during which the same parties take part, allocated on its own."""

    starts_on: date
    ends_on: date
    allocation: Allocation


@dataclass(frozen=True)
class YearSchedule:
    year: int
    starts_on: date
    ends_on: date
    months: Fraction
    allocation: Allocation
    # One per stretch with the same parties (a single one when nobody joins or leaves).
    segments: tuple[Segment, ...] = ()

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


def present_rules(rules: Sequence[Rule], parties: frozenset[int] | None) -> tuple[Rule, ...]:
    """The tree without the lines of the parties absent (``parties`` None: everyone). A group
    left without members keeps its part, which is then reported as unallocated."""
    if parties is None:
        return tuple(rules)
    kept = []
    for rule in rules:
        if rule.party_id is not None and rule.party_id not in parties:
            continue
        kept.append(replace(rule, children=present_rules(rule.children, parties)))
    return tuple(kept)


def merge_allocations(parts: Sequence[Allocation], months: Fraction) -> Allocation:
    """One allocation for a year made of segments: amounts, caps and issues added up."""
    if len(parts) == 1:
        return parts[0]
    lines: dict[int | None, Line] = {}
    for part in parts:
        for line in part.lines:
            seen = lines.get(line.rule_id)
            lines[line.rule_id] = (
                line
                if seen is None
                else replace(
                    seen,
                    exact=seen.exact + line.exact,
                    amount_cents=seen.amount_cents + line.amount_cents,
                    capped=seen.capped or line.capped,
                    residual_cents=seen.residual_cents + line.residual_cents,
                )
            )
    ordered = [line for key, line in lines.items() if key is not None]
    if None in lines:
        ordered.append(lines[None])
    nodes: dict[int, int] = {}
    caps: dict[int, int] = {}
    for part in parts:
        for key, value in part.node_cents.items():
            nodes[key] = nodes.get(key, 0) + value
        for key, value in part.caps.items():
            caps[key] = caps.get(key, 0) + value
    residual_ids = [p.residual_rule_id for p in parts if p.residual_rule_id is not None]
    return Allocation(
        total_cents=sum(p.total_cents for p in parts),
        months=months,
        lines=tuple(ordered),
        node_cents=nodes,
        caps=caps,
        bound=frozenset().union(*(p.bound for p in parts)),
        issues=tuple(issue for p in parts for issue in p.issues),
        residual_cents=sum(p.residual_cents for p in parts),
        residual_rule_id=residual_ids[-1] if residual_ids else None,
    )


def year_segments(
    start: date,
    end: date,
    presence: Mapping[int, Presence],
    cap_revisions: Sequence[CapRevision] = (),
) -> list[tuple[date, date]]:
    """``start``–``end`` cut on each day a party joins or leaves, or the caps are revised."""
    days = [day for p in presence.values() for day in (p.joins_on, p.leaves_on)]
    days.extend(r.starts_on for r in cap_revisions)
    cuts = sorted({day for day in days if day is not None and start < day <= end})
    bounds = [start, *cuts]
    return [
        (bounds[i], (bounds[i + 1] - timedelta(days=1)) if i + 1 < len(bounds) else end)
        for i in range(len(bounds))
    ]


def compute_schedule(
    *,
    starts_on: date,
    ends_on: date,
    costs: Sequence[CostPeriod],
    rules: Sequence[Rule],
    rounding: str = Rounding.EURO,
    presence: Mapping[int, Presence] | None = None,
    cap_revisions: Sequence[CapRevision] = (),
) -> list[YearSchedule]:
    """One allocation per calendar year of the agreement, months pro rata; the year's total is
    rounded to the agreement's unit (the cent, or the euro).

    A party that joins or leaves during a year cuts it into segments, each allocated among the
    parties present (the key says who carries an absent party's part, or it is unallocated).
    A segment's total is the cost up to its end rounded, minus the cost up to its start
    rounded: the year still adds up to its rounded total, and a later cut never changes the
    segments before it — ending a party from a date leaves every share before it as it was.
    A revision of the caps cuts the year the same way: each segment reads the caps in force."""
    unit = rounding_unit(rounding)
    presence = presence or {}
    schedule = []
    for year, start, end in years_covered(starts_on, ends_on):
        segments = []
        before = 0
        for seg_start, seg_end in year_segments(start, end, presence, cap_revisions):
            upto = round_to_unit(period_total(costs, start, seg_end), unit)
            parties = (
                frozenset(pid for pid, p in presence.items() if not p.covers(seg_start))
                if presence
                else frozenset()
            )
            tree = present_rules(rules, _present(rules, parties)) if parties else tuple(rules)
            tree = revise_caps(tree, cap_factor_on(cap_revisions, seg_start))
            months = months_covered(seg_start, seg_end)
            segments.append(
                Segment(seg_start, seg_end, allocate(tree, upto - before, months, rounding))
            )
            before = upto
        months = months_covered(start, end)
        allocation = merge_allocations([seg.allocation for seg in segments], months)
        schedule.append(YearSchedule(year, start, end, months, allocation, tuple(segments)))
    return schedule


def _present(rules: Sequence[Rule], absent: frozenset[int]) -> frozenset[int]:
    return frozenset(
        rule.party_id
        for rule in walk(rules)
        if rule.party_id is not None and rule.party_id not in absent
    )
