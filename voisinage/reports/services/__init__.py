"""Every write on reports goes through here."""

from voisinage.reports.services.answers import (
    report_answer,
    report_answer_by_link,
    report_for_link,
)
from voisinage.reports.services.config import (
    report_categories_ensure_defaults,
    report_settings_for,
    routing_rule_add,
    routing_rule_delete,
)
from voisinage.reports.services.mail import (
    ReminderResult,
    answer_notify,
    report_dispatch_send,
    report_reminders_send,
)
from voisinage.reports.services.reports import (
    CreateResult,
    Place,
    occurrence_split,
    report_close,
    report_create,
    report_reroute,
)
from voisinage.reports.services.routing import first_matching_rule, routing_decision

__all__ = [
    "CreateResult",
    "Place",
    "ReminderResult",
    "answer_notify",
    "first_matching_rule",
    "occurrence_split",
    "report_answer",
    "report_answer_by_link",
    "report_categories_ensure_defaults",
    "report_close",
    "report_create",
    "report_dispatch_send",
    "report_for_link",
    "report_reminders_send",
    "report_reroute",
    "report_settings_for",
    "routing_decision",
    "routing_rule_add",
    "routing_rule_delete",
]
