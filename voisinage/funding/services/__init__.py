"""Every write on funding goes through here (keyword-only, typed, one transaction).

Callers have already checked access (``access_agreement(..., write=True)``); these functions
check the business rules and refuse bad input with a ValidationError, changing nothing.
"""

from voisinage.funding.services.agreements import (
    MAX_RULE_DEPTH,
    agreement_create,
    agreement_update,
    constraint_add,
    constraint_remove,
    cost_period_add,
    cost_period_remove,
    party_add,
    party_end,
    party_remove,
    rule_add,
    rule_remove,
)
from voisinage.funding.services.contracts import agreement_amendment_add, contract_amendment_add
from voisinage.funding.services.payments import payment_record, purchase_order_create
from voisinage.funding.services.reminders import (
    notice_reminder_recipients,
    notice_reminder_send,
    notice_reminders_schedule,
)

__all__ = [
    "MAX_RULE_DEPTH",
    "agreement_amendment_add",
    "agreement_create",
    "agreement_update",
    "constraint_add",
    "constraint_remove",
    "contract_amendment_add",
    "cost_period_add",
    "cost_period_remove",
    "notice_reminder_recipients",
    "notice_reminder_send",
    "notice_reminders_schedule",
    "party_add",
    "party_end",
    "party_remove",
    "payment_record",
    "purchase_order_create",
    "rule_add",
    "rule_remove",
]
