"""The computations of the library's own indicators: database aggregates over a ``Scope``
(never rows loaded into Python, except a handful of funding agreements)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from math import ceil
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractHour, TruncMonth, TruncWeek
from django.utils.translation import gettext as _

from voisinage.core.indicators import share
from voisinage.field.models import (
    Climate,
    CourtesyCampaign,
    CourtesyVisit,
    DutyAssignment,
    Origin,
    Result,
    VisitOutcome,
)
from voisinage.funding.models import Agreement
from voisinage.governance.models import AttendanceStatus, Meeting
from voisinage.lib.dates import format_date

if TYPE_CHECKING:
    from voisinage.analytics.indicators.scope import Scope
    from voisinage.core.indicators import Breakdown, Number


# --- Interventions ------------------------------------------------------------------------------


def interventions(scope: Scope) -> Number:
    return scope.totals["count"]


def people_reached(scope: Scope) -> Number:
    return scope.totals["people"] or 0


def young_people_reached(scope: Scope) -> Number:
    return scope.totals["young"] or 0


def resolved_share(scope: Scope) -> float | None:
    return share(scope.totals["resolved"], scope.totals["with_result"])


def handed_over_share(scope: Scope) -> float | None:
    return share(scope.totals["handed_over"], scope.totals["with_result"])


def climate_score(scope: Scope) -> float | None:
    rated = scope.totals["rated"]
    return round(scope.totals["climate_points"] / rated, 2) if rated else None


def serious_climate_share(scope: Scope) -> float | None:
    return share(scope.totals["serious"], scope.totals["rated"])


RECURRENCE_THRESHOLD = 3


def recurring_entrances(scope: Scope) -> Number:
    return scope.entrance_totals["recurring"]


def entrances_patrolled(scope: Scope) -> Number:
    return scope.entrance_totals["patrolled"]


def patrol_target_rate(scope: Scope) -> float | None:
    """Entrance-weeks patrolled against the weekly target × weeks of the period: the scheme's
    for the whole scheme, the sum of its sites' targets for an operator's sites (ADR 0048); not
    for other perimeters nor under a filter (the target is not split)."""
    target = scope.weekly_patrol_target
    if not target or scope.filters.active:
        return None
    return share(patrolled_entrance_weeks(scope), target * ceil(scope.period.days / 7))


def patrolled_entrance_weeks(scope: Scope, *, rollup: bool = True) -> int:
    """Distinct (ISO week, entrance) pairs with a patrol during the period's nights. The weeks
    wholly inside the period are summed from the weekly roll-up (ADR 0028); the period's
    partial first and last weeks are counted on the interventions (a few nights each)."""

    def counted(first: date, last: date) -> int:
        return (
            scope.interventions()
            .filter(night__range=(first, last), origin=Origin.PATROL, entrance__isnull=False)
            .annotate(week=TruncWeek("night"))
            .values("week", "entrance")
            .distinct()
            .count()
        )

    first, last = scope.period.first, scope.period.last
    monday = first + timedelta(days=(7 - first.weekday()) % 7)  # first whole week's Monday
    sunday = last - timedelta(days=(last.weekday() + 1) % 7)  # last whole week's Sunday
    if not (rollup and scope.uses_rollup) or sunday < monday:
        return counted(first, last)
    from voisinage.analytics.models import PatrolWeekRollup

    scope.rollups()  # brought up to date
    weeks = scope.placed(
        PatrolWeekRollup.objects.visible_to(scope.user).filter(
            scheme=scope.scheme, week__range=(monday, sunday)
        )
    )
    whole = weeks.aggregate(n=Sum("entrances"))["n"] or 0
    before = counted(first, monday - timedelta(days=1)) if monday > first else 0
    after = counted(sunday + timedelta(days=1), last) if sunday < last else 0
    return int(whole + before + after)


def activities_used(scope: Scope, *, rollup: bool = True) -> Number:
    if rollup and scope.whole_months and scope.uses_rollup:  # the monthly roll-up (ADR 0028)
        from voisinage.analytics.models import ActivityMonthRollup

        rows = scope.month_rollups(ActivityMonthRollup)
        return rows.aggregate(n=Count("activity", distinct=True))["n"]
    return scope.interventions().aggregate(n=Count("activities", distinct=True))["n"]


# --- Other field data ---------------------------------------------------------------------------


def courtesy_queryset(scope: Scope):  # type: ignore[no-untyped-def]

    campaigns = CourtesyCampaign.objects.visible_to(scope.user).filter(scheme=scope.scheme)
    qs = CourtesyVisit.objects.filter(
        campaign__in=campaigns,
        visited_at__date__range=(scope.period.first, scope.period.last),
    ).exclude(outcome=VisitOutcome.TO_VISIT)
    if scope.filters.neighbourhood:
        qs = qs.filter(entrance__neighbourhood_id=scope.filters.neighbourhood)
    if scope.filters.landlord:
        qs = qs.filter(campaign__landlord_id=scope.filters.landlord)
    return qs


def courtesy_visits(scope: Scope) -> Number:
    return courtesy_queryset(scope).count()


def courtesy_met_share(scope: Scope) -> float | None:
    counts = courtesy_queryset(scope).aggregate(
        done=Count("pk"), met=Count("pk", filter=Q(outcome=VisitOutcome.MET))
    )
    return share(counts["met"], counts["done"])


def presence_hours(scope: Scope) -> Number | None:
    totals = (
        DutyAssignment.objects.visible_to(scope.user)
        .filter(scheme=scope.scheme, night__range=(scope.period.first, scope.period.last))
        .aggregate(n=Count("pk"), hours=Sum("hours"))
    )
    return totals["hours"] if totals["n"] else None


# --- Governance, funding, roadmaps --------------------------------------------------------------


def meetings_attended(scope: Scope) -> Number:
    return (
        Meeting.objects.visible_to(scope.user)
        .filter(
            scheme=scope.scheme,
            cancelled_at__isnull=True,
            starts_at__date__range=(scope.period.first, scope.period.last),
            attendances__organisation_id=scope.scheme.operator_id,
            attendances__status=AttendanceStatus.PRESENT,
        )
        .aggregate(n=Count("pk", distinct=True))["n"]
    )


def scheme_cost(scope: Scope) -> Decimal | None:
    """The agreements' annual target cost, pro rata of the period's days (whole scheme only)."""
    if not scope.is_whole_scheme:
        return None
    first, last = scope.period.first, scope.period.last
    agreements = (
        Agreement.objects.visible_to(scope.user)
        .filter(scheme=scope.scheme, starts_on__lte=last, ends_on__gte=first)
        .prefetch_related("costs")
    )
    total = Decimal(0)
    found = False
    for agreement in agreements:
        costs = sorted(agreement.costs.all(), key=lambda c: c.starts_on)
        day = max(first, agreement.starts_on)
        end = min(last, agreement.ends_on)
        while day <= end:  # day by day: costs change on any date
            in_force = [c for c in costs if c.starts_on <= day]
            if in_force:
                found = True
                total += Decimal(in_force[-1].annual_cost_cents) / 100 / 365
            day += timedelta(days=1)
    return total.quantize(Decimal("1")) if found else None


def cost_per_intervention(scope: Scope) -> Decimal | None:
    cost = scheme_cost(scope)
    count = scope.totals["count"]
    if cost is None or not count:
        return None
    return (cost / count).quantize(Decimal("0.01"))


def roadmap_actions_done(scope: Scope) -> float | None:
    from voisinage.analytics.models import ActionStatus, RoadmapAction

    year = scope.period.last.year
    due = Q(due_on__lte=scope.period.last) | Q(
        due_on__isnull=True, month__lte=scope.period.last.month
    )
    counts = (
        RoadmapAction.objects.filter(
            objective__axis__roadmap__in=_roadmaps(scope).filter(year=year)
        )
        .exclude(status=ActionStatus.DROPPED)
        .filter(due)
        .aggregate(due=Count("pk"), done=Count("pk", filter=Q(status=ActionStatus.DONE)))
    )
    return share(counts["done"], counts["due"])


def _roadmaps(scope: Scope):  # type: ignore[no-untyped-def]
    from voisinage.analytics.models import Roadmap

    return Roadmap.objects.visible_to(scope.user).filter(scheme=scope.scheme)


def avoided_costs(scope: Scope) -> Decimal | None:
    from voisinage.analytics.evaluation import avoided_cost_lines

    lines = avoided_cost_lines(scope)
    return sum((line.total for line in lines), Decimal(0)) if lines else None


# --- Breakdowns ---------------------------------------------------------------------------------


def intervention_breakdown(scope: Scope, dimension: str, *, rollup: bool = True) -> Breakdown:
    """Interventions counted by one dimension, in the database (from the roll-up when the
    dimension and the filters allow it, unless ``rollup`` is False)."""
    if rollup and scope.uses_rollup and dimension in ROLLUP_DIMENSIONS:
        return _rollup_breakdown(scope, dimension)
    if rollup and scope.uses_rollup and scope.whole_months and dimension == "activity":
        return _activity_breakdown(scope)
    if dimension == "field":
        return _field_breakdown(scope, rollup=rollup)
    if rollup and scope.uses_rollup and scope.whole_months and dimension == "time_band":
        from voisinage.analytics.models import HourMonthRollup

        hours = (
            scope.month_rollups(HourMonthRollup)
            .values("hour")
            .annotate(n=Sum("interventions"))
            .order_by("hour")
        )
        return [(f"{r['hour']:02d}", _("%(hour)s h") % {"hour": r["hour"]}, r["n"]) for r in hours]
    qs = scope.interventions()
    if dimension == "month":
        months = (
            qs.annotate(k=TruncMonth("night")).values("k").annotate(n=Count("pk")).order_by("k")
        )
        return [(r["k"].isoformat()[:7], format_date(r["k"], "F Y"), r["n"]) for r in months]
    if dimension == "night":
        nights = qs.values("night").annotate(n=Count("pk")).order_by("night")
        return [
            (r["night"].isoformat(), format_date(r["night"], "SHORT_DATE_FORMAT"), r["n"])
            for r in nights
        ]
    if dimension == "time_band":
        hour = ExtractHour("started_at", tzinfo=ZoneInfo(scope.scheme.time_zone))
        rows = qs.annotate(k=hour).values("k").annotate(n=Count("pk")).order_by("k")
        return [(f"{r['k']:02d}", _("%(hour)s h") % {"hour": r["k"]}, r["n"]) for r in rows]
    fields = {
        "neighbourhood": ("neighbourhood_id", "neighbourhood__name", _("Outside neighbourhoods")),
        "landlord": ("landlord_id", "landlord__name", _("No landlord (public space)")),
        "activity": ("activities__id", "activities__label", _("No activity given")),
    }
    if dimension in fields:
        key, name, missing = fields[dimension]
        rows = qs.values(key, name).annotate(n=Count("pk", distinct=True)).order_by("-n", name)
        return [(str(r[key] or ""), r[name] or str(missing), r["n"]) for r in rows]
    choices = {"origin": Origin, "result": Result, "climate": Climate}
    if dimension in choices:
        labels = dict(choices[dimension].choices)
        rows = qs.values(dimension).annotate(n=Count("pk")).order_by("-n")
        return [(r[dimension], str(labels.get(r[dimension], _("Not given"))), r["n"]) for r in rows]
    return []


ROLLUP_DIMENSIONS = {"month", "night", "neighbourhood", "landlord", "origin", "result", "climate"}
_PLACES = {
    "neighbourhood": ("neighbourhood_id", "neighbourhood__name", _("Outside neighbourhoods")),
    "landlord": ("landlord_id", "landlord__name", _("No landlord (public space)")),
}


def _rollup_breakdown(scope: Scope, dimension: str) -> Breakdown:
    """The same rows as ``intervention_breakdown`` reads from the interventions, summed from
    the roll-up (ADR 0028)."""
    qs = scope.rollups(nightly=dimension == "night")
    if dimension == "month":
        by_month = "month" if "month" in {f.name for f in qs.model._meta.fields} else None
        months = (
            qs.annotate(k=F(by_month) if by_month else TruncMonth("night"))
            .values("k")
            .annotate(n=Sum("interventions"))
            .order_by("k")
        )
        return [(r["k"].isoformat()[:7], format_date(r["k"], "F Y"), r["n"]) for r in months]
    if dimension == "night":
        nights = qs.values("night").annotate(n=Sum("interventions")).order_by("night")
        return [
            (r["night"].isoformat(), format_date(r["night"], "SHORT_DATE_FORMAT"), r["n"])
            for r in nights
        ]
    if dimension in _PLACES:
        key, name, missing = _PLACES[dimension]
        rows = qs.values(key, name).annotate(n=Sum("interventions")).order_by("-n", name)
        return [(str(r[key] or ""), r[name] or str(missing), r["n"]) for r in rows]
    choices = {"origin": Origin, "result": Result, "climate": Climate}[dimension]
    columns = scope.totals["by_column"]
    counts = {value: columns[f"{dimension}_{value}"] for value in choices.values}
    given = sum(counts.values())
    if scope.totals["count"] > given:  # results and climates may be left empty
        counts[""] = scope.totals["count"] - given
    labels = dict(choices.choices)
    ordered = sorted(((v, n) for v, n in counts.items() if n), key=lambda vn: -vn[1])
    return [(v, str(labels.get(v, _("Not given"))), n) for v, n in ordered]


def _field_breakdown(scope: Scope, *, rollup: bool) -> Breakdown:
    """Interventions by mediation field: an intervention counts once per activity it has,
    under that activity's field (as in the breakdown by activity, so the two add up the same),
    « No field given » for an activity without one, « No activity given » without activity."""
    from voisinage.analytics.models import ActivityMonthRollup

    rows: list[tuple[int | None, str | None, int]]
    if rollup and scope.uses_rollup and scope.whole_months:
        rows = [
            (r["activity__field_id"], r["activity__field__label"], r["n"])
            for r in scope.month_rollups(ActivityMonthRollup)
            .values("activity__field_id", "activity__field__label")
            .annotate(n=Sum("interventions"))
        ]
        none = scope.totals["by_column"]["without_activity"]
    else:
        qs = scope.interventions()
        rows = [
            (r["activities__field_id"], r["activities__field__label"], r["n"])
            for r in qs.filter(activities__isnull=False)
            .values("activities__field_id", "activities__field__label")
            .annotate(n=Count("pk"))
        ]
        none = qs.filter(activities__isnull=True).count()
    found = [(str(key or ""), label or str(_("No field given")), n) for key, label, n in rows]
    if none:
        found.append(("-", str(_("No activity given")), none))
    return sorted(found, key=lambda row: (-row[2], row[1]))


def _activity_breakdown(scope: Scope) -> Breakdown:
    """Interventions by activity over whole months, from the monthly roll-up (an intervention
    counts once per activity it has, and once under "No activity given" when it has none)."""
    from voisinage.analytics.models import ActivityMonthRollup

    rows = list(
        scope.month_rollups(ActivityMonthRollup)
        .values("activity_id", "activity__label")
        .annotate(n=Sum("interventions"))
    )
    none = scope.totals["by_column"]["without_activity"]
    found = [(str(r["activity_id"]), r["activity__label"], r["n"]) for r in rows]
    if none:
        found.append(("", str(_("No activity given")), none))
    return sorted(found, key=lambda row: (-row[2], row[1]))
