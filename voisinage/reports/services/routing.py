"""Routing: the first matching rule of the scheme's ordered table gives the recipient and the
deadline; otherwise the default recipient; otherwise the supervisor routes by hand. Every
decision is written to the report's history with the rule that made it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from voisinage.reports.deadlines import due_date
from voisinage.reports.models import (
    EventKind,
    PlaceKind,
    Report,
    ReportCategory,
    ReportEvent,
    ReportStatus,
    RoutingRule,
)
from voisinage.reports.services.config import report_settings_for
from voisinage.territory.models import Organisation


def rule_matches(
    rule: RoutingRule,
    *,
    category: ReportCategory,
    at_entrance: bool,
    landlord_id: int | None,
    neighbourhood_id: int | None,
) -> bool:
    if rule.category_id is not None and rule.category_id != category.pk:
        return False
    if rule.category_group and rule.category_group != category.group:
        return False
    if rule.place == PlaceKind.HOUSING and not at_entrance:
        return False
    if rule.place == PlaceKind.PUBLIC_SPACE and at_entrance:
        return False
    if rule.landlord_id is not None and rule.landlord_id != landlord_id:
        return False
    return rule.neighbourhood_id is None or rule.neighbourhood_id == neighbourhood_id


def first_matching_rule(
    rules: Sequence[RoutingRule],
    *,
    category: ReportCategory,
    at_entrance: bool,
    landlord_id: int | None,
    neighbourhood_id: int | None,
) -> RoutingRule | None:
    """The first rule, in table order, that matches the report's category and place."""
    for rule in sorted(rules, key=lambda r: (r.position, r.pk)):
        if rule_matches(
            rule,
            category=category,
            at_entrance=at_entrance,
            landlord_id=landlord_id,
            neighbourhood_id=neighbourhood_id,
        ):
            return rule
    return None


def rule_description(rule: RoutingRule) -> str:
    """A readable summary of a rule, kept in the history even if the rule changes later."""
    parts = [f"#{rule.position}"]
    if rule.label:
        parts.append(rule.label)
    what = []
    if rule.category_id is not None:
        what.append(str(rule.category))
    elif rule.category_group:
        what.append(str(rule.get_category_group_display()))
    if rule.place != PlaceKind.ANY:
        what.append(str(rule.get_place_display()))
    if rule.landlord_id is not None:
        what.append(str(rule.landlord))
    if rule.neighbourhood_id is not None:
        what.append(str(rule.neighbourhood))
    parts.append(" · ".join(what) or _("everything"))
    return " ".join(parts)[:200]


@dataclass(frozen=True)
class Decision:
    recipient: Organisation | None
    rule: RoutingRule | None
    due_on: date | None
    label: str


def routing_decision(report: Report, *, start: date) -> Decision:
    """What the table decides for ``report`` (read only)."""
    rules = list(
        RoutingRule.objects.filter(scheme_id=report.scheme_id).select_related(
            "category", "recipient", "landlord", "neighbourhood"
        )
    )
    rule = first_matching_rule(
        rules,
        category=report.category,
        at_entrance=report.entrance_id is not None,
        landlord_id=report.landlord_id,
        neighbourhood_id=report.neighbourhood_id,
    )
    if rule is not None:
        due = due_date(start, rule.deadline_days, working_days=rule.working_days)
        return Decision(rule.recipient, rule, due, rule_description(rule))
    config = report_settings_for(report.scheme)
    if config.default_recipient_id is not None:
        due = due_date(start, config.default_deadline_days, working_days=False)
        return Decision(config.default_recipient, None, due, _("default recipient"))
    return Decision(None, None, None, _("no rule matches: to route by hand"))


def local_date(moment: datetime, time_zone: str) -> date:
    return moment.astimezone(ZoneInfo(time_zone)).date()


def apply_routing(report: Report, *, now: datetime) -> ReportEvent:
    """Route a new report (caller holds the transaction) and log the decision."""
    decision = routing_decision(report, start=local_date(now, report.scheme.time_zone))
    report.recipient = decision.recipient
    report.routing_rule = decision.rule
    report.due_on = decision.due_on
    report.status = ReportStatus.SENT if decision.recipient else ReportStatus.TO_ROUTE
    report.save(update_fields=["recipient", "routing_rule", "due_on", "status"])
    return ReportEvent.objects.create(
        report=report,
        at=now,
        kind=EventKind.ROUTED,
        rule=decision.rule,
        rule_label=decision.label,
        recipient=decision.recipient,
        data={"due_on": decision.due_on.isoformat() if decision.due_on else None},
    )
