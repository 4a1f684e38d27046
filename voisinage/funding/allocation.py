"""Who pays what, computed exactly: allocation trees, yearly schedules, checks.

Pure functions over frozen dataclasses (no database, no Django), so that tests — including
property-based ones — can run them by the thousand. docs/funding.md explains the rules in prose.

**Allocation.** A tree of rules splits an amount. The children of a node share the node's
amount; each child takes, in this order:

- ``fixed``: a fixed annual amount, pro rata temporis (10 000 € a year → 5 000 € for 6 months);
- ``percent``: a percentage of the node's amount;
- ``capped_percent``: the same, but at most the cap (an annual amount, pro rata temporis and
  rounded *down* to the euro); the part above the cap stays with the node and goes to the
  remainder;
- ``equal_share`` and ``remainder``: what is left after the siblings above, split equally among
  them (a group split equally among its members is a node whose children are all
  ``equal_share``; "the remainder" is the same computation, named for what it means).

A child with children is a group and splits its own amount again; a child without children is
a *line* (one party pays it). What no rule takes (percentages below 100 % without a remainder,
a cap binding without a remainder, a group without members) goes to an **unallocated** line,
reported as an issue: the lines always add up to the total, to the cent.

**Rounding.** Every line is computed exactly (``Fraction``), then rounded to the euro, half away
from zero. The residual (year total minus the rounded lines, a few euros at most) goes to one
line: the line taking "the remainder" (or, when the remainder is a group, its largest member),
otherwise the largest line — skipping any line whose cap the residual would break. Besançon
2024: 3 × 35 100 € for the partners, and the landlords' 51 % absorbs the euro left over.

**Schedule.** For each calendar year of an agreement, the year's total is the annual cost times
the months covered over 12 (months pro rata, see :mod:`voisinage.lib.money`; a cost change in
the year counts each cost for its own months), rounded to the euro; the tree allocates it.

**Checks.** Constraints (a cap on a line or group, a required share ± a tolerance) are checked on
an allocation — the agreement page checks them on the *annual rate* of each cost period (the
clauses speak of amounts "per year"), and the what-if form on a cost not saved. Rule caps that
rounding would break, negative lines and unallocated amounts are reported with them: a cap is
either respected or reported, never silently exceeded.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from voisinage.lib.money import (
    EURO,
    floor_to_unit,
    months_covered,
    pro_rata,
    round_to_unit,
    years_covered,
)

FULL_YEAR = Fraction(12)


class Kind(StrEnum):
    PERCENT = "percent"
    CAPPED_PERCENT = "capped_percent"
    FIXED = "fixed"
    EQUAL_SHARE = "equal_share"
    REMAINDER = "remainder"


SHARING_KINDS = frozenset({Kind.EQUAL_SHARE, Kind.REMAINDER})


class IssueCode(StrEnum):
    UNALLOCATED = "unallocated"  # part of the amount no rule takes (positive or negative)
    NEGATIVE = "negative"  # a line below zero (fixed amounts or percentages above the cost)
    RULE_CAP = "rule_cap"  # a rule's cap exceeded after rounding
    NO_MEMBERS = "no_members"  # a group (or a line) with nobody to pay it


@dataclass(frozen=True)
class Rule:
    id: int
    kind: str
    label: str = ""
    party_id: int | None = None
    percent: Decimal | None = None
    cap_cents: int | None = None
    fixed_cents: int | None = None
    children: tuple[Rule, ...] = ()

    def __post_init__(self) -> None:
        kind = Kind(self.kind)  # ValueError for an unknown kind
        if kind in (Kind.PERCENT, Kind.CAPPED_PERCENT) and self.percent is None:
            raise ValueError(f"rule {self.id}: a percentage rule needs its percentage")
        if kind == Kind.CAPPED_PERCENT and self.cap_cents is None:
            raise ValueError(f"rule {self.id}: a capped percentage needs its cap")
        if kind == Kind.FIXED and self.fixed_cents is None:
            raise ValueError(f"rule {self.id}: a fixed rule needs its amount")

    def walk(self) -> Iterator[Rule]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def is_line(self) -> bool:
        return not self.children


def walk(rules: Sequence[Rule]) -> Iterator[Rule]:
    for rule in rules:
        yield from rule.walk()


@dataclass(frozen=True)
class Line:
    """What one line (a rule without children) pays; ``rule_id`` None is the unallocated part."""

    rule_id: int | None
    party_id: int | None
    label: str
    exact: Fraction
    amount_cents: int
    capped: bool = False  # its own cap, or a group's above it, bound
    residual_cents: int = 0  # rounding residual this line absorbed (included in the amount)

    @property
    def is_unallocated(self) -> bool:
        return self.rule_id is None


@dataclass(frozen=True)
class Issue:
    code: IssueCode
    rule_id: int | None
    amount_cents: int  # the unallocated amount, the negative line, or the excess over the cap


@dataclass(frozen=True)
class Allocation:
    total_cents: int
    months: Fraction
    lines: tuple[Line, ...]
    node_cents: dict[int, int]  # rule id → sum of its lines (a line's own amount for a line)
    caps: dict[int, int]  # rule id → cap for this period (cents), for rules with a cap
    bound: frozenset[int]  # rules whose cap bound
    issues: tuple[Issue, ...]
    residual_cents: int
    residual_rule_id: int | None

    def line_for(self, rule_id: int) -> Line | None:
        return next((line for line in self.lines if line.rule_id == rule_id), None)

    @property
    def unallocated_cents(self) -> int:
        return sum(line.amount_cents for line in self.lines if line.is_unallocated)


def allocate(rules: Sequence[Rule], total_cents: int, months: Fraction = FULL_YEAR) -> Allocation:
    """Split ``total_cents`` (already rounded as the caller wishes) among the tree's lines for a
    period of ``months`` months (fixed amounts and caps are annual, taken pro rata)."""
    months = Fraction(months)
    exact: dict[int, Fraction] = {}
    caps: dict[int, int] = {}
    bound: set[int] = set()
    issues: list[Issue] = []
    unallocated = Fraction(0)
    lines_in_order: list[tuple[Rule, bool, bool]] = []  # (rule, under a remainder, capped)

    def split(
        children: Sequence[Rule],
        amount: Fraction,
        group_id: int | None,
        in_remainder: bool,
        capped: bool,
    ) -> None:
        nonlocal unallocated
        if not children:
            if amount != 0:
                unallocated += amount
                issues.append(Issue(IssueCode.NO_MEMBERS, group_id, round_to_unit(amount)))
            return
        parts: dict[int, Fraction] = {}
        taken = Fraction(0)
        for child in children:
            kind = Kind(child.kind)
            if kind == Kind.FIXED:
                value = pro_rata(child.fixed_cents or 0, months)
            elif kind in (Kind.PERCENT, Kind.CAPPED_PERCENT):
                value = amount * Fraction(child.percent or 0) / 100
                if child.cap_cents is not None:
                    cap = floor_to_unit(pro_rata(child.cap_cents, months))
                    caps[child.id] = cap
                    if value > cap:
                        value = Fraction(cap)
                        bound.add(child.id)
            else:
                continue
            parts[child.id] = value
            taken += value
        sharers = [c for c in children if Kind(c.kind) in SHARING_KINDS]
        rest = amount - taken
        if sharers:
            for child in sharers:
                parts[child.id] = rest / len(sharers)
        elif rest != 0:
            unallocated += rest
            issues.append(Issue(IssueCode.UNALLOCATED, group_id, round_to_unit(rest)))
        for child in children:
            exact[child.id] = parts[child.id]
            child_in_remainder = in_remainder or Kind(child.kind) == Kind.REMAINDER
            child_capped = capped or child.id in bound
            if child.children:
                split(child.children, parts[child.id], child.id, child_in_remainder, child_capped)
            elif child.party_id is None:
                # A group whose members are still to be added: nobody pays its part yet.
                split((), parts[child.id], child.id, child_in_remainder, child_capped)
            else:
                lines_in_order.append((child, child_in_remainder, child_capped))

    split(rules, Fraction(total_cents), None, False, False)

    amounts = {rule.id: round_to_unit(exact[rule.id]) for rule, _r, _c in lines_in_order}
    unallocated_cents = round_to_unit(unallocated)
    residual = total_cents - sum(amounts.values()) - unallocated_cents

    parents = _parents(rules)

    def capped_ancestors(rule_id: int) -> list[int]:
        chain: list[int] = []
        current: int | None = rule_id
        while current is not None:
            if current in caps:
                chain.append(current)
            current = parents.get(current)
        return chain

    def node_sum(rule: Rule) -> int:
        return sum(amounts.get(r.id, 0) for r in rule.walk() if r.is_line)

    by_id = {rule.id: rule for rule in walk(rules)}
    residual_rule_id: int | None = None
    if residual:
        order = sorted(
            range(len(lines_in_order)),
            key=lambda i: (
                not lines_in_order[i][1],
                -exact[lines_in_order[i][0].id],
                i,
            ),
        )

        def fits(rule_id: int) -> bool:
            if residual < 0:
                return True
            return all(node_sum(by_id[c]) + residual <= caps[c] for c in capped_ancestors(rule_id))

        chosen = next((i for i in order if fits(lines_in_order[i][0].id)), None)
        if chosen is None and order:
            chosen = order[0]  # nothing fits: the cap check below reports it
        if chosen is not None:
            residual_rule_id = lines_in_order[chosen][0].id
            amounts[residual_rule_id] += residual
        else:
            unallocated_cents += residual  # no line at all: everything is unallocated

    lines = [
        Line(
            rule_id=rule.id,
            party_id=rule.party_id,
            label=rule.label,
            exact=exact[rule.id],
            amount_cents=amounts[rule.id],
            capped=capped,
            residual_cents=residual if rule.id == residual_rule_id else 0,
        )
        for rule, _in_remainder, capped in lines_in_order
    ]
    if unallocated_cents or unallocated:
        lines.append(
            Line(
                rule_id=None,
                party_id=None,
                label="",
                exact=unallocated,
                amount_cents=unallocated_cents,
                residual_cents=residual if residual_rule_id is None else 0,
            )
        )
    node_cents = {rule.id: node_sum(rule) for rule in walk(rules)}
    for rule_id, cap in caps.items():
        if node_cents[rule_id] > cap:
            issues.append(Issue(IssueCode.RULE_CAP, rule_id, node_cents[rule_id] - cap))
    for line in lines:
        if line.rule_id is not None and line.amount_cents < 0:
            issues.append(Issue(IssueCode.NEGATIVE, line.rule_id, line.amount_cents))
    return Allocation(
        total_cents=total_cents,
        months=months,
        lines=tuple(lines),
        node_cents=node_cents,
        caps=caps,
        bound=frozenset(bound),
        issues=tuple(issues),
        residual_cents=residual,
        residual_rule_id=residual_rule_id,
    )


def _parents(rules: Sequence[Rule]) -> dict[int, int | None]:
    parents: dict[int, int | None] = {}

    def visit(rule: Rule, parent: int | None) -> None:
        parents[rule.id] = parent
        for child in rule.children:
            visit(child, rule.id)

    for rule in rules:
        visit(rule, None)
    return parents


# --- Schedules ------------------------------------------------------------------------------


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
    *, starts_on: date, ends_on: date, costs: Sequence[CostPeriod], rules: Sequence[Rule]
) -> list[YearSchedule]:
    """One allocation per calendar year of the agreement, months pro rata."""
    schedule = []
    for year, start, end in years_covered(starts_on, ends_on):
        months = months_covered(start, end)
        total = round_to_unit(period_total(costs, start, end), EURO)
        schedule.append(YearSchedule(year, start, end, months, allocate(rules, total, months)))
    return schedule


# --- Checks ---------------------------------------------------------------------------------


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
) -> Assessment:
    """Allocate a full year at ``annual_cents`` (rounded to the euro) and check it."""
    allocation = allocate(rules, round_to_unit(annual_cents, EURO), FULL_YEAR)
    return Assessment(
        annual_cents, allocation, tuple(check(allocation, constraints)), starts_on=starts_on
    )


def assess_costs(
    costs: Sequence[CostPeriod], rules: Sequence[Rule], constraints: Sequence[Constraint]
) -> list[Assessment]:
    return [
        assess(cost.annual_cents, rules, constraints, starts_on=cost.starts_on)
        for cost in sorted(costs, key=lambda c: c.starts_on)
    ]
