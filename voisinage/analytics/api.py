"""API of the analytics app: indicator values, the review deck (PPTX/PDF), the monthly summary
(PDF) and roadmaps. Every figure is limited to the caller's perimeter (same selectors as the
pages)."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from voisinage.analytics.access import access_roadmap
from voisinage.analytics.documents.content import build_monthly_summary, build_review
from voisinage.analytics.documents.deck import build_deck
from voisinage.analytics.documents.pdf import review_pdf, summary_pdf
from voisinage.analytics.indicators import Filters
from voisinage.analytics.periods import Period, PeriodError, PeriodKind, period_from
from voisinage.analytics.selectors import (
    ObjectiveProgress,
    indicator_values,
    objective_progress,
    so_far,
)
from voisinage.apiauth import caller
from voisinage.apitypes import Day, Id, Year
from voisinage.core.indicators import DIMENSIONS
from voisinage.lib import clock
from voisinage.schemes.access import access_scheme

router = Router(tags=["analytics"])
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _binary(media: str, description: str) -> dict[str, Any]:
    return {
        "responses": {
            200: {
                "description": description,
                "content": {media: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


class PeriodQuery(Schema):
    from_: Day | None = Field(None, alias="from", description="First service night (YYYY-MM-DD)")
    to: Day | None = Field(None, description="Last service night (YYYY-MM-DD)")
    period: str | None = Field(
        None, description="Instead of from/to: " + ", ".join(PeriodKind.values)
    )
    day: Day | None = Field(None, alias="date", description="A day inside the period")


class IndicatorQuery(PeriodQuery):
    group_by: str | None = Field(None, description="One of: " + ", ".join(DIMENSIONS))
    neighbourhood: Id | None = None
    landlord: Id | None = None
    activity: Id | None = None
    origin: str = ""


class GroupOut(Schema):
    key: str
    label: str
    value: float


class IndicatorOut(Schema):
    code: str
    label: str
    level: str
    unit: str
    definition: str
    formula: str
    registers: list[str]
    available: bool = Field(description="false when the source app is not installed yet")
    value: float | None
    previous: float | None
    last_year: float | None
    groups: list[GroupOut]


class IndicatorsOut(Schema):
    scheme: str
    first: date
    last: date
    previous_first: date
    previous_last: date
    in_progress: bool = Field(
        description="true when the period is still running: it stops at its latest day so "
        "far and is compared with as many days of the previous period and of last year"
    )
    group_by: str | None
    items: list[IndicatorOut]


def _period(q: PeriodQuery, default: str) -> Period:
    try:
        return period_from(
            q.period or default,
            q.day.isoformat() if q.day else None,
            q.from_.isoformat() if q.from_ else None,
            q.to.isoformat() if q.to else None,
            today=clock.today(),
        )
    except PeriodError as exc:
        raise HttpError(422, str(exc)) from exc


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


@router.get("/{slug}/indicators", response=IndicatorsOut, summary="Indicator values")
def indicators(request: HttpRequest, slug: str, q: Query[IndicatorQuery]) -> dict[str, Any]:
    from django.utils.translation import gettext as _

    user = caller(request)
    scheme = access_scheme(user, slug)
    if q.group_by and q.group_by not in DIMENSIONS:
        raise HttpError(
            422, _("Unknown grouping: use one of %(names)s.") % {"names": ", ".join(DIMENSIONS)}
        )
    # A period in progress stops at its latest day so far, compared with as many days.
    period = so_far(_period(q, PeriodKind.MONTH), scheme)
    filters = Filters(q.neighbourhood, q.landlord, q.activity, q.origin[:30])
    values = indicator_values(user, scheme, period, filters, q.group_by)
    previous = period.previous()
    return {
        "scheme": scheme.slug,
        "first": period.first,
        "last": period.last,
        "previous_first": previous.first,
        "previous_last": previous.last,
        "in_progress": period.so_far,
        "group_by": q.group_by,
        "items": [
            {
                "code": v.indicator.code,
                "label": str(v.indicator.label),
                "level": v.indicator.level,
                "unit": v.indicator.unit,
                "definition": str(v.indicator.definition),
                "formula": v.indicator.formula,
                "registers": list(v.indicator.registers),
                "available": v.available,
                "value": _float(v.value),
                "previous": _float(v.previous),
                "last_year": _float(v.last_year),
                "groups": [
                    {"key": k, "label": label, "value": float(n)} for k, label, n in v.groups
                ],
            }
            for v in values
        ],
    }


def _attachment(body: bytes, media: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=media)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get(
    "/{slug}/review.pptx",
    summary="The review deck (PowerPoint with native charts)",
    openapi_extra=_binary(PPTX, "PowerPoint document"),
)
def review_pptx(request: HttpRequest, slug: str, q: Query[PeriodQuery]) -> HttpResponse:
    user = caller(request)
    scheme = access_scheme(user, slug)
    period = _period(q, PeriodKind.HALF_YEAR)
    deck = build_deck(build_review(user, scheme, period))
    return _attachment(deck, PPTX, f"bilan-{scheme.slug}-{period.first}-{period.last}.pptx")


@router.get(
    "/{slug}/review.pdf",
    summary="The review as PDF (same content as the deck)",
    openapi_extra=_binary("application/pdf", "PDF document"),
)
def review_pdf_api(request: HttpRequest, slug: str, q: Query[PeriodQuery]) -> HttpResponse:
    user = caller(request)
    scheme = access_scheme(user, slug)
    period = _period(q, PeriodKind.HALF_YEAR)
    body = review_pdf(build_review(user, scheme, period))
    return _attachment(
        body, "application/pdf", f"bilan-{scheme.slug}-{period.first}-{period.last}.pdf"
    )


@router.get(
    "/{slug}/monthly-summary/{month}.pdf",
    summary="The monthly summary (PDF); month is YYYY-MM",
    openapi_extra=_binary("application/pdf", "PDF document"),
)
def monthly_summary_pdf(request: HttpRequest, slug: str, month: str) -> HttpResponse:
    from django.utils.translation import gettext as _

    user = caller(request)
    scheme = access_scheme(user, slug)
    try:
        first = date.fromisoformat(f"{month}-01")
    except ValueError as exc:
        raise HttpError(422, _("The month is written as YYYY-MM.")) from exc
    body = summary_pdf(build_monthly_summary(user, scheme, first))
    return _attachment(body, "application/pdf", f"synthese-{scheme.slug}-{month}.pdf")


class ActionOut(Schema):
    id: int
    title: str
    owner: str
    month: int | None
    due_on: date | None
    status: str


class ObjectiveOut(Schema):
    id: int
    title: str
    indicator: str
    target: Decimal | None
    value: float | None
    progress: float | None = Field(description="percent of the target reached so far")
    actions: list[ActionOut]


class AxisOut(Schema):
    id: int
    title: str
    objectives: list[ObjectiveOut]


class RoadmapOut(Schema):
    year: int
    title: str
    version: int
    axes: list[AxisOut]


def _objective_value(progress: ObjectiveProgress) -> float | None:
    return _float(progress.value.value) if progress.value is not None else None


@router.get("/{slug}/roadmaps/{year}", response=RoadmapOut, summary="The annual roadmap")
def roadmap(request: HttpRequest, slug: str, year: Year) -> dict[str, Any]:
    from django.http import Http404

    user = caller(request)
    scheme = access_scheme(user, slug)
    found = access_roadmap(user, scheme, year)
    if found is None:
        raise Http404
    progress = objective_progress(user, scheme, found)
    return {
        "year": found.year,
        "title": found.title,
        "version": found.version,
        "axes": [
            {
                "id": axis.pk,
                "title": axis.title,
                "objectives": [
                    {
                        "id": o.pk,
                        "title": o.title,
                        "indicator": o.indicator,
                        "target": o.target,
                        "value": _objective_value(progress[o.pk]),
                        "progress": progress[o.pk].progress,
                        "actions": [
                            {
                                "id": a.pk,
                                "title": a.title,
                                "owner": a.owner,
                                "month": a.month,
                                "due_on": a.due_on,
                                "status": a.status,
                            }
                            for a in o.actions.all()
                        ],
                    }
                    for o in axis.objectives.all()
                ],
            }
            for axis in found.axes.all()
        ],
    }


from voisinage.analytics import evaluation_api  # noqa: E402

router.add_router("", evaluation_api.router)
