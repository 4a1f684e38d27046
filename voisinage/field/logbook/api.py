"""API of the field app: the logbook (interventions and their code lists)."""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from voisinage.accounts.access import get_or_404, has_capability
from voisinage.apiauth import caller
from voisinage.apitypes import Day, Id, Moment, Paginated, idempotency_key
from voisinage.field.logbook.access import access_intervention
from voisinage.field.logbook.code_rows import CodeRow, code_rows_query
from voisinage.field.logbook.models import Intervention, Origin
from voisinage.field.logbook.retention import sensitive_narratives_shown
from voisinage.field.logbook.scales import wording_needed
from voisinage.field.logbook.selectors import (
    InterventionFilters,
    code_lists,
    narrative_for,
    scheme_interventions,
    with_list_details,
)
from voisinage.field.logbook.services import STALE, intervention_record, intervention_update
from voisinage.lib import bounds
from voisinage.lib.paging import SerialisedPage
from voisinage.schemes.access import access_scheme
from voisinage.territory.access import entrance_by_code
from voisinage.territory.models import Entrance, Neighbourhood

router = Router(tags=["field"])


class Ref(Schema):
    id: int
    name: str


class CodeOut(Schema):
    code: str
    label: str


class InterventionOut(Schema):
    id: int
    night: date
    status: str
    started_at: datetime
    ended_at: datetime | None
    entrance: dict[str, Any] | None
    other_place_kind: str
    other_place_label: str
    landlord: Ref | None
    neighbourhood: Ref | None
    lat: float | None
    lon: float | None
    origin: str
    author: str
    agents: list[str]
    activities: list[CodeOut]
    situations: list[CodeOut]
    actions: list[CodeOut]
    adults: int
    young_people: int
    minors: int
    result: str
    climate: str
    sensitive: bool
    narrative: str | None = Field(description="null when hidden from the caller (sensitive)")
    version: int


class InterventionIn(Schema):
    started_at: Moment
    ended_at: Moment | None = None
    origin: str = Field(Origin.PATROL, description="One of: " + ", ".join(Origin.values))
    entrance_id: Id | None = None
    entrance_code: str = Field("", max_length=40, description="Alternative to entrance_id")
    other_place_kind: str = ""
    other_place_label: str = Field("", max_length=255)
    neighbourhood_id: Id | None = None
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    agent_ids: list[Id] = []
    activities: list[str] = Field([], description="Activity codes")
    situations: list[str] = Field([], description="Material or behavioural situation codes")
    actions: list[str] = Field([], description="Action codes")
    adults: int = Field(0, ge=0, le=999)
    young_people: int = Field(0, ge=0, le=999)
    minors: int = Field(0, ge=0, le=999)
    result: str = ""
    climate: str = ""
    narrative: str = Field("", max_length=10_000)
    sensitive: bool = False


class ListFilters(Schema):
    night: Day | None = None
    start: Moment | None = Field(None, alias="from")
    end: Moment | None = Field(None, alias="to")
    neighbourhood: Id | None = None
    landlord: Id | None = None
    origin: str = ""
    activity: str = ""
    climate: str = ""
    status: str = ""


class CodeListsOut(Schema):
    origins: list[CodeOut]
    activities: list[CodeOut]
    material: list[CodeOut]
    behaviour: list[CodeOut]
    actions: list[CodeOut]
    results: list[CodeOut]
    climates: list[CodeOut]
    climate_rated: bool = Field(description="false: the scheme does not rate the climate")


def serialise(intervention: Intervention, user: Any) -> dict[str, Any]:
    entrance = intervention.entrance
    return {
        "id": intervention.pk,
        "night": intervention.night,
        "status": intervention.status,
        "started_at": intervention.started_at,
        "ended_at": intervention.ended_at,
        "entrance": (
            {"id": entrance.pk, "code": entrance.code, "address": entrance.address}
            if entrance
            else None
        ),
        "other_place_kind": intervention.other_place_kind,
        "other_place_label": intervention.other_place_label,
        "landlord": (
            {"id": intervention.landlord.pk, "name": intervention.landlord.name}
            if intervention.landlord
            else None
        ),
        "neighbourhood": (
            {"id": intervention.neighbourhood.pk, "name": intervention.neighbourhood.name}
            if intervention.neighbourhood
            else None
        ),
        "lat": intervention.lat,
        "lon": intervention.lon,
        "origin": intervention.origin,
        "author": intervention.author.display_name,
        "agents": intervention.agent_names,
        "activities": [{"code": a.code, "label": a.label} for a in intervention.activity_list],
        "situations": [{"code": c.code, "label": c.label} for c in intervention.situation_list],
        "actions": [{"code": c.code, "label": c.label} for c in intervention.action_list],
        "adults": intervention.adults,
        "young_people": intervention.young_people,
        "minors": intervention.minors,
        "result": intervention.result,
        "climate": intervention.climate,
        "sensitive": intervention.sensitive,
        "narrative": narrative_for(user, intervention),
        "version": intervention.version,
    }


def _pks(
    scheme: Any, payload: InterventionIn
) -> tuple[list[int], list[int], list[int], list[CodeRow]]:
    """The ids of the payload's activities, situations and actions, in one query, and the rows
    read (the service checks their kind on them, with no second query); the same query brings
    the scheme's wording of the results and climate levels when the payload gives one."""
    activities = set(payload.activities)
    codes = {*payload.situations, *payload.actions}
    rows = code_rows_query(
        scheme,
        Q(code__in=activities) if activities else None,
        Q(code__in=codes) if codes else None,
        scales=wording_needed(scheme, result=payload.result, climate=payload.climate),
    )
    by_activity = {row[1]: row[0] for row in rows if not row[3]}
    by_code = {row[1]: row[0] for row in rows if row[3]}
    missing = sorted((activities - set(by_activity)) | (codes - set(by_code)))
    if missing:
        raise HttpError(
            422, _("Unknown or retired code(s): %(codes)s") % {"codes": ", ".join(missing)}
        )
    return (
        [by_activity[code] for code in dict.fromkeys(payload.activities)],
        [by_code[code] for code in dict.fromkeys(payload.situations)],
        [by_code[code] for code in dict.fromkeys(payload.actions)],
        rows,
    )


def _changes(
    user: Any, scheme: Any, payload: InterventionIn
) -> tuple[dict[str, Any], list[CodeRow]]:
    """The keyword arguments of the logbook services for ``payload``: the place resolved in the
    caller's perimeter (404 for an entrance or neighbourhood it may not use), codes to ids;
    and the code rows read."""
    entrance = neighbourhood = None
    entrances = (
        Entrance.objects.visible_to(user)
        .filter(scheme=scheme)
        .select_related("landlord", "neighbourhood")
    )
    if payload.entrance_id is not None:
        entrance = get_or_404(entrances, pk=payload.entrance_id)
    else:
        try:
            entrance = entrance_by_code(user, scheme, payload.entrance_code)
        except ValidationError as exc:
            raise HttpError(422, " ".join(exc.messages)) from exc
    if payload.neighbourhood_id is not None:
        neighbourhood = get_or_404(
            Neighbourhood.objects.visible_to(user).filter(scheme=scheme),
            pk=payload.neighbourhood_id,
        )
    activity_ids, situation_ids, action_ids, rows = _pks(scheme, payload)
    return {
        "started_at": payload.started_at,
        "ended_at": payload.ended_at,
        "origin": payload.origin,
        "entrance": entrance,
        "other_place_kind": "" if entrance else payload.other_place_kind,
        "other_place_label": payload.other_place_label,
        "neighbourhood": neighbourhood,
        # An entrance's place is the entrance's point (as intervention_record does).
        "lat": entrance.lat if entrance and payload.lat is None else payload.lat,
        "lon": entrance.lon if entrance and payload.lat is None else payload.lon,
        "agent_ids": payload.agent_ids,
        "activity_ids": activity_ids,
        "situation_ids": situation_ids,
        "action_ids": action_ids,
        "adults": payload.adults,
        "young_people": payload.young_people,
        "minors": payload.minors,
        "result": payload.result,
        "climate": payload.climate,
        "narrative": payload.narrative,
        "sensitive": payload.sensitive,
    }, rows


@router.post(
    "/{slug}/interventions",
    response={200: InterventionOut, 201: InterventionOut},
    summary="Record an intervention (idempotent with an Idempotency-Key header)",
)
def create_intervention(request: HttpRequest, slug: str, payload: InterventionIn) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, require="can_record")
    key = idempotency_key(request)
    changes, rows = _changes(user, scheme, payload)
    try:
        intervention, created = intervention_record(
            scheme=scheme, author=user, idempotency_key=key, code_rows=rows, **changes
        )
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    # Answer from the record in hand: its place and author are the objects just checked, its
    # lists the rows the service checked (no read after commit). A replayed record (same
    # Idempotency-Key) is read back with its lists.
    if not created:
        intervention = with_list_details([intervention])[0]
    return Status(201 if created else 200, serialise(intervention, user))


class InterventionUpdateIn(InterventionIn):
    version: int = Field(
        ge=0, le=bounds.MAX_ID, description="The version the change was made from (optimistic lock)"
    )


class ConflictOut(Schema):
    detail: str
    current: InterventionOut


@router.put(
    "/{slug}/interventions/{intervention_id}",
    response={200: InterventionOut, 409: ConflictOut},
    summary="Change an intervention, e.g. complete a pending one (409 with the current record "
    "when someone changed it meanwhile; idempotent with an Idempotency-Key header)",
)
def update_intervention(
    request: HttpRequest, slug: str, intervention_id: Id, payload: InterventionUpdateIn
) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, require="can_record")
    key = idempotency_key(request)
    intervention = access_intervention(user, scheme, intervention_id, write=True)
    changes, _rows = _changes(user, scheme, payload)
    try:
        intervention_update(
            intervention=intervention,
            user=user,
            can_supervise=has_capability(user, scheme.pk, "can_supervise"),
            expected_version=payload.version,
            idempotency_key=key,
            **changes,
        )
    except ValidationError as exc:
        current = serialise(access_intervention(user, scheme, intervention_id), user)
        if any(e.code == STALE for e in getattr(exc, "error_list", [])):
            return Status(409, {"detail": " ".join(exc.messages), "current": current})
        raise HttpError(422, " ".join(exc.messages)) from exc
    return serialise(access_intervention(user, scheme, intervention_id), user)


@router.get(
    "/{slug}/interventions", response=list[InterventionOut], summary="Interventions (logbook)"
)
@paginate(Paginated)
def list_interventions(
    request: HttpRequest, slug: str, filters: Query[ListFilters]
) -> list[dict[str, Any]] | QuerySet[Intervention]:
    user = caller(request)
    scheme = access_scheme(user, slug)
    qs = scheme_interventions(user, scheme, InterventionFilters(**filters.dict()))

    def serialised(rows: Sequence[Intervention]) -> list[dict[str, Any]]:
        items = with_list_details(rows)
        shown = [i for i in items if narrative_for(user, i) is not None]
        sensitive_narratives_shown(
            user=user, scheme=scheme, interventions=shown, where="api:list_interventions"
        )
        return [serialise(i, user) for i in items]

    page = SerialisedPage(qs, serialised)
    return page  # type: ignore[return-value]


@router.get(
    "/{slug}/interventions/{intervention_id}",
    response=InterventionOut,
    summary="One intervention",
)
def get_intervention(request: HttpRequest, slug: str, intervention_id: Id) -> dict[str, Any]:
    user = caller(request)
    scheme = access_scheme(user, slug)
    intervention = access_intervention(user, scheme, intervention_id)
    if narrative_for(user, intervention) is not None:
        sensitive_narratives_shown(
            user=user, scheme=scheme, interventions=[intervention], where="api:get_intervention"
        )
    return serialise(intervention, user)


@router.get("/{slug}/field-codes", response=CodeListsOut, summary="Code lists for recording")
def get_field_codes(request: HttpRequest, slug: str) -> dict[str, Any]:
    from voisinage.field.logbook.models import Scale
    from voisinage.field.logbook.scales import scale_labels

    scheme = access_scheme(caller(request), slug)
    wording = scale_labels(scheme)
    lists = code_lists(scheme)

    def pairs(items: list[Any]) -> list[dict[str, str]]:
        return [{"code": i.code, "label": i.label} for i in items]

    def choices(values: Any) -> list[dict[str, str]]:
        return [{"code": v, "label": str(label)} for v, label in values.choices]

    return {
        "origins": choices(Origin),
        "activities": pairs(lists.activities),
        "material": pairs(lists.material),
        "behaviour": pairs(lists.behaviour),
        "actions": pairs(lists.actions),
        # As the scheme words them, those in use only; no climate when it is not rated.
        "results": pairs(wording.offered(Scale.RESULT)),
        "climates": pairs(wording.offered(Scale.CLIMATE)),
        "climate_rated": wording.rated(Scale.CLIMATE),
    }
