"""Weekly patrol coverage for a user, within the perimeter (a landlord's referent sees its own
entrances only). Computed in the database: grouped queries over the entrances with correlated
subqueries on the logbook that the (entrance, started_at) index answers; no intervention is
loaded into Python and the number of queries does not grow with the entrances
(see docs/field-patrols.md)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery

from voisinage.field.logbook.models import Intervention, Origin
from voisinage.field.patrols.calendar import (
    monday_of,
    night_started_bounds,
    plan_month_of_week,
    week_label,
)
from voisinage.field.patrols.models import PatrolPlan, PatrolPlanEntry
from voisinage.territory.models import Entrance, Neighbourhood

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.lib.service_hours import ServiceHours
    from voisinage.schemes.models import Scheme


def last_patrol_night(until: date, hours: ServiceHours) -> Subquery:
    """For an entrance (``OuterRef("pk")``): the night of its latest patrol up to ``until``.

    A correlated subquery answered by the (entrance, started_at) index: it walks the
    entrance's interventions backwards from the bound and stops at the first patrol.
    """
    _first, bound = night_started_bounds(until, until, hours)
    return Subquery(
        Intervention.objects.filter(
            entrance_id=OuterRef("pk"),
            origin=Origin.PATROL,
            night__lte=until,
            started_at__lt=bound,
        )
        .order_by("-started_at")
        .values("night")[:1]
    )


def patrolled_between(first: date, last: date, hours: ServiceHours) -> Exists:
    """For an entrance (``OuterRef("pk")``): whether a patrol took place on a night from
    ``first`` to ``last``; a bounded range of the (entrance, started_at) index."""
    start, end = night_started_bounds(first, last, hours)
    return Exists(
        Intervention.objects.filter(
            entrance_id=OuterRef("pk"),
            origin=Origin.PATROL,
            night__gte=first,
            night__lte=last,
            started_at__gte=start,
            started_at__lt=end,
        )
    )


def weeks_since(monday: date, last: date | None) -> int | None:
    """Whole ISO weeks between the week of ``last`` and the week starting ``monday``."""
    if last is None:
        return None
    return (monday - monday_of(last)).days // 7


@dataclass(frozen=True)
class CoverageLine:
    """Coverage of one neighbourhood (or the total) for one ISO week."""

    neighbourhood_id: int | None
    name: str
    kind: str
    entrances: int
    planned: int
    visited: int
    not_visited: int  # entrances not visited for the chosen number of weeks
    target: int | None

    @property
    def rate(self) -> int | None:
        """Whole percent of the entrances visited."""
        return round(100 * self.visited / self.entrances) if self.entrances else None

    @property
    def target_met(self) -> bool | None:
        return None if self.target is None else self.visited >= self.target


@dataclass(frozen=True)
class Coverage:
    monday: date
    weeks: int
    plan: PatrolPlan | None
    lines: list[CoverageLine]
    total: CoverageLine
    service_nights: list[date] = field(default_factory=list)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def label(self) -> str:
        return week_label(self.monday)

    @property
    def previous_label(self) -> str:
        return week_label(self.monday - timedelta(days=7))

    @property
    def next_label(self) -> str:
        return week_label(self.monday + timedelta(days=7))

    @property
    def plan_neighbourhood_ids(self) -> list[int] | None:
        """The neighbourhoods the week's plan patrols (None without a plan)."""
        return None if self.plan is None else [n.pk for n in self.plan.neighbourhoods.all()]

    @property
    def cutoff(self) -> date:
        """Entrances whose last patrol is before this night are "not visited for N weeks"."""
        return stale_cutoff(self.monday, self.weeks)


def stale_cutoff(monday: date, weeks: int) -> date:
    return monday - timedelta(days=7 * (weeks - 1))


def _apportion(target: int, sizes: dict[int, int]) -> dict[int, int]:
    """Split the plan's weekly target between its neighbourhoods in proportion to their active
    entrances (largest remainders, so the parts add up to the target exactly)."""
    total = sum(sizes.values())
    if not total:
        return dict.fromkeys(sizes, 0)
    floors = {k: target * n // total for k, n in sizes.items()}
    left = target - sum(floors.values())
    by_remainder = sorted(sizes, key=lambda k: (-(target * sizes[k] % total), k))
    for k in by_remainder[:left]:
        floors[k] += 1
    return floors


def _visible_entrances(
    user: AnyUser, scheme: Scheme, neighbourhood_ids: Collection[int] | None
) -> QuerySet[Entrance]:
    qs = Entrance.objects.visible_to(user).filter(scheme=scheme, is_active=True)
    if neighbourhood_ids is not None:
        qs = qs.filter(neighbourhood_id__in=list(neighbourhood_ids))
    return qs


def week_coverage(
    user: AnyUser,
    scheme: Scheme,
    hours: ServiceHours,
    *,
    monday: date,
    weeks: int = 4,
    neighbourhood_ids: Collection[int] | None = None,
    service_nights: list[date] | None = None,
) -> Coverage:
    """Coverage of the ISO week starting ``monday`` per neighbourhood, within the user's
    perimeter: active entrances, entrances planned, visited (at least one patrol intervention
    on a service night of the week), not visited for ``weeks`` weeks, and the plan's target.

    A fixed number of queries whatever the number of entrances or interventions: the counts
    per neighbourhood are one grouped query over the entrances with two correlated subqueries
    (see last_patrol_night and patrolled_between).
    """
    sunday = monday + timedelta(days=6)
    cutoff = stale_cutoff(monday, weeks)
    neighbourhoods = Neighbourhood.objects.visible_to(user).filter(scheme=scheme)
    if neighbourhood_ids is not None:
        neighbourhoods = neighbourhoods.filter(pk__in=list(neighbourhood_ids))
    counts: dict[int, Any] = {
        row["neighbourhood_id"]: row
        for row in _visible_entrances(user, scheme, neighbourhood_ids)
        .annotate(
            visited_week=patrolled_between(monday, sunday, hours),
            last_night=last_patrol_night(sunday, hours),
        )
        .order_by()
        .values("neighbourhood_id")
        .annotate(
            entrances=Count("pk"),
            visited=Count("pk", filter=Q(visited_week=True)),
            stale=Count("pk", filter=Q(last_night__isnull=True) | Q(last_night__lt=cutoff)),
        )
    }
    planned = dict(
        PatrolPlanEntry.objects.visible_to(user)
        .filter(
            plan__scheme=scheme,
            night__gte=monday,
            night__lte=sunday,
            entrance__is_active=True,
            entrance__in=_visible_entrances(user, scheme, neighbourhood_ids),
        )
        .order_by()
        .values("entrance__neighbourhood_id")
        .annotate(n=Count("entrance_id", distinct=True))
        .values_list("entrance__neighbourhood_id", "n")
    )
    plan = (
        PatrolPlan.objects.visible_to(user)
        .filter(scheme=scheme, month=plan_month_of_week(monday))
        .prefetch_related("neighbourhoods")
        .first()
    )
    targets: dict[int, int] = {}
    if plan is not None:
        plan_hoods = [n.pk for n in plan.neighbourhoods.all()]
        # The target is a scheme-level figure: it is split on the whole stock, not the perimeter.
        sizes = dict.fromkeys(plan_hoods, 0)
        sizes.update(
            Entrance.objects.filter(scheme=scheme, is_active=True, neighbourhood_id__in=plan_hoods)
            .order_by()
            .values("neighbourhood_id")
            .annotate(n=Count("pk"))
            .values_list("neighbourhood_id", "n")
        )
        targets = _apportion(plan.weekly_target, sizes)
    lines = []
    for hood in neighbourhoods.order_by("kind", "name"):
        row = counts.get(hood.pk, {})
        if not row and hood.pk not in targets:
            continue
        lines.append(
            CoverageLine(
                neighbourhood_id=hood.pk,
                name=hood.name,
                kind=hood.kind,
                entrances=row.get("entrances", 0),
                planned=planned.get(hood.pk, 0),
                visited=row.get("visited", 0),
                not_visited=row.get("stale", 0),
                target=targets.get(hood.pk),
            )
        )
    shown_targets = [line.target for line in lines if line.target is not None]
    total = CoverageLine(
        neighbourhood_id=None,
        name="",
        kind="",
        entrances=sum(line.entrances for line in lines),
        planned=sum(line.planned for line in lines),
        visited=sum(line.visited for line in lines),
        not_visited=sum(line.not_visited for line in lines),
        target=sum(shown_targets) if shown_targets else None,
    )
    return Coverage(
        monday=monday,
        weeks=weeks,
        plan=plan,
        lines=lines,
        total=total,
        service_nights=service_nights or [],
    )


def stale_entrances(
    user: AnyUser,
    scheme: Scheme,
    hours: ServiceHours,
    *,
    monday: date,
    weeks: int = 4,
    neighbourhood_ids: Collection[int] | None = None,
) -> QuerySet[Entrance]:
    """Entrances (in the perimeter) with no patrol in the ``weeks`` ISO weeks ending with the
    week of ``monday``, never-visited first then the longest unvisited, each annotated with
    ``last_night`` (the night of its latest patrol up to that week, or None)."""
    sunday = monday + timedelta(days=6)
    cutoff = stale_cutoff(monday, weeks)
    return (
        _visible_entrances(user, scheme, neighbourhood_ids)
        .annotate(last_night=last_patrol_night(sunday, hours))
        .filter(Q(last_night__isnull=True) | Q(last_night__lt=cutoff))
        .select_related("landlord", "neighbourhood", "residence")
        .order_by(F("last_night").asc(nulls_first=True), "code")
    )


@dataclass(frozen=True)
class EntranceCoverage:
    id: int
    code: str
    address: str
    landlord: str
    neighbourhood: str
    lat: float | None
    lon: float | None
    last_night: date | None
    weeks_since: int | None


def coverage_points(
    user: AnyUser,
    scheme: Scheme,
    hours: ServiceHours,
    *,
    monday: date,
    neighbourhood_ids: Collection[int] | None = None,
) -> list[EntranceCoverage]:
    """Every located entrance of the perimeter with its last patrol up to the week (the map)."""
    sunday = monday + timedelta(days=6)
    rows = (
        _visible_entrances(user, scheme, neighbourhood_ids)
        .filter(lat__isnull=False, lon__isnull=False)
        .annotate(last_night=last_patrol_night(sunday, hours))
        .order_by("code")
        .values_list(
            "pk",
            "code",
            "address",
            "landlord__name",
            "neighbourhood__name",
            "lat",
            "lon",
            "last_night",
        )
    )
    return [
        EntranceCoverage(
            id=pk,
            code=code,
            address=address,
            landlord=landlord,
            neighbourhood=hood,
            lat=lat,
            lon=lon,
            last_night=last,
            weeks_since=weeks_since(monday, last),
        )
        for pk, code, address, landlord, hood, lat, lon, last in rows
    ]
