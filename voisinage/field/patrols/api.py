"""API of the field app: patrol plans, passages and weekly coverage."""

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from voisinage.apiauth import caller
from voisinage.apitypes import Day, Id, Moment, Paginated, idempotency_key
from voisinage.field.patrols import services
from voisinage.field.patrols.access import access_patrol_entry, access_patrol_plan
from voisinage.field.patrols.calendar import (
    current_night,
    monday_of,
    month_label,
    month_last_day,
    parse_month,
    parse_week,
    week_label,
    week_service_nights,
)
from voisinage.field.patrols.coverage import (
    coverage_points,
    stale_entrances,
    week_coverage,
    weeks_since,
)
from voisinage.field.patrols.models import PatrolPlan
from voisinage.field.patrols.selectors import (
    passages,
    plan_entries,
    plan_neighbourhoods,
    scheme_patrol_plans,
)
from voisinage.lib.service_hours import ServiceHours
from voisinage.schemes.access import access_scheme
from voisinage.schemes.models import Scheme
from voisinage.schemes.selectors import scheme_service_hours
from voisinage.territory.models import Neighbourhood

router = Router(tags=["field"])

MAX_WEEKS = 52


class Ref(Schema):
    id: int
    name: str


class PatrolPlanBase(Schema):
    id: int
    month: str = Field(description="YYYY-MM")
    status: str = Field(description="draft or published")
    weekly_target: int
    neighbourhoods: list[Ref]
    version: int
    created_at: datetime


class PatrolPlanOut(PatrolPlanBase):
    entry_count: int = Field(description="Planned passages the caller may see")


class PlannedEntranceOut(Schema):
    id: int
    code: str
    address: str
    residence: str | None
    landlord: Ref
    neighbourhood: Ref
    lat: float | None
    lon: float | None


class PatrolEntryOut(Schema):
    id: int
    night: date
    team: str
    entrance: PlannedEntranceOut
    done_at: datetime | None = Field(description="First patrol at the entrance that night")


class PatrolPlanDetailOut(PatrolPlanBase):
    entries: list[PatrolEntryOut] = Field(description="In the caller's perimeter")


class PlanFilters(Schema):
    night: Day | None = Field(None, description="Only this service night")
    week: str | None = Field(None, description="Only this ISO week, YYYY-Www")


class PassageIn(Schema):
    at: Moment | None = Field(
        None, description="When the agent tapped (default: now); must be in the entry's night"
    )


class PassageOut(Schema):
    intervention_id: int
    entry_id: int
    entrance_id: int
    night: date
    started_at: datetime
    origin: str
    author: str


class StaleEntranceOut(Schema):
    id: int
    code: str
    address: str
    landlord: str
    last_visit: date | None = Field(description="Night of the last patrol, null if never")
    weeks_since: int | None


class CoverageLineOut(Schema):
    neighbourhood: Ref | None
    entrances: int = Field(description="Active entrances in the caller's perimeter")
    planned: int = Field(description="Entrances planned in the week")
    visited: int = Field(description="Entrances with a patrol on a night of the week")
    target: int | None = Field(description="The plan's weekly target for the neighbourhood")
    not_visited_count: int
    not_visited: list[StaleEntranceOut] = []


class CoverageOut(Schema):
    week: str
    monday: date
    sunday: date
    weeks: int = Field(description="N: entrances not visited in the N weeks ending this week")
    service_nights: list[date]
    plan: str | None = Field(description="Month (YYYY-MM) of the plan that sets the target")
    neighbourhoods: list[CoverageLineOut]
    total: CoverageLineOut


class CoverageFilters(Schema):
    week: str | None = Field(None, description="ISO week YYYY-Www (default: this week)")
    neighbourhood: list[Id] = Field(
        default_factory=list, description="Neighbourhood id (repeatable; default: all)"
    )
    weeks: int = Field(4, ge=1, le=MAX_WEEKS)


def _plan_out(
    plan: PatrolPlan, neighbourhoods: list[Neighbourhood] | None = None
) -> dict[str, Any]:
    """A plan; its neighbourhoods as the caller may see them (given, or prefetched so by
    ``scheme_patrol_plans``)."""
    hoods = neighbourhoods if neighbourhoods is not None else plan.neighbourhoods.all()
    return {
        "id": plan.pk,
        "month": month_label(plan.month),
        "status": plan.status,
        "weekly_target": plan.weekly_target,
        "neighbourhoods": [{"id": n.pk, "name": n.name} for n in hoods],
        "version": plan.version,
        "created_at": plan.created_at,
    }


class _PlansPage:
    """Paginate the queryset, then shape only the page."""

    def __init__(self, qs: QuerySet[PatrolPlan]):
        self.qs = qs

    def __len__(self) -> int:
        return self.qs.count()

    def count(self) -> int:
        return self.qs.count()

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        return [
            {**_plan_out(p), "entry_count": p.visible_entries}  # type: ignore[attr-defined]
            for p in self.qs[item]
        ]


@router.get(
    "/{slug}/patrol-plans",
    response=list[PatrolPlanOut],
    summary="Monthly patrol plans",
    url_name="patrol_plans",
)
@paginate(Paginated)
def list_patrol_plans(request: HttpRequest, slug: str) -> Any:
    user = caller(request)
    return _PlansPage(scheme_patrol_plans(user, access_scheme(user, slug)))


def _month(month: str) -> date:
    parsed = parse_month(month)
    if parsed is None:
        raise Http404
    return parsed


@router.get(
    "/{slug}/patrol-plans/{month}",
    response=PatrolPlanDetailOut,
    summary="One monthly plan (YYYY-MM) with its entries in the caller's perimeter",
    url_name="patrol_plan",
)
def get_patrol_plan(
    request: HttpRequest, slug: str, month: str, filters: Query[PlanFilters]
) -> dict[str, Any]:
    user = caller(request)
    scheme = access_scheme(user, slug)
    plan = access_patrol_plan(user, scheme, _month(month))
    first, last = plan.month, month_last_day(plan.month)
    if filters.week:
        monday = parse_week(filters.week)
        if monday is None:
            raise HttpError(422, _("Give the week as year-W-week, e.g. 2026-W09."))
        first, last = max(first, monday), min(last, monday + timedelta(days=6))
    if filters.night:
        first = last = filters.night
    entries = list(plan_entries(user, plan, first=first, last=last))
    done = passages(user, scheme, first, last) if entries else {}
    out = _plan_out(plan, plan_neighbourhoods(user, plan))
    out["entries"] = [
        {
            "id": e.pk,
            "night": e.night,
            "team": e.team,
            "entrance": {
                "id": e.entrance.pk,
                "code": e.entrance.code,
                "address": e.entrance.address,
                "residence": e.entrance.residence.name if e.entrance.residence else None,
                "landlord": {"id": e.landlord.pk, "name": e.landlord.name},
                "neighbourhood": {"id": e.neighbourhood.pk, "name": e.neighbourhood.name},
                "lat": e.entrance.lat,
                "lon": e.entrance.lon,
            },
            "done_at": done.get((e.entrance_id, e.night)),
        }
        for e in entries
    ]
    return out


@router.post(
    "/{slug}/patrol-plans/{month}/entries/{entry_id}/passage",
    response={200: PassageOut, 201: PassageOut},
    summary="Record the passage of a planned entry (idempotent with an Idempotency-Key header)",
    url_name="patrol_passage",
    openapi_extra={
        "parameters": [
            {
                "in": "header",
                "name": "Idempotency-Key",
                "required": True,
                "schema": {"type": "string", "maxLength": 80},
                "description": "Made by the client per tap; the same key returns the first record",
            }
        ]
    },
)
def record_patrol_passage(
    request: HttpRequest, slug: str, month: str, entry_id: Id, payload: PassageIn | None = None
) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug)
    entry = access_patrol_entry(user, scheme, entry_id, write=True)
    if entry.plan.month != _month(month):
        raise Http404
    key = idempotency_key(request)
    if not key:
        raise HttpError(400, _("A passage needs an Idempotency-Key header."))
    try:
        intervention, created = services.patrol_passage_record(
            entry=entry, author=user, idempotency_key=key, at=payload.at if payload else None
        )
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    return Status(
        201 if created else 200,
        {
            "intervention_id": intervention.pk,
            "entry_id": entry.pk,
            "entrance_id": intervention.entrance_id,
            "night": intervention.night,
            "started_at": intervention.started_at,
            "origin": intervention.origin,
            "author": intervention.author.display_name,
        },
    )


def _coverage_args(
    user: Any, scheme: Scheme, hours: ServiceHours, filters: CoverageFilters
) -> tuple[date, list[int] | None]:
    if filters.week:
        monday = parse_week(filters.week)
        if monday is None:
            raise HttpError(422, _("Give the week as year-W-week, e.g. 2026-W09."))
    else:
        monday = monday_of(current_night(hours))
    wanted = set(filters.neighbourhood)
    if not wanted:
        return monday, None
    found = Neighbourhood.objects.visible_to(user).filter(scheme=scheme, pk__in=wanted).count()
    if found != len(wanted):
        raise Http404
    return monday, sorted(wanted)


@router.get(
    "/{slug}/coverage",
    response=CoverageOut,
    summary="Weekly patrol coverage per neighbourhood, in the caller's perimeter",
    url_name="patrol_coverage",
)
def get_patrol_coverage(
    request: HttpRequest, slug: str, filters: Query[CoverageFilters]
) -> dict[str, Any]:
    user = caller(request)
    scheme = access_scheme(user, slug)
    hours = scheme_service_hours(scheme)
    monday, hood = _coverage_args(user, scheme, hours, filters)
    result = week_coverage(
        user,
        scheme,
        hours,
        monday=monday,
        weeks=filters.weeks,
        neighbourhood_ids=hood,
        service_nights=week_service_nights(monday, hours),
    )
    stale_by_hood: dict[int, list[dict[str, Any]]] = {}
    for e in stale_entrances(
        user, scheme, hours, monday=monday, weeks=filters.weeks, neighbourhood_ids=hood
    ):
        stale_by_hood.setdefault(e.neighbourhood_id, []).append(
            {
                "id": e.pk,
                "code": e.code,
                "address": e.address,
                "landlord": e.landlord.name,
                "last_visit": e.last_night,  # type: ignore[attr-defined]
                "weeks_since": weeks_since(monday, e.last_night),  # type: ignore[attr-defined]
            }
        )

    def line(item: Any) -> dict[str, Any]:
        hood_id = item.neighbourhood_id
        return {
            "neighbourhood": {"id": hood_id, "name": item.name} if hood_id else None,
            "entrances": item.entrances,
            "planned": item.planned,
            "visited": item.visited,
            "target": item.target,
            "not_visited_count": item.not_visited,
            "not_visited": stale_by_hood.get(hood_id, []) if hood_id else [],
        }

    return {
        "week": week_label(monday),
        "monday": result.monday,
        "sunday": result.sunday,
        "weeks": result.weeks,
        "service_nights": result.service_nights,
        "plan": month_label(result.plan.month) if result.plan else None,
        "neighbourhoods": [line(item) for item in result.lines],
        "total": line(result.total),
    }


@router.get(
    "/{slug}/coverage.geojson",
    response=dict[str, Any],
    summary="Entrances with their last patrol up to the week, as GeoJSON (for the map)",
    url_name="patrol_coverage_geojson",
)
def patrol_coverage_geojson(
    request: HttpRequest, slug: str, filters: Query[CoverageFilters]
) -> dict[str, Any]:
    user = caller(request)
    scheme = access_scheme(user, slug)
    hours = scheme_service_hours(scheme)
    monday, hood = _coverage_args(user, scheme, hours, filters)
    points = coverage_points(user, scheme, hours, monday=monday, neighbourhood_ids=hood)
    return {
        "type": "FeatureCollection",
        "week": week_label(monday),
        "weeks": filters.weeks,
        "features": [
            {
                "type": "Feature",
                "id": p.id,
                "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                "properties": {
                    "code": p.code,
                    "address": p.address,
                    "landlord": p.landlord,
                    "neighbourhood": p.neighbourhood,
                    "last_visit": p.last_night.isoformat() if p.last_night else None,
                    "weeks_since": p.weeks_since,
                },
            }
            for p in points
        ],
    }
