"""The allocation tree and how it splits one amount (see the package's docstring)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from voisinage.lib.money import EURO, apportion, floor_to_unit, pro_rata, round_to_unit

FULL_YEAR = Fraction(12)


class Kind(StrEnum):
    PERCENT = "percent"
    CAPPED_PERCENT = "capped_percent"
    FIXED = "fixed"
    EQUAL_SHARE = "equal_share"
    REMAINDER = "remainder"


SHARING_KINDS = frozenset({Kind.EQUAL_SHARE, Kind.REMAINDER})


class Rounding(StrEnum):
    """How an agreement rounds its figures (a field of the agreement: data, not code)."""

    # Every amount to the cent; at each node of the tree the parts are apportioned by the
    # largest remainders, so they add up exactly to the node's amount.
    CENT = "cent"
    # The year's total and every line to the euro, half away from zero; the residual (a few
    # euros) is carried by one line and shown (council figures such as Besançon's).
    EURO = "euro"


def rounding_unit(rounding: str) -> int:
    return 1 if Rounding(rounding) == Rounding.CENT else EURO


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


def allocate(
    rules: Sequence[Rule],
    total_cents: int,
    months: Fraction = FULL_YEAR,
    rounding: str = Rounding.EURO,
) -> Allocation:
    """Split ``total_cents`` (already rounded as the caller wishes) among the tree's lines for a
    period of ``months`` months (fixed amounts and caps are annual, taken pro rata).

    ``Rounding.CENT``: at each node, the children's exact parts are apportioned to the cent by
    the largest remainders, then split again: the lines add up to the total with no residual.
    ``Rounding.EURO``: each line is rounded to the euro and the residual goes to one line."""
    months = Fraction(months)
    by_cent = Rounding(rounding) == Rounding.CENT
    unit = 1 if by_cent else EURO
    rounded: dict[int, int] = {}  # by the cent: each node's apportioned amount
    unallocated_whole = 0  # by the cent: the apportioned unallocated amount
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
        nonlocal unallocated, unallocated_whole
        if not children:
            if amount != 0:
                unallocated += amount
                if by_cent:
                    unallocated_whole += int(amount)
                issues.append(Issue(IssueCode.NO_MEMBERS, group_id, round_to_unit(amount, unit)))
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
                    cap = floor_to_unit(pro_rata(child.cap_cents, months), unit)
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
            issues.append(Issue(IssueCode.UNALLOCATED, group_id, round_to_unit(rest, unit)))
        if by_cent:
            # The node's amount is whole cents: its parts (and what no rule takes) are too.
            wholes = apportion([parts[c.id] for c in children] + [rest if not sharers else 0])
            for child, whole in zip(children, wholes, strict=False):
                rounded[child.id] = whole
            unallocated_whole += wholes[-1]
        for child in children:
            exact[child.id] = parts[child.id]
            share = Fraction(rounded[child.id]) if by_cent else parts[child.id]
            child_in_remainder = in_remainder or Kind(child.kind) == Kind.REMAINDER
            child_capped = capped or child.id in bound
            if child.children:
                split(child.children, share, child.id, child_in_remainder, child_capped)
            elif child.party_id is None:
                # A group whose members are still to be added: nobody pays its part yet.
                split((), share, child.id, child_in_remainder, child_capped)
            else:
                lines_in_order.append((child, child_in_remainder, child_capped))

    split(rules, Fraction(total_cents), None, False, False)

    if by_cent:
        amounts = {rule.id: rounded[rule.id] for rule, _r, _c in lines_in_order}
        unallocated_cents = unallocated_whole
    else:
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
