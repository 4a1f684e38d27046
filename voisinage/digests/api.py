"""Digests API: the list of digests with their dispatch times, one night's digest as JSON or
PDF (its lines restricted to the caller's perimeter), and the ambiance summaries."""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from voisinage.apiauth import caller
from voisinage.apitypes import Day, Id, Paginated
from voisinage.digests import settings_api
from voisinage.digests.access import access_digest
from voisinage.digests.ambiance import ambiance, period_bounds
from voisinage.digests.compile import version_reading
from voisinage.digests.models import PeriodKind
from voisinage.digests.pdf import digest_pdf
from voisinage.digests.selectors import last_night, night_or_404, scheme_digests, version_for
from voisinage.field.models import Intervention
from voisinage.schemes.access import access_scheme
from voisinage.territory.models import Neighbourhood

router = Router(tags=["digests"])


class DigestSummaryOut(Schema):
    night: date
    first_sent_at: datetime | None
    on_time: bool | None
    validated_at: datetime | None
    sent_versions: int


class DigestOut(Schema):
    night: date
    version: int
    sent_at: datetime | None
    validated: bool
    whole_night: bool
    interventions: list[dict[str, Any]]
    sections: list[dict[str, Any]]
    statistics: dict[str, list[tuple[str, int]]]
    ambiance: list[dict[str, Any]]
    staff: list[dict[str, Any]] = Field(description="Who was on duty: for readers of the rota")
    staff_count: int = Field(description="How many were on duty (a staffing level)")
    changes: list[dict[str, Any]] = Field(description="Changes since the previous version")


class AmbianceQuery(Schema):
    period: str = "week"
    day: Day | None = Field(None, alias="date")


class AmbianceOut(Schema):
    period: str
    start: date
    end: date
    neighbourhoods: list[dict[str, Any]]


@router.get("/{slug}/digests", response=list[DigestSummaryOut], summary="Daily digests")
@paginate(Paginated)
def list_digests(request: HttpRequest, slug: str) -> Any:
    user = caller(request)
    return scheme_digests(user, access_scheme(user, slug))


@router.get("/{slug}/digests/{night}.pdf", summary="One night's digest (PDF)")
def get_digest_pdf(
    request: HttpRequest, slug: str, night: str, version: Id | None = None
) -> HttpResponse:
    user = caller(request)
    scheme = access_scheme(user, slug)
    digest = access_digest(user, scheme, night_or_404(night))
    found = version_for(user, digest, version)
    pdf = digest_pdf(found, version_reading(found, user))
    return HttpResponse(pdf, content_type="application/pdf")


@router.get("/{slug}/digests/{night}", response=DigestOut, summary="One night's digest")
def get_digest(request: HttpRequest, slug: str, night: str, version: Id | None = None) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug)
    digest = access_digest(user, scheme, night_or_404(night))
    found = version_for(user, digest, version)
    reading = version_reading(found, user)
    return {
        "night": digest.night,
        "version": found.number,
        "sent_at": found.sent_at,
        "validated": found.validated,
        "whole_night": reading.whole,
        "interventions": reading.interventions,
        "sections": reading.sections,
        "statistics": reading.stats,
        "ambiance": reading.content.get("ambiance", []),
        "staff": reading.content.get("staff", []),
        "staff_count": reading.staff_count,
        "changes": reading.changes,
    }


@router.get("/{slug}/ambiance", response=AmbianceOut, summary="Ambiance by neighbourhood")
def get_ambiance(request: HttpRequest, slug: str, query: Query[AmbianceQuery]) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug)
    period = query.period if query.period in PeriodKind.values else "week"
    start, end = period_bounds(period, query.day or last_night(scheme))
    rows = ambiance(
        scheme,
        start,
        end,
        period=period,
        interventions=Intervention.objects.visible_to(user),
        neighbourhoods=Neighbourhood.objects.visible_to(user),
    )
    return {
        "period": period,
        "start": start,
        "end": end,
        "neighbourhoods": [r.as_json() for r in rows],
    }


router.add_router("", settings_api.router)
