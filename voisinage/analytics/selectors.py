"""Reads for the analytics pages, API and documents; every figure goes through ``Scope``, which
starts from the other apps' ``visible_to(user)`` (docs/authorization.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import is_platform_admin, scheme_grants
from voisinage.analytics.indicators import Filters, Scope
from voisinage.analytics.models import (
    ActionStatus,
    MonthlyNote,
    ReviewNote,
    Roadmap,
    RoadmapAction,
    RoadmapObjective,
)
from voisinage.analytics.periods import Period, PeriodKind, month_end
from voisinage.core.indicators import (
    Indicator,
    IndicatorValue,
    all_indicators,
    evaluate,
    get_indicator,
)
from voisinage.field.models import Origin
from voisinage.lib import clock
from voisinage.lib.dates import format_date
from voisinage.lib.service_hours import service_night
from voisinage.schemes.selectors import (
    scheme_activities,
    scheme_service_hours,
    scheme_works_in_daytime,
)
from voisinage.territory.models import Entrance, Neighbourhood, Organisation

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from voisinage.accounts.access import AnyUser
    from voisinage.core.indicators import Breakdown
    from voisinage.schemes.models import Scheme


def can_edit_analytics(user: AnyUser, scheme: Scheme) -> bool:
    """The operator's manager and supervisor write roadmaps, analyses and proposals."""
    return is_platform_admin(user) or any(
        g.can_manage or g.can_supervise for g in scheme_grants(user, scheme.pk)
    )


# --- Dashboards ---------------------------------------------------------------------------------

CHART_DIMENSIONS = ("neighbourhood", "landlord", "activity", "origin", "time_band")
CHART_TITLES = {
    "neighbourhood": _("Interventions by neighbourhood"),
    "landlord": _("Interventions by landlord"),
    "activity": _("Interventions by activity"),
    "origin": _("Interventions by origin"),
    "time_band": _("Interventions by time of arrival"),
    "result": _("Interventions by result"),
    "climate": _("Interventions by residence climate"),
}


@dataclass(frozen=True)
class Chart:
    key: str
    title: str | Promise
    rows: Breakdown
    kind: str = "bar"  # bar, line

    @property
    def total(self) -> int | float | Decimal:
        return sum(r[2] for r in self.rows)

    @property
    def maximum(self) -> int | float | Decimal:
        return max((r[2] for r in self.rows), default=0)


@dataclass
class FilterOptions:
    neighbourhoods: list[tuple[int, str]]
    landlords: list[tuple[int, str]]
    activities: list[tuple[int, str]]
    origins: list[tuple[str, str]] = field(default_factory=list)


def filter_options(user: AnyUser, scheme: Scheme) -> FilterOptions:
    hoods = Neighbourhood.objects.visible_to(user).filter(scheme=scheme).order_by("name")
    landlords = Organisation.objects.filter(
        pk__in=Entrance.objects.visible_to(user).filter(scheme=scheme).values("landlord_id")
    ).order_by("name")
    return FilterOptions(
        neighbourhoods=list(hoods.values_list("pk", "name")),
        landlords=list(landlords.values_list("pk", "name")),
        activities=list(scheme_activities(scheme).values_list("pk", "label")),
        origins=[(k, str(v)) for k, v in Origin.choices],
    )


def time_series(scope: Scope) -> Chart:
    """Interventions by month (long periods) or by night, every month or night present up to
    today (the future is not a drop to zero)."""

    from voisinage.analytics.indicators.compute import intervention_breakdown

    today = clock.today()
    if scope.period.by_month:
        found = {r[0]: r[2] for r in intervention_breakdown(scope, "month")}
        rows = [
            (m.isoformat()[:7], format_date(m, "M Y"), found.get(m.isoformat()[:7], 0))
            for m in scope.period.months()
            if m <= today
        ]
        return Chart("month", _("Interventions by month"), rows, "line")
    found = {r[0]: r[2] for r in intervention_breakdown(scope, "night")}
    rows = [
        (d.isoformat(), format_date(d, "d/m"), found.get(d.isoformat(), 0))
        for d in scope.period.nights()
        if d <= today
    ]
    title = (
        _("Interventions by day")
        if scheme_works_in_daytime(scope.scheme)
        else _("Interventions by night")
    )
    return Chart("night", title, rows, "line")


def breakdown_chart(scope: Scope, dimension: str) -> Chart:
    from voisinage.analytics.indicators.compute import intervention_breakdown

    return Chart(dimension, CHART_TITLES[dimension], intervention_breakdown(scope, dimension))


class MapPoint(NamedTuple):  # a tuple: a year's map makes thousands (ADR 0030)
    code: str
    address: str
    lat: float
    lon: float
    interventions: int


def map_points(scope: Scope, *, rollup: bool = True) -> list[MapPoint]:
    """Interventions counted per entrance, with the entrance's position (one query; over whole
    months from the entrance roll-ups, ADR 0028 and 0030)."""
    from django.db.models import Sum

    placed = {"entrance__lat__isnull": False, "entrance__lon__isnull": False}
    columns = ("entrance__code", "entrance__address", "entrance__lat", "entrance__lon")
    if rollup and scope.uses_rollup and scope.whole_months:
        rows = (
            scope.entrance_rollups()
            .filter(**placed)
            .values(*columns)
            .annotate(n=Sum("interventions"))
            .order_by("-n", "entrance__code")
        )
    else:
        rows = (
            scope.interventions()
            .filter(entrance__isnull=False, **placed)
            .values(*columns)
            .annotate(n=Count("pk"))
            .order_by("-n", "entrance__code")
        )
    return list(map(MapPoint._make, rows.values_list(*columns, "n")))


@dataclass
class Dashboard:
    scope: Scope
    values: list[IndicatorValue]
    charts: list[Chart]
    points: list[MapPoint]

    @property
    def key_values(self) -> list[IndicatorValue]:
        return [v for v in self.values if v.indicator.key]


def scheme_indicators(scheme: Scheme) -> list[Indicator]:
    """The indicators a scheme's dashboard shows: not those of a part it does not use (no
    patrol figures in a scheme without patrols)."""
    return [i for i in all_indicators() if not i.capability or scheme.uses(i.capability)]


def dashboard(user: AnyUser, scheme: Scheme, period: Period, filters: Filters) -> Dashboard:
    scope = Scope(user, scheme, period, filters)
    values = [evaluate(i, scope, compare=True) for i in scheme_indicators(scheme)]
    charts = [time_series(scope), *(breakdown_chart(scope, d) for d in CHART_DIMENSIONS)]
    return Dashboard(scope, values, charts, map_points(scope))


def indicator_values(
    user: AnyUser, scheme: Scheme, period: Period, filters: Filters, group_by: str | None
) -> list[IndicatorValue]:
    """Every indicator the scheme shows (not those of a part it does not use)."""
    scope = Scope(user, scheme, period, filters)
    return [evaluate(i, scope, compare=True, group_by=group_by) for i in scheme_indicators(scheme)]


# --- Periods in progress ------------------------------------------------------------------------


def so_far(period: Period, scheme: Scheme) -> Period:
    """``period`` cut at the latest night that has begun, when it is in progress: a month of
    which a week has passed is compared with the first week of the previous month, not with the
    whole of it, and tonight is not a zero before it starts."""
    return period.until(latest_begun_night(scheme))


def latest_begun_night(scheme: Scheme) -> date:
    """The scheme's latest service night (or day) that has begun: the last one a period may
    show, and the limit past which no "next period" link leads."""
    hours = scheme_service_hours(scheme)
    now = clock.now()
    status = service_night(now, hours)
    begun = status.on_duty or status.shift is None or now >= status.shift.starts_at
    return status.night if begun else status.night - timedelta(days=1)


# --- Roadmaps -----------------------------------------------------------------------------------


def roadmap_years(user: AnyUser, scheme: Scheme) -> list[int]:
    return list(
        Roadmap.objects.visible_to(user).filter(scheme=scheme).values_list("year", flat=True)
    )


@dataclass(frozen=True)
class ObjectiveProgress:
    objective: RoadmapObjective
    value: IndicatorValue | None
    progress: float | None  # percent of the target, capped at 100 for display


def objective_progress(
    user: AnyUser, scheme: Scheme, roadmap: Roadmap, until: date | None = None
) -> dict[int, ObjectiveProgress]:
    """Each objective's indicator over the year so far (or until ``until``) against its target;
    for indicators where lower is better, reaching at most the target counts as 100 %."""
    first = date(roadmap.year, 1, 1)
    last = min(until or date(roadmap.year, 12, 31), date(roadmap.year, 12, 31))
    scope = Scope(user, scheme, Period(PeriodKind.CUSTOM, first, max(first, last)))
    result: dict[int, ObjectiveProgress] = {}
    for axis in roadmap.axes.all():
        for objective in axis.objectives.all():
            indicator = get_indicator(objective.indicator) if objective.indicator else None
            value = evaluate(indicator, scope) if indicator else None
            progress = None
            if value is not None and value.value is not None and objective.target:
                target = float(objective.target)
                current = float(value.value)
                if indicator and indicator.lower_is_better:
                    progress = 100.0 if current <= target else round(target / current * 100, 1)
                else:
                    progress = round(min(current / target * 100, 100.0), 1)
            result[objective.pk] = ObjectiveProgress(objective, value, progress)
    return result


def actions_by_month(roadmap: Roadmap) -> list[tuple[date, list[RoadmapAction]]]:
    """The monthly roadmap: the planned actions of each month of the year."""
    months: dict[int, list[RoadmapAction]] = {m: [] for m in range(1, 13)}
    for axis in roadmap.axes.all():
        for objective in axis.objectives.all():
            for action in objective.actions.all():
                month = action.month or (action.due_on.month if action.due_on else None)
                if month:
                    months[month].append(action)
    return [(date(roadmap.year, m, 1), actions) for m, actions in months.items()]


def monthly_roadmap_values(
    user: AnyUser, scheme: Scheme, roadmap: Roadmap
) -> list[tuple[RoadmapObjective, list[Any]]]:
    """Each measured objective's indicator month by month (the monthly breakdown)."""

    rows = []
    today = clock.today()
    months = [date(roadmap.year, m, 1) for m in range(1, 13)]
    # One scope per month, shared by the objectives (their totals are one query per month).
    scopes = [
        Scope(user, scheme, Period(PeriodKind.MONTH, m, month_end(m))) if m <= today else None
        for m in months
    ]
    for axis in roadmap.axes.all():
        for objective in axis.objectives.all():
            indicator = get_indicator(objective.indicator) if objective.indicator else None
            if indicator is None or not indicator.available:
                continue
            values = [evaluate(indicator, scope).value if scope else None for scope in scopes]
            rows.append((objective, values))
    return rows


def action_status_counts(roadmap: Roadmap) -> dict[str, int]:
    counts = dict(
        RoadmapAction.objects.filter(objective__axis__roadmap=roadmap)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {code: counts.get(code, 0) for code in ActionStatus.values}


# --- Texts of the documents ---------------------------------------------------------------------


def monthly_note(user: AnyUser, scheme: Scheme, month: date) -> MonthlyNote | None:
    return MonthlyNote.objects.visible_to(user).filter(scheme=scheme, month=month).first()


def review_note(user: AnyUser, scheme: Scheme, period: Period) -> ReviewNote | None:
    return (
        ReviewNote.objects.visible_to(user)
        .filter(scheme=scheme, starts_on=period.first, ends_on=period.last)
        .first()
    )


def review_periods(today: date) -> list[Period]:
    """The half-years and years a review deck is usually made for, most recent first."""
    this_half = Period.around(PeriodKind.HALF_YEAR, today)
    last_half = this_half.previous()
    return [
        last_half,
        Period.around(PeriodKind.YEAR, date(today.year - 1, 6, 1)),
        this_half,
        Period.around(PeriodKind.YEAR, today),
    ]
