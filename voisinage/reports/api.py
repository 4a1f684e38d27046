"""API of reports: create (idempotent, merging duplicates on request), list with filters, one
report with its occurrences and history, the recipient's answer, GeoJSON for the map."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from voisinage.accounts.access import get_or_404
from voisinage.apiauth import caller
from voisinage.apitypes import Day, Id, Paginated, idempotency_key
from voisinage.field.logbook.access import access_intervention
from voisinage.lib import clock
from voisinage.lib.paging import SerialisedPage
from voisinage.reports import settings_api
from voisinage.reports.access import access_report
from voisinage.reports.models import Answer, OccurrenceSource, Report, Urgency
from voisinage.reports.selectors import (
    ReportFilters,
    can_answer,
    duplicate_candidates,
    geojson_features,
    local_today,
    report_history,
    report_occurrences,
    scheme_categories,
    scheme_reports,
    sees_description,
)
from voisinage.reports.services import Place, report_answer, report_create, report_settings_for
from voisinage.schemes.access import access_scheme
from voisinage.territory.access import entrance_by_code
from voisinage.territory.models import Entrance, Neighbourhood

router = Router(tags=["reports"])


class Ref(Schema):
    id: int
    name: str


class ReportOut(Schema):
    id: int
    status: str
    category: str = Field(description="Category code")
    category_label: str
    urgency: str
    description: str | None = Field(
        description="null when hidden from the caller (social situations, see docs/reports.md)"
    )
    created_at: datetime
    entrance: dict[str, Any] | None
    place_label: str
    landlord: Ref | None
    neighbourhood: Ref | None
    lat: float | None
    lon: float | None
    recipient: Ref | None
    due_on: date | None
    planned_for: date | None
    occurrences: int = Field(description="How many times the problem was reported")


class CreatedReportOut(ReportOut):
    merged: bool = Field(description="True when the report was merged into an existing one")
    duplicates: list[int] = Field(
        description="Open reports of the same category nearby, proposed for merging"
    )


class OccurrenceOut(Schema):
    at: datetime
    author: str
    source: str
    intervention_id: int | None
    description: str | None
    photos: int


class EventOut(Schema):
    at: datetime
    kind: str
    by: str
    recipient: str
    rule: str
    planned_for: date | None
    comment: str | None = Field(
        description="null when hidden from the caller (social situations, see docs/reports.md)"
    )


class ReportDetailOut(ReportOut):
    occurrence_list: list[OccurrenceOut]
    history: list[EventOut]


class ReportIn(Schema):
    category: str = Field(description="Category code (see /report-categories)")
    description: str = Field(max_length=5000)
    urgency: str = Field(Urgency.NORMAL, description="normal or urgent")
    entrance_id: Id | None = None
    entrance_code: str = Field("", max_length=40, description="Alternative to entrance_id")
    place_label: str = Field("", max_length=255)
    neighbourhood_id: Id | None = None
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    intervention_id: Id | None = None
    merge_duplicates: bool = Field(
        False, description="Merge into the best open duplicate, if any (same entrance or 50 m)"
    )


class AnswerIn(Schema):
    answer: str = Field(description="One of: " + ", ".join(Answer.values))
    planned_for: Day | None = None
    comment: str = Field("", max_length=2000)


class ListFilters(Schema):
    status: str = Field("", description="A status, or open / overdue")
    category: Id | None = None
    recipient: Id | None = None
    start: Day | None = Field(None, alias="from")
    end: Day | None = Field(None, alias="to")


class CategoryOut(Schema):
    code: str
    label: str
    group: str


def _ref(obj: Any) -> dict[str, Any] | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def serialise(report: Report, user: Any) -> dict[str, Any]:
    entrance = report.entrance
    return {
        "id": report.pk,
        "status": report.status,
        "category": report.category.code,
        "category_label": report.category.label,
        "urgency": report.urgency,
        "description": report.description if sees_description(user, report) else None,
        "created_at": report.created_at,
        "entrance": (
            {"id": entrance.pk, "code": entrance.code, "address": entrance.address}
            if entrance
            else None
        ),
        "place_label": report.place_label,
        "landlord": _ref(report.landlord),
        "neighbourhood": _ref(report.neighbourhood),
        "lat": report.lat,
        "lon": report.lon,
        "recipient": _ref(report.recipient),
        "due_on": report.due_on,
        "planned_for": report.planned_for,
        "occurrences": getattr(report, "occurrence_count", None) or report.occurrences.count(),
    }


def _detail(report: Report, user: Any) -> dict[str, Any]:
    shown = sees_description(user, report)
    return {
        **serialise(report, user),
        "occurrence_list": [
            {
                "at": o.at,
                "author": o.author.display_name,
                "source": o.source,
                "intervention_id": o.intervention_id,
                "description": o.description if shown else None,
                "photos": len(o.photos.all()),
            }
            for o in report_occurrences(report)
        ],
        "history": [
            {
                "at": e.at,
                "kind": e.kind,
                "by": e.user.display_name if e.user else (str(e.organisation or "")),
                "recipient": str(e.recipient or ""),
                "rule": e.rule_label,
                "planned_for": e.planned_for,
                "comment": e.comment if shown else None,
            }
            for e in report_history(report)
        ],
    }


def _error(exc: ValidationError) -> HttpError:
    return HttpError(422, " ".join(exc.messages))


@router.post(
    "/{slug}/reports",
    response={200: CreatedReportOut, 201: CreatedReportOut},
    summary="Report a problem to a partner (idempotent with an Idempotency-Key header)",
)
def create_report(request: HttpRequest, slug: str, payload: ReportIn) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, require="can_record")
    key = idempotency_key(request)
    config = report_settings_for(scheme)  # the default categories, on first use
    category = scheme_categories(scheme).filter(code=payload.category).first()
    if category is None:
        raise HttpError(422, _("Unknown category: %(code)s") % {"code": payload.category})
    entrances = Entrance.objects.visible_to(user).filter(scheme=scheme)
    entrance = neighbourhood = intervention = None
    if payload.entrance_id is not None:
        entrance = get_or_404(entrances, pk=payload.entrance_id)
    else:
        try:
            entrance = entrance_by_code(user, scheme, payload.entrance_code)
        except ValidationError as exc:
            raise _error(exc) from exc
    if payload.neighbourhood_id is not None:
        neighbourhood = get_or_404(
            Neighbourhood.objects.visible_to(user).filter(scheme=scheme),
            pk=payload.neighbourhood_id,
        )
    if payload.intervention_id is not None:
        intervention = access_intervention(user, scheme, payload.intervention_id)
    lat = payload.lat if payload.lat is not None else (entrance.lat if entrance else None)
    lon = payload.lon if payload.lon is not None else (entrance.lon if entrance else None)
    candidates = duplicate_candidates(
        user,
        scheme,
        category=category,
        entrance_id=entrance.pk if entrance else None,
        lat=lat,
        lon=lon,
        now=clock.now(),
        radius_m=config.duplicate_radius_m,
        window_days=config.duplicate_window_days,
    )
    try:
        result = report_create(
            scheme=scheme,
            author=user,
            category=category,
            description=payload.description,
            urgency=payload.urgency,
            place=Place(
                entrance=entrance,
                place_label=payload.place_label,
                neighbourhood=neighbourhood,
                lat=payload.lat,
                lon=payload.lon,
            ),
            source=OccurrenceSource.API,
            intervention=intervention,
            merge_into=candidates[0] if payload.merge_duplicates and candidates else None,
            idempotency_key=key,
        )
    except ValidationError as exc:
        raise _error(exc) from exc
    fresh = access_report(user, scheme, result.report.pk)
    body = {
        **serialise(fresh, user),
        "merged": result.merged,
        "duplicates": [c.pk for c in candidates if c.pk != fresh.pk],
    }
    return Status(201 if result.created and not result.merged else 200, body)


@router.get("/{slug}/reports", response=list[ReportOut], summary="Reports (paginated)")
@paginate(Paginated)
def list_reports(request: HttpRequest, slug: str, filters: Query[ListFilters]) -> QuerySet[Report]:
    user = caller(request)
    scheme = access_scheme(user, slug)
    qs = scheme_reports(user, scheme, ReportFilters(**filters.dict()))
    page = SerialisedPage(qs, lambda rows: [serialise(r, user) for r in rows])
    return page  # type: ignore[return-value]


@router.get(
    "/{slug}/reports.geojson",
    response=dict[str, Any],
    summary="Reports as GeoJSON (FeatureCollection), with the list's filters",
)
def reports_geojson(request: HttpRequest, slug: str, filters: Query[ListFilters]) -> dict[str, Any]:
    user = caller(request)
    scheme = access_scheme(user, slug)
    qs = scheme_reports(user, scheme, ReportFilters(**filters.dict()))
    features = geojson_features(qs, today=local_today(scheme))
    return {"type": "FeatureCollection", "features": features}


@router.get(
    "/{slug}/reports/{report_id}",
    response=ReportDetailOut,
    summary="One report with its occurrences and history",
)
def get_report(request: HttpRequest, slug: str, report_id: Id) -> dict[str, Any]:
    user = caller(request)
    scheme = access_scheme(user, slug)
    return _detail(access_report(user, scheme, report_id), user)


@router.post(
    "/{slug}/reports/{report_id}/answer",
    response=ReportDetailOut,
    summary="The recipient's answer: acknowledged, planned (with a date), done, not_ours",
)
def answer_report(request: HttpRequest, slug: str, report_id: Id, payload: AnswerIn) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug)
    report = access_report(user, scheme, report_id)
    if not can_answer(user, report):
        raise Http404  # forbidden answers as missing, like everything else
    try:
        report_answer(
            report=report,
            user=user,
            answer=payload.answer,
            planned_for=payload.planned_for,
            comment=payload.comment,
        )
    except ValidationError as exc:
        raise _error(exc) from exc
    return _detail(access_report(user, scheme, report_id), user)


@router.get(
    "/{slug}/report-categories", response=list[CategoryOut], summary="Report categories in use"
)
def list_report_categories(request: HttpRequest, slug: str) -> list[dict[str, str]]:
    scheme = access_scheme(caller(request), slug)
    return [{"code": c.code, "label": c.label, "group": c.group} for c in scheme_categories(scheme)]


router.add_router("", settings_api.router)
