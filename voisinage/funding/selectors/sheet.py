"""What the agreement page and the what-if page show, computed in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from voisinage.funding import allocation as alloc
from voisinage.funding.models import (
    Agreement,
    AgreementCost,
    Payment,
)
from voisinage.funding.selectors.content import (
    Content,
    PaymentYear,
    RuleNode,
    ScheduleTable,
    agreement_content,
    agreement_payments,
    agreement_schedule,
    payment_years,
    schedule_table,
)
from voisinage.funding.selectors.contract import NoticeStatus, agreement_next_notice
from voisinage.funding.wording import Finding, findings


@dataclass(frozen=True)
class CostCheck:
    """An annual rate — from a cost period's start, or a revision of the caps — allocated for
    a full year and checked against the caps then in force."""

    starts_on: date
    cost: AgreementCost  # the cost period in force then
    assessment: alloc.Assessment
    findings: list[Finding]
    caps_revised: bool = False  # the rate starts with a revision of the caps


@dataclass(frozen=True)
class AgreementSheet:
    agreement: Agreement
    content: Content
    schedule: list[alloc.YearSchedule]
    table: ScheduleTable
    cost_checks: list[CostCheck]
    current_cost: AgreementCost | None
    schedule_findings: list[tuple[int, Finding]]  # (year, finding) for issues in the schedule
    payments: list[PaymentYear]
    planned_cents: int
    requested_cents: int
    paid_cents: int
    notice: NoticeStatus | None
    today: date

    @property
    def breaches(self) -> list[Finding]:
        return [f for check in self.cost_checks for f in check.findings]


def current_cost(costs: list[AgreementCost], today: date) -> AgreementCost | None:
    started = [c for c in costs if c.starts_on <= today]
    return started[-1] if started else (costs[0] if costs else None)


def agreement_sheet(agreement: Agreement, today: date) -> AgreementSheet:
    """Everything the agreement page shows, in a fixed number of queries (seven)."""
    content = agreement_content(agreement)
    schedule = agreement_schedule(agreement, content)
    revision_days = {r.starts_on for r in content.cap_revisions}
    checks = [
        CostCheck(
            assessment.starts_on or agreement.starts_on,
            current_cost(content.costs, assessment.starts_on or agreement.starts_on)
            or content.costs[0],
            assessment,
            findings(assessment, content),
            caps_revised=assessment.starts_on in revision_days,
        )
        for assessment in alloc.assess_costs(
            content.cost_periods,
            content.tree,
            content.constraint_specs,
            agreement.rounding,
            content.cap_revisions,
        )
    ]
    years = payment_years(agreement, schedule, content)
    events: dict[int, list[Payment]] = defaultdict(list)
    for payment in agreement_payments(agreement).order_by("on", "pk"):
        events[payment.year].append(payment)
    for year in years:
        year.events.extend(events.get(year.year, []))
    schedule_findings = [
        (year.year, finding) for year in schedule for finding in findings(year.allocation, content)
    ]
    return AgreementSheet(
        agreement=agreement,
        content=content,
        schedule=schedule,
        table=schedule_table(schedule, content),
        cost_checks=checks,
        current_cost=current_cost(content.costs, today),
        schedule_findings=schedule_findings,
        payments=years,
        planned_cents=sum(y.due_cents for y in years),
        requested_cents=sum(y.requested_cents for y in years),
        paid_cents=sum(y.paid_cents for y in years),
        notice=agreement_next_notice(agreement, today),
        today=today,
    )


@dataclass(frozen=True)
class WhatIfRow:
    node: RuleNode
    current_cents: int
    simulated_cents: int
    capped: bool

    @property
    def change_cents(self) -> int:
        return self.simulated_cents - self.current_cents


@dataclass(frozen=True)
class WhatIf:
    current_annual_cents: int
    simulated: alloc.Assessment
    rows: list[WhatIfRow]
    findings: list[Finding]
    unallocated_cents: int


def agreement_what_if(agreement: Agreement, annual_cents: int, today: date) -> WhatIf:
    """The full-year allocation and the checks at ``annual_cents``, next to today's cost.
    Nothing is saved."""
    content = agreement_content(agreement)
    current = current_cost(content.costs, today)
    current_annual = current.annual_cost_cents if current else 0
    rounding = agreement.rounding
    now = alloc.assess(current_annual, content.tree, content.constraint_specs, rounding=rounding)
    simulated = alloc.assess(
        annual_cents, content.tree, content.constraint_specs, rounding=rounding
    )
    rows = [
        WhatIfRow(
            node,
            now.allocation.node_cents.get(node.rule.pk, 0),
            simulated.allocation.node_cents.get(node.rule.pk, 0),
            node.rule.pk in simulated.allocation.bound,
        )
        for node in content.nodes
    ]
    return WhatIf(
        current_annual,
        simulated,
        rows,
        findings(simulated, content),
        simulated.allocation.unallocated_cents,
    )
