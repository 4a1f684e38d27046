"""The operator contract behind an agreement: timeline, notice deadline, purchase orders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Sum

from voisinage.funding.contracts import (
    AmendmentSpec,
    ContractPeriod,
    Terms,
    contract_terms,
    contract_timeline,
    next_notice,
    order_ceiling,
)
from voisinage.funding.models import (
    Agreement,
    ContractAmendment,
    PurchaseOrder,
)

if TYPE_CHECKING:
    from voisinage.schemes.models import OperatorContract


def agreement_timeline(agreement: Agreement) -> list[ContractPeriod]:
    contract = agreement.contract
    if contract is None:
        return []
    return contract_timeline(
        starts_on=contract.starts_on,
        initial_term_months=contract.initial_term_months,
        renewals=contract.renewals,
        renewal_term_months=contract.renewal_term_months,
        notice_months=agreement.notice_months,
    )


@dataclass(frozen=True)
class NoticeStatus:
    period: ContractPeriod
    days_left: int
    warn: bool  # within the reminder window


def agreement_next_notice(agreement: Agreement, today: date) -> NoticeStatus | None:
    period = next_notice(agreement_timeline(agreement), today)
    if period is None or period.notice_deadline is None:
        return None
    days_left = (period.notice_deadline - today).days
    return NoticeStatus(period, days_left, days_left <= agreement.reminder_days)


@dataclass(frozen=True)
class OrderBook:
    contract: OperatorContract
    orders: list[PurchaseOrder]
    ordered_cents: int
    ceiling_cents: int
    remaining_cents: int
    as_of: date


def contract_orders(agreement: Agreement, today: date) -> OrderBook | None:
    """The orders on the agreement's contract and what remains available today."""
    contract = agreement.contract
    if contract is None:
        return None
    orders = list(
        PurchaseOrder.objects.filter(contract=contract)
        .select_related("created_by")
        .order_by("ordered_on", "pk")
    )
    ordered = sum(o.amount_cents for o in orders)
    ceiling = order_limit(contract, today, contract_terms_of(contract))
    return OrderBook(contract, orders, ordered, ceiling, ceiling - ordered, today)


def contract_ordered_cents(contract: OperatorContract) -> int:
    total = PurchaseOrder.objects.filter(contract=contract).aggregate(t=Sum("amount_cents"))["t"]
    return int(total or 0)


def contract_periods(contract: OperatorContract, notice_months: int = 0) -> list[ContractPeriod]:
    return contract_timeline(
        starts_on=contract.starts_on,
        initial_term_months=contract.initial_term_months,
        renewals=contract.renewals,
        renewal_term_months=contract.renewal_term_months,
        notice_months=notice_months,
    )


def contract_amendments(contract: OperatorContract) -> list[ContractAmendment]:
    return list(
        ContractAmendment.objects.filter(contract=contract)
        .select_related("created_by")
        .order_by("number")
    )


def contract_terms_of(
    contract: OperatorContract, amendments: list[ContractAmendment] | None = None
) -> list[Terms]:
    """The original terms, then each amendment's (the caller went through an agreement's
    access check, or is a service)."""
    if amendments is None:
        amendments = contract_amendments(contract)
    return contract_terms(
        starts_on=contract.starts_on,
        ends_on=contract_periods(contract)[-1].ends_on,
        annual_cents=contract.annual_amount_cents,
        amendments=[
            AmendmentSpec(
                number=a.number,
                effective_on=a.effective_on,
                annual_cents=a.annual_amount_cents,
                ends_on=a.ends_on,
                sites=tuple(line for line in a.sites.splitlines() if line),
            )
            for a in amendments
        ],
    )


def order_limit(contract: OperatorContract, on: date, terms: list[Terms]) -> int:
    """What may have been ordered in total by ``on``: a framework contract's ceiling, or the
    annual amount × the periods begun."""
    if contract.ceiling_cents is not None:
        return contract.ceiling_cents
    return order_ceiling(contract_periods(contract), terms[0].annual_cents, on)
