"""An agreement's parties, costs and rules as pure structures; its schedule and payments."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.db.models import QuerySet, Sum

from voisinage.funding import allocation as alloc
from voisinage.funding.contracts import revision_factor
from voisinage.funding.models import (
    Agreement,
    AgreementAmendment,
    AgreementConstraint,
    AgreementCost,
    AgreementParty,
    AllocationRule,
    ConstraintKind,
    Payment,
    PaymentKind,
)


@dataclass(frozen=True)
class RuleNode:
    """A rule for display: the model row, its depth and its pure counterpart."""

    rule: AllocationRule
    depth: int
    spec: alloc.Rule
    sharing_siblings: int  # how many siblings share what is left (equal shares, remainder)
    top_level: bool


@dataclass(frozen=True)
class CapStep:
    starts_on: date
    cap_cents: int
    amendment: AgreementAmendment


@dataclass(frozen=True)
class RevisedCap:
    """A capped line's cap as signed, then as each revision of the caps left it."""

    label: str
    original_cents: int
    steps: list[CapStep]


@dataclass
class Content:
    parties: list[AgreementParty]
    costs: list[AgreementCost]
    rules: list[AllocationRule]
    constraints: list[AgreementConstraint]
    tree: tuple[alloc.Rule, ...]
    nodes: list[RuleNode]
    cost_periods: list[alloc.CostPeriod]
    constraint_specs: list[alloc.Constraint]
    amendments: list[AgreementAmendment] = field(default_factory=list)
    party_by_id: dict[int, AgreementParty] = field(default_factory=dict)
    rule_by_id: dict[int, AllocationRule] = field(default_factory=dict)

    @property
    def presence(self) -> dict[int, alloc.Presence]:
        """The parties that join or leave during the agreement, and when."""
        return {
            p.pk: alloc.Presence(p.joins_on, p.leaves_on)
            for p in self.parties
            if p.joins_on or p.leaves_on
        }

    def _cap_steps(self) -> list[tuple[AgreementAmendment, Fraction]]:
        """Each amendment revising the caps, with the product of the revisions so far."""
        steps = []
        factor = Fraction(1)
        for amendment in self.amendments:
            if amendment.revises_caps:
                factor *= revision_factor(
                    percent=amendment.cap_percent,
                    index_base=amendment.cap_index_base,
                    index_new=amendment.cap_index_new,
                )
                steps.append((amendment, factor))
        return steps

    @property
    def cap_revisions(self) -> list[alloc.CapRevision]:
        """Each amendment revising the caps, with the product of the revisions so far."""
        return [alloc.CapRevision(a.effective_on, factor) for a, factor in self._cap_steps()]

    @property
    def revised_caps(self) -> list[RevisedCap]:
        """Each capped line — a rule's cap, a check's cap — with its cap as each amendment
        revising the caps left it from its date (the same figures as the checks read); empty
        when no amendment revises the caps."""
        steps = self._cap_steps()
        if not steps:
            return []
        capped = [(r.label, r.cap_cents) for r in self.rules if r.cap_cents is not None]
        capped += [
            (c.rule.label, c.cap_cents)
            for c in self.constraints
            if c.kind == ConstraintKind.CAP and c.cap_cents is not None
        ]
        return [
            RevisedCap(
                label=label,
                original_cents=cap,
                steps=[
                    CapStep(a.effective_on, alloc.revised_cap(cap, factor) or 0, a)
                    for a, factor in steps
                ],
            )
            for label, cap in capped
        ]


def agreement_content(agreement: Agreement) -> Content:
    """Parties, costs, rules, checks and amendments in five queries."""
    parties = list(agreement.parties.select_related("organisation", "payee"))
    costs = list(agreement.costs.order_by("starts_on"))
    rules = list(agreement.rules.select_related("party__organisation").order_by("position", "pk"))
    constraints = list(agreement.constraints.select_related("rule").order_by("pk"))
    amendments = list(agreement.amendments.order_by("number"))
    children: dict[int | None, list[AllocationRule]] = defaultdict(list)
    for rule in rules:
        children[rule.parent_id].append(rule)
    specs: dict[int, alloc.Rule] = {}

    def build(parent_id: int | None) -> tuple[alloc.Rule, ...]:
        built = []
        for rule in children.get(parent_id, []):
            specs[rule.pk] = alloc.Rule(
                id=rule.pk,
                kind=rule.kind,
                label=rule.label,
                party_id=rule.party_id,
                percent=rule.percent,
                cap_cents=rule.cap_cents,
                fixed_cents=rule.fixed_cents,
                children=build(rule.pk),
            )
            built.append(specs[rule.pk])
        return tuple(built)

    tree = build(None)
    nodes: list[RuleNode] = []

    def flatten(parent_id: int | None, depth: int) -> None:
        siblings = children.get(parent_id, [])
        sharing = sum(1 for r in siblings if r.kind in alloc.SHARING_KINDS)
        for rule in siblings:
            nodes.append(RuleNode(rule, depth, specs[rule.pk], sharing, parent_id is None))
            flatten(rule.pk, depth + 1)

    flatten(None, 0)
    return Content(
        parties=parties,
        costs=costs,
        rules=rules,
        constraints=constraints,
        tree=tree,
        nodes=nodes,
        cost_periods=[alloc.CostPeriod(c.starts_on, c.annual_cost_cents) for c in costs],
        constraint_specs=[
            alloc.Constraint(
                id=c.pk,
                kind=c.kind,
                rule_id=c.rule_id,
                cap_cents=c.cap_cents,
                expected_percent=c.expected_percent,
                tolerance_points=c.tolerance_points,
                clause=c.clause,
            )
            for c in constraints
        ],
        amendments=amendments,
        party_by_id={p.pk: p for p in parties},
        rule_by_id={r.pk: r for r in rules},
    )


def agreement_schedule(agreement: Agreement, content: Content) -> list[alloc.YearSchedule]:
    return alloc.compute_schedule(
        starts_on=agreement.starts_on,
        ends_on=agreement.ends_on,
        costs=content.cost_periods,
        rules=content.tree,
        rounding=agreement.rounding,
        presence=content.presence,
        cap_revisions=content.cap_revisions,
    )


@dataclass(frozen=True)
class YearHeader:
    year: int
    months: Fraction
    is_full: bool
    months_label: str  # "7", "5", "17/31"…


@dataclass(frozen=True)
class ScheduleRow:
    rule_id: int | None
    label: str
    party: AgreementParty | None
    cells: list[int | None]
    total_cents: int
    capped_years: list[int]
    year_cells: list[tuple[int, int | None]]


@dataclass(frozen=True)
class ResidualCell:
    """A year's rounding residual (to the euro) and the line that carries it."""

    year: int
    cents: int
    label: str


@dataclass(frozen=True)
class ScheduleTable:
    years: list[YearHeader]
    rows: list[ScheduleRow]
    totals: list[int]
    grand_total_cents: int
    # Rounding to the euro: the residual of each year, shown as its own line (never lost);
    # empty when every year's lines add up without one (always so to the cent).
    residuals: list[ResidualCell] = field(default_factory=list)


def months_label(months: Fraction) -> str:
    return str(months.numerator) if months.denominator == 1 else f"{float(months):.2f}"


def schedule_table(schedule: list[alloc.YearSchedule], content: Content) -> ScheduleTable:
    """Lines × years, in the tree's order, with the unallocated line last if any year has one."""
    order: list[int | None] = [
        n.rule.pk for n in content.nodes if n.spec.is_line and n.spec.party_id
    ]
    if any(line.is_unallocated for y in schedule for line in y.allocation.lines):
        order.append(None)
    rows = []
    for rule_id in order:
        cells: list[int | None] = []
        capped = []
        for year in schedule:
            line = next((ln for ln in year.allocation.lines if ln.rule_id == rule_id), None)
            cells.append(line.amount_cents if line else None)
            if line and line.capped:
                capped.append(year.year)
        rule = content.rule_by_id.get(rule_id) if rule_id is not None else None
        rows.append(
            ScheduleRow(
                rule_id=rule_id,
                label=rule.label if rule else "",
                party=content.party_by_id.get(rule.party_id) if rule and rule.party_id else None,
                cells=cells,
                total_cents=sum(c or 0 for c in cells),
                capped_years=capped,
                year_cells=list(zip((y.year for y in schedule), cells, strict=True)),
            )
        )
    totals = [y.total_cents for y in schedule]
    residuals = [
        ResidualCell(
            y.year,
            y.allocation.residual_cents,
            next(
                (
                    ln.label
                    for ln in y.allocation.lines
                    if ln.rule_id == y.allocation.residual_rule_id
                ),
                "",
            ),
        )
        for y in schedule
    ]
    return ScheduleTable(
        years=[YearHeader(y.year, y.months, y.is_full, months_label(y.months)) for y in schedule],
        rows=rows,
        totals=totals,
        grand_total_cents=sum(totals),
        residuals=residuals if any(r.cents for r in residuals) else [],
    )


class LineStatus:
    PLANNED = "planned"
    REQUESTED = "requested"
    PARTLY_PAID = "partly_paid"
    PAID = "paid"


@dataclass(frozen=True)
class PaymentLine:
    year: int
    rule_id: int
    label: str
    party: AgreementParty
    due_cents: int
    requested_cents: int
    paid_cents: int
    status: str

    @property
    def outstanding_cents(self) -> int:
        return self.due_cents - self.paid_cents


@dataclass(frozen=True)
class PaymentYear:
    year: int
    lines: list[PaymentLine]
    due_cents: int
    requested_cents: int
    paid_cents: int
    events: list[Payment] = field(default_factory=list)  # requests and payments, by date


def line_status(due: int, requested: int, paid: int) -> str:
    if paid > 0 and paid >= due:
        return LineStatus.PAID
    if paid > 0:
        return LineStatus.PARTLY_PAID
    if requested > 0:
        return LineStatus.REQUESTED
    return LineStatus.PLANNED


def payment_sums(agreement: Agreement) -> dict[tuple[int, int, str], int]:
    """(year, party id, kind) → total, summed in the database (one query)."""
    rows = (
        Payment.objects.filter(agreement=agreement)
        .values("year", "party_id", "kind")
        .annotate(total=Sum("amount_cents"))
        .order_by()
    )
    return {(r["year"], r["party_id"], r["kind"]): r["total"] or 0 for r in rows}


def payment_years(
    agreement: Agreement, schedule: list[alloc.YearSchedule], content: Content
) -> list[PaymentYear]:
    """Planned (the schedule) against requested and paid, per year and line."""
    sums = payment_sums(agreement)
    years = []
    for year in schedule:
        lines = []
        for line in year.allocation.lines:
            if line.rule_id is None or line.party_id is None:
                continue
            requested = sums.get((year.year, line.party_id, PaymentKind.REQUESTED), 0)
            paid = sums.get((year.year, line.party_id, PaymentKind.PAID), 0)
            lines.append(
                PaymentLine(
                    year=year.year,
                    rule_id=line.rule_id,
                    label=line.label,
                    party=content.party_by_id[line.party_id],
                    due_cents=line.amount_cents,
                    requested_cents=requested,
                    paid_cents=paid,
                    status=line_status(line.amount_cents, requested, paid),
                )
            )
        years.append(
            PaymentYear(
                year=year.year,
                lines=lines,
                due_cents=sum(ln.due_cents for ln in lines),
                requested_cents=sum(ln.requested_cents for ln in lines),
                paid_cents=sum(ln.paid_cents for ln in lines),
            )
        )
    return years


def agreement_payments(agreement: Agreement) -> QuerySet[Payment]:
    """The payment history (the caller went through access_agreement)."""
    return (
        Payment.objects.filter(agreement=agreement)
        .select_related("party__organisation", "recorded_by")
        .order_by("-on", "-pk")
    )
