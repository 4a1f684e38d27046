"""Checks on an allocation: caps and required shares, with their clauses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from voisinage.funding.allocation.schedule import (
    CapRevision,
    CostPeriod,
    cap_factor_on,
    revise_caps,
    revised_cap,
)
from voisinage.funding.allocation.tree import (
    FULL_YEAR,
    Allocation,
    Issue,
    Rounding,
    Rule,
    allocate,
    rounding_unit,
)
from voisinage.lib.money import floor_to_unit, pro_rata, round_to_unit


class ConstraintKind(StrEnum):
    CAP = "cap"
    BALANCE = "balance"


@dataclass(frozen=True)
class Constraint:
    id: int
    kind: str
    rule_id: int
    cap_cents: int | None = None
    expected_percent: Decimal | None = None
    tolerance_points: Decimal = Decimal("0.5")
    clause: str = ""

    def __post_init__(self) -> None:
        kind = ConstraintKind(self.kind)
        if kind == ConstraintKind.CAP and self.cap_cents is None:
            raise ValueError(f"constraint {self.id}: a cap needs its amount")
        if kind == ConstraintKind.BALANCE and self.expected_percent is None:
            raise ValueError(f"constraint {self.id}: a balance needs its percentage")


@dataclass(frozen=True)
class Breach:
    constraint_id: int
    rule_id: int
    kind: str
    amount_cents: int  # what the rule's line or group comes to
    limit_cents: int | None = None  # for a cap (pro rata for the period)
    share: Fraction | None = None  # for a balance, in percent of the total
    clause: str = ""

    @property
    def excess_cents(self) -> int:
        return self.amount_cents - self.limit_cents if self.limit_cents is not None else 0


def check(allocation: Allocation, constraints: Sequence[Constraint]) -> list[Breach]:
    """The constraints this allocation breaks (caps pro rata for its months, to the cent)."""
    breaches = []
    for constraint in constraints:
        amount = allocation.node_cents.get(constraint.rule_id)
        if amount is None:
            continue  # the rule is gone from the tree
        if constraint.kind == ConstraintKind.CAP:
            limit = floor_to_unit(pro_rata(constraint.cap_cents or 0, allocation.months), 1)
            if amount > limit:
                breaches.append(
                    Breach(
                        constraint.id,
                        constraint.rule_id,
                        constraint.kind,
                        amount,
                        limit_cents=limit,
                        clause=constraint.clause,
                    )
                )
        elif allocation.total_cents:
            share = Fraction(amount * 100, allocation.total_cents)
            gap = abs(share - Fraction(constraint.expected_percent or 0))
            if gap > Fraction(constraint.tolerance_points):
                breaches.append(
                    Breach(
                        constraint.id,
                        constraint.rule_id,
                        constraint.kind,
                        amount,
                        share=share,
                        clause=constraint.clause,
                    )
                )
    return breaches


@dataclass(frozen=True)
class Assessment:
    """An annual rate (a cost period, or a what-if cost) allocated for a full year, checked."""

    annual_cents: int
    allocation: Allocation
    breaches: tuple[Breach, ...] = field(default=())
    starts_on: date | None = None

    @property
    def issues(self) -> tuple[Issue, ...]:
        return self.allocation.issues

    @property
    def ok(self) -> bool:
        return not self.breaches and not self.issues


def assess(
    annual_cents: int,
    rules: Sequence[Rule],
    constraints: Sequence[Constraint],
    *,
    starts_on: date | None = None,
    rounding: str = Rounding.EURO,
) -> Assessment:
    """Allocate a full year at ``annual_cents`` (rounded to the agreement's unit) and check
    it."""
    allocation = allocate(
        rules, round_to_unit(annual_cents, rounding_unit(rounding)), FULL_YEAR, rounding
    )
    return Assessment(
        annual_cents, allocation, tuple(check(allocation, constraints)), starts_on=starts_on
    )


def assess_costs(
    costs: Sequence[CostPeriod],
    rules: Sequence[Rule],
    constraints: Sequence[Constraint],
    rounding: str = Rounding.EURO,
    cap_revisions: Sequence[CapRevision] = (),
) -> list[Assessment]:
    """One assessment per annual rate: from each cost period's start and each revision of the
    caps, the cost then in force checked against the caps then in force."""
    ordered = sorted(costs, key=lambda c: c.starts_on)
    days = sorted({c.starts_on for c in ordered} | {r.starts_on for r in cap_revisions})
    assessments = []
    for day in days:
        started = [c for c in ordered if c.starts_on <= day]
        if not started:
            continue
        factor = cap_factor_on(cap_revisions, day)
        assessments.append(
            assess(
                started[-1].annual_cents,
                revise_caps(rules, factor),
                revise_constraints(constraints, factor),
                starts_on=day,
                rounding=rounding,
            )
        )
    return assessments


def revise_constraints(constraints: Sequence[Constraint], factor: Fraction) -> list[Constraint]:
    """The checks with their caps revised by ``factor``."""
    if factor == 1:
        return list(constraints)
    return [replace(c, cap_cents=revised_cap(c.cap_cents, factor)) for c in constraints]
