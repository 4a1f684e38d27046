"""API of the steering networks: the networks one is a member of, a network's overview (the
same figures as the page), and, for its managers, adding a scheme or a member. 404 alike for a
network that does not exist and one the caller is not a member of."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from voisinage.apiauth import caller
from voisinage.apierrors import refused
from voisinage.apitypes import Line
from voisinage.lib import clock
from voisinage.networks import services
from voisinage.networks.access import access_network
from voisinage.networks.models import Network
from voisinage.networks.selectors import OverviewRow, network_overview

router = Router(tags=["networks"])


class NetworkOut(Schema):
    slug: str
    name: str
    kind: str
    organisation: str = Field(alias="organisation.name")


@router.get("", response=list[NetworkOut], summary="The steering networks one is a member of")
def list_networks(request: HttpRequest) -> Any:
    return list(Network.objects.visible_to(caller(request)).select_related("organisation"))


class NetworkIndicatorOut(Schema):
    code: str
    label: str
    unit: str
    definition: str


class NetworkRowOut(Schema):
    key: str
    label: str
    values: dict[str, float | None]
    drill_down: str | None = Field(description="The scheme's dashboard, where one holds a grant")


class NetworkFieldRowOut(Schema):
    key: str
    label: str
    interventions: int


class NetworkOverviewOut(Schema):
    network: str
    year: int
    first: str
    last: str
    indicators: list[NetworkIndicatorOut]
    total: NetworkRowOut
    by_scheme: list[NetworkRowOut]
    by_operator: list[NetworkRowOut]
    by_neighbourhood_kind: list[NetworkRowOut]
    by_field: list[NetworkFieldRowOut]


class OverviewQuery(Schema):
    year: int | None = Field(None, description="Default: the current year")


@router.get(
    "/{slug}/overview", response=NetworkOverviewOut, summary="A network's year across its schemes"
)
def network_overview_api(request: HttpRequest, slug: str, q: Query[OverviewQuery]) -> Any:
    user = caller(request)
    network = access_network(user, slug)
    today = clock.today()
    year = q.year or today.year
    if not 2000 <= year <= today.year:
        raise HttpError(422, _("Give a year between 2000 and %(year)s.") % {"year": today.year})
    board = network_overview(user, network, year)
    codes = [i.code for i in board.indicators]

    def row(r: OverviewRow) -> dict[str, Any]:
        values = {c: None if v is None else float(v) for c, v in zip(codes, r.values, strict=True)}
        return {"key": r.key, "label": r.label, "values": values, "drill_down": r.url}

    return {
        "network": network.slug,
        "year": board.year,
        "first": board.first.isoformat(),
        "last": board.last.isoformat(),
        "indicators": [
            {"code": i.code, "label": str(i.label), "unit": i.unit, "definition": str(i.definition)}
            for i in board.indicators
        ],
        "total": row(board.total),
        "by_scheme": [row(r) for r in board.by_scheme],
        "by_operator": [row(r) for r in board.by_operator],
        "by_neighbourhood_kind": [row(r) for r in board.by_kind],
        "by_field": [vars(f) for f in board.by_field],
    }


class NetworkSchemeIn(Schema):
    scheme: Line = Field(max_length=60, description="The scheme's address (slug)")


class NetworkSchemeOut(Schema):
    scheme: str = Field(alias="scheme.slug")
    added_on: str


@router.post(
    "/{slug}/schemes", response={201: NetworkSchemeOut}, summary="Add a scheme to the network"
)
def add_network_scheme(request: HttpRequest, slug: str, payload: NetworkSchemeIn) -> Any:
    user = caller(request)
    network = access_network(user, slug, manage=True)
    try:
        link = services.network_scheme_add_by_slug(
            network=network, author=user, slug=payload.scheme
        )
    except ValidationError as exc:
        raise refused(exc) from exc
    return Status(201, {"scheme": link.scheme.slug, "added_on": link.added_on.isoformat()})


class NetworkMemberIn(Schema):
    username: Line = Field(max_length=150)
    schemes: list[Line] = Field(default_factory=list, max_length=500)
    can_manage: bool = False


class NetworkMemberOut(Schema):
    username: str
    schemes: list[str]
    can_manage: bool


@router.post(
    "/{slug}/members", response={201: NetworkMemberOut}, summary="Add a member to the network"
)
def add_network_member(request: HttpRequest, slug: str, payload: NetworkMemberIn) -> Any:
    user = caller(request)
    network = access_network(user, slug, manage=True)
    try:
        member = services.network_member_add_by_name(
            network=network,
            author=user,
            username=payload.username,
            scheme_slugs=list(payload.schemes),
            can_manage=payload.can_manage,
        )
    except ValidationError as exc:
        raise refused(exc) from exc
    return Status(
        201,
        {
            "username": member.user.username,
            "schemes": sorted(s.slug for s in member.schemes.all()),
            "can_manage": member.can_manage,
        },
    )
