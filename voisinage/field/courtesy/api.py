"""API of the field app: courtesy-visit campaigns and the outcome of each visit."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from voisinage.apiauth import caller
from voisinage.apitypes import Id, Paginated
from voisinage.field.courtesy.access import access_courtesy_campaign, access_courtesy_visit
from voisinage.field.courtesy.models import CourtesyCampaign, CourtesyVisit, VisitOutcome
from voisinage.field.courtesy.selectors import (
    campaign_visits,
    progress_of,
    scheme_courtesy_campaigns,
    sees_tenant_names,
)
from voisinage.field.courtesy.services import courtesy_tenants_shown, courtesy_visit_record
from voisinage.schemes.access import access_scheme

router = Router(tags=["field"])


class Ref(Schema):
    id: int
    name: str


class ProgressOut(Schema):
    total: int
    done: int = Field(description="Met or refused")
    visited: int = Field(description="Any outcome recorded")
    percent_done: int
    counts: dict[str, int] = Field(description="Visits per outcome")


class CampaignFields(Schema):
    id: int
    name: str
    landlord: Ref
    starts_on: date
    ends_on: date | None
    progress: ProgressOut


class CampaignOut(CampaignFields):
    @staticmethod
    def resolve_landlord(obj: CourtesyCampaign) -> dict[str, Any]:
        return {"id": obj.landlord.pk, "name": obj.landlord.name}

    @staticmethod
    def resolve_progress(obj: CourtesyCampaign) -> dict[str, Any]:
        return _progress(obj)


class EntranceRef(Schema):
    id: int
    code: str
    address: str


class VisitOut(Schema):
    id: int
    entrance: EntranceRef
    dwelling: str
    tenant_name: str | None = Field(
        description="Null when the caller may not see tenants' names (personal data)"
    )
    note: str
    outcome: str
    visited_at: datetime | None
    visited_by: Ref | None
    intervention_id: int | None


class CampaignDetailOut(CampaignFields):
    visits: list[VisitOut]


class OutcomeIn(Schema):
    outcome: str = Field(description="met, absent, refused or revisit")
    remark: str = Field("", max_length=1000, description="Written into the logbook entry")


def _progress(campaign: CourtesyCampaign) -> dict[str, Any]:
    progress = progress_of(campaign)
    return {
        "total": progress.total,
        "done": progress.done,
        "visited": progress.visited,
        "percent_done": progress.percent_done,
        "counts": {o: progress.counts.get(o, 0) for o in VisitOutcome.values},
    }


def _visit(visit: CourtesyVisit, *, names: bool) -> dict[str, Any]:
    by = visit.visited_by
    return {
        "id": visit.pk,
        "entrance": {
            "id": visit.entrance.pk,
            "code": visit.entrance.code,
            "address": visit.entrance.address,
        },
        "dwelling": visit.dwelling,
        "tenant_name": visit.tenant_name if names else None,
        "note": visit.note,
        "outcome": visit.outcome,
        "visited_at": visit.visited_at,
        "visited_by": {"id": by.pk, "name": by.display_name} if by is not None else None,
        "intervention_id": visit.intervention_id,
    }


@router.get(
    "/{slug}/courtesy-campaigns",
    response=list[CampaignOut],
    summary="Courtesy-visit campaigns the caller sees, with their progress",
)
@paginate(Paginated)
def list_courtesy_campaigns(request: HttpRequest, slug: str) -> QuerySet[CourtesyCampaign]:
    user = caller(request)
    return scheme_courtesy_campaigns(user, access_scheme(user, slug))


@router.get(
    "/{slug}/courtesy-campaigns/{campaign_id}",
    response=CampaignDetailOut,
    summary="One campaign with its visits (tenants' names only for allowed callers)",
)
def get_courtesy_campaign(request: HttpRequest, slug: str, campaign_id: Id) -> dict[str, Any]:
    user = caller(request)
    scheme = access_scheme(user, slug)
    campaign = access_courtesy_campaign(user, scheme, campaign_id)
    names = sees_tenant_names(user, campaign)
    visits = [v for group in campaign_visits(campaign) for v in group.visits]
    if names:
        courtesy_tenants_shown(
            user=user, scheme=scheme, visits=visits, where="api:get_courtesy_campaign"
        )
    return {
        "id": campaign.pk,
        "name": campaign.name,
        "landlord": {"id": campaign.landlord.pk, "name": campaign.landlord.name},
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "progress": _progress(campaign),
        "visits": [_visit(v, names=names) for v in visits],
    }


@router.post(
    "/{slug}/courtesy-campaigns/{campaign_id}/visits/{visit_id}/outcome",
    response=VisitOut,
    summary="Record a visit's outcome (operator staff); records its logbook entry",
)
def record_courtesy_outcome(
    request: HttpRequest, slug: str, campaign_id: Id, visit_id: Id, payload: OutcomeIn
) -> dict[str, Any]:
    user = caller(request)
    scheme = access_scheme(user, slug)
    visit = access_courtesy_visit(user, scheme, campaign_id, visit_id, write=True)
    try:
        visit = courtesy_visit_record(
            visit=visit, outcome=payload.outcome, user=user, remark=payload.remark
        )
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    return _visit(visit, names=sees_tenant_names(user, visit.campaign))
