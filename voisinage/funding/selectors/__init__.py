"""Reads of funding data for a user. One agreement: ``funding.access``; lists: visible_to.

Everything shown about an agreement (schedule, checks, payments, orders) is computed from the
agreement once access_agreement() has returned it, with a fixed number of queries.
"""

from voisinage.funding.selectors.agreements import (
    coordinator_organisations,
    has_visible_agreement,
    may_create_agreement,
    may_write_agreement,
    scheme_agreements,
)
from voisinage.funding.selectors.content import (
    Content,
    LineStatus,
    PaymentLine,
    PaymentYear,
    RuleNode,
    ScheduleRow,
    ScheduleTable,
    YearHeader,
    agreement_content,
    agreement_payments,
    agreement_schedule,
    line_status,
    months_label,
    payment_sums,
    payment_years,
    schedule_table,
)
from voisinage.funding.selectors.contract import (
    NoticeStatus,
    OrderBook,
    agreement_next_notice,
    agreement_timeline,
    contract_ordered_cents,
    contract_orders,
)
from voisinage.funding.selectors.sheet import (
    AgreementSheet,
    CostCheck,
    WhatIf,
    WhatIfRow,
    agreement_sheet,
    agreement_what_if,
    current_cost,
)

__all__ = [
    "AgreementSheet",
    "Content",
    "CostCheck",
    "LineStatus",
    "NoticeStatus",
    "OrderBook",
    "PaymentLine",
    "PaymentYear",
    "RuleNode",
    "ScheduleRow",
    "ScheduleTable",
    "WhatIf",
    "WhatIfRow",
    "YearHeader",
    "access_agreement",
    "agreement_content",
    "agreement_next_notice",
    "agreement_payments",
    "agreement_schedule",
    "agreement_sheet",
    "agreement_timeline",
    "agreement_what_if",
    "contract_ordered_cents",
    "contract_orders",
    "coordinator_organisations",
    "current_cost",
    "has_visible_agreement",
    "line_status",
    "may_create_agreement",
    "may_write_agreement",
    "months_label",
    "payment_sums",
    "payment_years",
    "schedule_table",
    "scheme_agreements",
]
