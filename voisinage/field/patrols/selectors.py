"""Reads of patrol plans for a user. Plans are scheme-level (every member sees them); their
entries follow the perimeter (a landlord's referent sees its own entrances only). Passages are
read from the logbook through one grouped query, never interventions one by one."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, IntegerField, Min, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from voisinage.accounts.access import holds_whole_scheme
from voisinage.field.logbook.models import Intervention, Origin
from voisinage.field.patrols.calendar import month_last_day, week_label, weeks_nights_count
from voisinage.field.patrols.models import PatrolPlan, PatrolPlanEntry
from voisinage.field.patrols.rotation import Candidate, IsoWeek, iso_week, walking_order
from voisinage.field.patrols.rotation import week_quota as _week_quota
from voisinage.territory.models import Entrance, Neighbourhood

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.lib.service_hours import ServiceHours
    from voisinage.schemes.models import Scheme


def scheme_patrol_plans(user: AnyUser, scheme: Scheme) -> QuerySet[PatrolPlan]:
    """The scheme's plans, newest month first, each with the number of its entries the user
    may see (``visible_entries``) and its neighbourhoods prefetched."""
    entries = (
        PatrolPlanEntry.objects.visible_to(user)
        .filter(plan_id=OuterRef("pk"))
        .order_by()
        .values("plan_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        PatrolPlan.objects.visible_to(user)
        .filter(scheme=scheme)
        .annotate(visible_entries=Coalesce(Subquery(entries, output_field=IntegerField()), 0))
        .prefetch_related(_readable_neighbourhoods(user))
        .select_related("created_by")
        .order_by("-month")
    )


def _readable_neighbourhoods(user: AnyUser) -> Prefetch[Any, Any, Any]:
    """A plan's neighbourhoods as the reader may see them (``plan.neighbourhoods.all()`` on a
    plan fetched with it): a plan spans neighbourhoods outside a partial perimeter."""
    return Prefetch(
        "neighbourhoods",
        queryset=Neighbourhood.objects.visible_to(user).order_by("kind", "name"),
    )


def plan_neighbourhoods(user: AnyUser, plan: PatrolPlan) -> list[Neighbourhood]:
    """The plan's neighbourhoods the user may see."""
    return list(
        Neighbourhood.objects.visible_to(user)
        .filter(pk__in=plan.neighbourhoods.values("pk"))
        .order_by("kind", "name")
    )


def plans_whole_scheme(user: AnyUser, scheme: Scheme) -> bool:
    """Creating, regenerating, publishing or reopening a plan changes passages in every
    neighbourhood it covers: a supervising grant on the whole scheme. A supervisor of some
    neighbourhoods adds, moves and removes the passages of its perimeter."""
    return holds_whole_scheme(user, scheme.pk, "can_supervise")


def plan_entries(
    user: AnyUser, plan: PatrolPlan, *, first: date | None = None, last: date | None = None
) -> QuerySet[PatrolPlanEntry]:
    """The plan's entries in the user's perimeter, optionally for nights first … last."""
    qs = PatrolPlanEntry.objects.visible_to(user).filter(plan=plan)
    if first is not None:
        qs = qs.filter(night__gte=first)
    if last is not None:
        qs = qs.filter(night__lte=last)
    return qs.select_related(
        "entrance", "entrance__residence", "landlord", "neighbourhood"
    ).order_by("night", "entrance__code")


def passages(
    user: AnyUser, scheme: Scheme, first: date, last: date
) -> dict[tuple[int, date], datetime]:
    """When each entrance was first patrolled on each night from ``first`` to ``last``:
    ``{(entrance_id, night): started_at}``. One grouped query on the (scheme, night) index; it
    returns one row per (entrance, night) pair patrolled, never the interventions themselves."""
    rows = (
        Intervention.objects.visible_to(user)
        .filter(
            scheme=scheme,
            night__gte=first,
            night__lte=last,
            origin=Origin.PATROL,
            entrance__isnull=False,
        )
        .order_by()
        .values("entrance_id", "night")
        .annotate(first_at=Min("started_at"))
        .values_list("entrance_id", "night", "first_at")
    )
    return {(entrance_id, night): at for entrance_id, night, at in rows if entrance_id}


def _place(entry: PatrolPlanEntry) -> Candidate:
    entrance = entry.entrance
    return Candidate(
        entrance_id=entrance.pk,
        code=entrance.code,
        group=str(entrance.residence_id or ""),
        lat=entrance.lat,
        lon=entrance.lon,
    )


@dataclass(frozen=True)
class Stop:
    """A planned passage as shown to people: the entry and when it was done, if it was."""

    entry: PatrolPlanEntry
    done_at: datetime | None

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True)
class NightList:
    night: date
    stops: list[Stop]

    @property
    def done(self) -> int:
        return sum(1 for s in self.stops if s.done)

    @property
    def total(self) -> int:
        return len(self.stops)


def night_lists(user: AnyUser, plan: PatrolPlan, first: date, last: date) -> list[NightList]:
    """Entries of nights first … last, one list per night in walking order, each entry with
    its passage (three queries whatever the number of entries)."""
    by_night: dict[date, list[PatrolPlanEntry]] = defaultdict(list)
    for entry in plan_entries(user, plan, first=first, last=last):
        by_night[entry.night].append(entry)
    done = passages(user, plan.scheme, first, last) if by_night else {}
    return [
        NightList(
            night=night,
            stops=[
                Stop(entry=e, done_at=done.get((e.entrance_id, night)))
                for e in walking_order(entries, _place)
            ],
        )
        for night, entries in sorted(by_night.items())
    ]


def plan_for_night(user: AnyUser, scheme: Scheme, night: date) -> PatrolPlan | None:
    return (
        PatrolPlan.objects.visible_to(user)
        .filter(scheme=scheme, month=night.replace(day=1))
        .select_related("scheme")
        .first()
    )


@dataclass(frozen=True)
class PlanWeek:
    """One ISO week of a monthly plan: its nights in the month and what is planned and done."""

    monday: date
    nights: list[date]
    quota: int
    passages: int
    entrances: int
    done: int

    @property
    def label(self) -> str:
        return week_label(self.monday)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


def plan_weeks(
    user: AnyUser, plan: PatrolPlan, month_nights: list[date], hours: ServiceHours
) -> list[PlanWeek]:
    """The plan's weeks with the planned passages, distinct entrances and passages done that
    the user may see, against the week's share of the target."""
    week_total = weeks_nights_count(plan.month, hours)
    nights_by_week: dict[IsoWeek, list[date]] = defaultdict(list)
    for night in month_nights:
        nights_by_week[iso_week(night)].append(night)
    pairs = list(
        PatrolPlanEntry.objects.visible_to(user)
        .filter(plan=plan)
        .values_list("night", "entrance_id")
    )
    last = month_last_day(plan.month)
    done = passages(user, plan.scheme, plan.month, last) if pairs else {}
    planned: dict[IsoWeek, list[tuple[date, int]]] = defaultdict(list)
    for night, entrance_id in pairs:
        planned[iso_week(night)].append((night, entrance_id))
    weeks = []
    for week in sorted(set(nights_by_week) | set(planned)):
        rows = planned.get(week, [])
        nights = nights_by_week.get(week, [])
        weeks.append(
            PlanWeek(
                monday=date.fromisocalendar(week[0], week[1], 1),
                nights=nights,
                quota=_week_quota(plan.weekly_target, len(nights), week_total.get(week, 0)),
                passages=len(rows),
                entrances=len({e for _n, e in rows}),
                done=sum(1 for n, e in rows if (e, n) in done),
            )
        )
    return weeks


def entrances_for_adding(user: AnyUser, scheme: Scheme) -> QuerySet[Entrance]:
    """Active entrances the user may add to a plan: those its supervising grants cover."""
    return (
        Entrance.objects.visible_to(user, require="can_supervise")
        .filter(scheme=scheme, is_active=True)
        .select_related("neighbourhood")
        .order_by("code")
    )


def entries_in_perimeter(
    user: AnyUser, plan: PatrolPlan, entry_ids: list[int], *, require: str
) -> list[int]:
    """The ids among ``entry_ids`` of passages of ``plan`` the user may change."""
    return list(
        PatrolPlanEntry.objects.visible_to(user, require=require)
        .filter(plan=plan, pk__in=entry_ids)
        .values_list("pk", flat=True)
    )


def passage_content_type() -> ContentType:
    return ContentType.objects.get_for_model(PatrolPlanEntry)
