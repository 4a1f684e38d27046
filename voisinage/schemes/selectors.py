"""Reads of schemes for a user. One object: access_scheme(); lists: Scheme.objects.visible_to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import TYPE_CHECKING

from django.db.models import Exists, F, OuterRef

from voisinage.accounts.models import OperatorSite
from voisinage.lib.service_hours import HoursRule, ServiceHours
from voisinage.lib.staffing import StaffingRule as StaffingSpec
from voisinage.lib.staffing import parse_date_ranges, parse_iso_weeks
from voisinage.schemes.models import (
    Activity,
    MemberRole,
    OperatorContract,
    Scheme,
    SchemeMember,
    ServiceHoursRule,
    SettingChange,
    StaffingRule,
    weekdays_set,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

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


#: The earliest start of a daytime service: a shift from 06:00 on, ending the same day.
DAYTIME_STARTS = time(6, 0)


def scheme_works_in_daytime(scheme: Scheme) -> bool:
    """Whether the scheme's service is a day's work rather than a night's: it has service
    hours and every rule starts at 06:00 or later and ends before midnight the same day. Pages
    and menus then say « Journée », « Jour », « par journée » where a night scheme says « Nuit »,
    « nuit », « par soirée ». A scheme without hours yet keeps the night wording."""
    known = getattr(scheme, "works_in_daytime", None)
    if known is not None:  # annotated by with_daytime()
        return bool(known)
    rules = list(ServiceHoursRule.objects.filter(scheme=scheme).values_list("starts_at", "ends_at"))
    return bool(rules) and all(DAYTIME_STARTS <= start < end for start, end in rules)


def with_daytime(schemes: QuerySet[Scheme]) -> QuerySet[Scheme]:
    """``schemes`` annotated with ``works_in_daytime`` (the rule of ``scheme_works_in_daytime``)
    in the same query, for the navigation of every page."""
    rules = ServiceHoursRule.objects.filter(scheme=OuterRef("pk"))
    night = rules.exclude(starts_at__gte=DAYTIME_STARTS, ends_at__gt=F("starts_at"))
    return schemes.annotate(works_in_daytime=Exists(rules) & ~Exists(night))


def scheme_serves_at(scheme: Scheme, at: time) -> ServiceHoursRule | None:
    """A rule of the scheme whose shift covers the local time ``at`` on some day (a shift
    across midnight covers the small hours), or None."""
    minute = at.hour * 60 + at.minute
    for rule in ServiceHoursRule.objects.filter(scheme=scheme).order_by("position", "pk"):
        start = rule.starts_at.hour * 60 + rule.starts_at.minute
        end = rule.ends_at.hour * 60 + rule.ends_at.minute
        # The start itself is allowed: a cut-off at 17:00 for a service from 17:00.
        inside = start < minute < end if start < end else minute > start or minute < end
        if inside:
            return rule
    return None


def scheme_changes(scheme: Scheme, *, section: str | None = None) -> QuerySet[SettingChange]:
    """The scheme's change log, newest first (the caller went through access_scheme)."""
    qs = SettingChange.objects.filter(scheme=scheme).select_related("author")
    return qs.filter(section=section) if section else qs


def operators_and_sites(scheme: Scheme) -> list[tuple[SchemeMember, list[OperatorSite]]]:
    """The scheme's operators (in force) with the sites each holds or held, for the settings
    area (read once ``access_scheme`` has returned the scheme): two queries."""
    operators = list(
        scheme.members.in_force()
        .filter(role=MemberRole.OPERATOR)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    sites: dict[int, list[OperatorSite]] = {m.organisation_id: [] for m in operators}
    for site in OperatorSite.objects.filter(scheme=scheme).select_related("neighbourhood"):
        sites.setdefault(site.operator_id, []).append(site)
    return [(m, sites[m.organisation_id]) for m in operators]


def sites_patrol_target(scheme: Scheme, neighbourhood_ids: Iterable[int], day: date) -> int | None:
    """The weekly patrol target of a perimeter made of operators' sites: the sum of the targets
    of the sites held on ``day`` (ADR 0048). None unless every one of these neighbourhoods is a
    site held that day with a target (a partial sum would not match what is patrolled there):
    one query."""
    ids = set(neighbourhood_ids)
    if not ids:
        return None
    held = (
        OperatorSite.objects.held_on(day)
        .filter(scheme=scheme, neighbourhood_id__in=ids, weekly_patrol_target__isnull=False)
        .values_list("neighbourhood_id", "weekly_patrol_target")
    )
    targets: dict[int, int] = {hood: target or 0 for hood, target in held}
    if set(targets) != ids:
        return None
    return sum(targets.values()) or None
