"""The operator contract behind an agreement: timeline, notice deadline, purchase orders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Sum

from voisinage.funding.contracts import (
    ContractPeriod,
    contract_timeline,
    next_notice,
    order_ceiling,
)
from voisinage.funding.models import (
    Agreement,
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
    ceiling = order_ceiling(agreement_timeline(agreement), contract.annual_amount_cents, today)
    return OrderBook(contract, orders, ordered, ceiling, ceiling - ordered, today)


def contract_ordered_cents(contract: OperatorContract) -> int:
    total = PurchaseOrder.objects.filter(contract=contract).aggregate(t=Sum("amount_cents"))["t"]
    return int(total or 0)
