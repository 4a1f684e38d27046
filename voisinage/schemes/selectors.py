"""Reads of schemes for a user. One object: access_scheme(); lists: Scheme.objects.visible_to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from voisinage.lib.service_hours import HoursRule, ServiceHours
from voisinage.lib.staffing import StaffingRule as StaffingSpec
from voisinage.lib.staffing import parse_date_ranges, parse_iso_weeks
from voisinage.schemes.models import (
    Activity,
    OperatorContract,
    Scheme,
    SchemeMember,
    ServiceHoursRule,
    StaffingRule,
    weekdays_set,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet


def scheme_activities(scheme: Scheme, *, include_retired: bool = False) -> QuerySet[Activity]:
    qs = Activity.objects.filter(scheme=scheme)
    return qs if include_retired else qs.in_use()


def scheme_service_hours(scheme: Scheme) -> ServiceHours:
    """The scheme's hours as the pure structure that lib.service_hours works on."""
    rules = tuple(
        HoursRule(
            start_month_day=(r.start_month, r.start_day),
            end_month_day=(r.end_month, r.end_day),
            weekdays=weekdays_set(r.weekdays),
            start=r.starts_at,
            end=r.ends_at,
        )
        for r in ServiceHoursRule.objects.filter(scheme=scheme).order_by("position", "pk")
    )
    return ServiceHours(
        rules=rules,
        time_zone=scheme.time_zone,
        include_holidays=scheme.holidays_included,
        day_boundary=scheme.day_boundary,
    )


def scheme_staffing(scheme: Scheme) -> tuple[StaffingSpec, ...]:
    return tuple(
        StaffingSpec(
            position=r.position,
            headcount=r.headcount,
            weekdays=weekdays_set(r.weekdays),
            priority=r.priority,
            date_ranges=parse_date_ranges(r.date_ranges),
            iso_weeks=parse_iso_weeks(r.iso_weeks),
            label=r.label,
        )
        for r in StaffingRule.objects.filter(scheme=scheme).order_by("-priority", "pk")
    )


@dataclass(frozen=True)
class SchemeSheet:
    members: list[SchemeMember]
    contracts: list[OperatorContract]
    hours_rules: list[ServiceHoursRule]
    staffing_rules: list[StaffingRule]
    activities: list[Activity]


def scheme_sheet(scheme: Scheme) -> SchemeSheet:
    """Everything the scheme sheet shows (the caller went through access_scheme)."""
    return SchemeSheet(
        members=list(
            scheme.members.select_related("organisation").order_by("role", "organisation__name")
        ),
        contracts=list(scheme.contracts.select_related("operator")),
        hours_rules=list(ServiceHoursRule.objects.filter(scheme=scheme)),
        staffing_rules=list(StaffingRule.objects.filter(scheme=scheme)),
        activities=list(scheme_activities(scheme, include_retired=True)),
    )
