"""API of the « Opérateurs et sites » section: the operators' sites, add one, give one up from a
date. The same services as the page; managers of the whole scheme only (404 for anyone else,
before the body is read); refusals are a 422 in French, nothing changed."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from voisinage.accounts.access import get_or_404, holds_whole_scheme
from voisinage.accounts.models import OperatorSite, User
from voisinage.apiauth import caller
from voisinage.apierrors import refused
from voisinage.apitypes import Day, Id
from voisinage.schemes import services
from voisinage.schemes.access import access_scheme
from voisinage.schemes.models import Scheme
from voisinage.schemes.selectors import operators_and_sites

router = Router(tags=["settings"])


class OperatorSiteIn(Schema):
    operator_id: Id
    neighbourhood_id: Id
    starts_on: Day
    ends_on: Day | None = None
    weekly_patrol_target: int | None = Field(None, ge=0, le=100_000)


class OperatorSiteOut(Schema):
    id: int
    operator_id: int
    operator: str
    neighbourhood_id: int
    site: str
    starts_on: date
    ends_on: date | None
    weekly_patrol_target: int | None


class OperatorSiteEndIn(Schema):
    last_day: Day


def _out(site: OperatorSite) -> dict[str, Any]:
    return {
        "id": site.pk,
        "operator_id": site.operator_id,
        "operator": str(site.operator),
        "neighbourhood_id": site.neighbourhood_id,
        "site": str(site.neighbourhood),
        "starts_on": site.starts_on,
        "ends_on": site.ends_on,
        "weekly_patrol_target": site.weekly_patrol_target,
    }


def _whole_scheme_manager(user: User, slug: str) -> Scheme:
    scheme = access_scheme(user, slug, write=True)
    if not holds_whole_scheme(user, scheme.pk, "can_manage"):
        raise Http404
    return scheme


@router.get(
    "/{slug}/settings/operator-sites",
    response=list[OperatorSiteOut],
    summary="The operators' sites, held and given up",
)
def list_operator_sites(request: HttpRequest, slug: str) -> Any:
    scheme = _whole_scheme_manager(caller(request), slug)
    return [_out(site) for _member, sites in operators_and_sites(scheme) for site in sites]


@router.post(
    "/{slug}/settings/operator-sites",
    response={201: OperatorSiteOut},
    summary="An operator holds a site from a date (refused when another holds it then)",
)
def add_operator_site(request: HttpRequest, slug: str, payload: OperatorSiteIn) -> Any:
    user = caller(request)
    scheme = _whole_scheme_manager(user, slug)
    try:
        site = services.operator_site_add(scheme=scheme, author=user, **payload.dict())
    except ValidationError as exc:
        raise refused(exc) from exc
    return Status(201, _out(site))


@router.post(
    "/{slug}/settings/operator-sites/{site_id}/end",
    response=OperatorSiteOut,
    summary="The operator gives up a site from a date (its last day)",
)
def end_operator_site(
    request: HttpRequest, slug: str, site_id: Id, payload: OperatorSiteEndIn
) -> Any:
    user = caller(request)
    scheme = _whole_scheme_manager(user, slug)
    site = get_or_404(OperatorSite.objects.filter(scheme=scheme), pk=site_id)
    try:
        ended = services.operator_site_end(site=site, author=user, last_day=payload.last_day)
    except ValidationError as exc:
        raise refused(exc) from exc
    return _out(ended)
