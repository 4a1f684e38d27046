"""API of the territory's sections of the settings area: neighbourhoods, residences, entrances
and the scheme's member organisations. Each route calls the same services as the section's
page; the scheme's managers only; refusals are a 422 in French, nothing changed."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from voisinage.accounts.access import get_or_404
from voisinage.apiauth import caller
from voisinage.apitypes import Id, Line
from voisinage.schemes.access import access_scheme
from voisinage.schemes.models import MemberRole, Scheme
from voisinage.schemes.referential_api import refused
from voisinage.schemes.services import scheme_member_add
from voisinage.territory import services
from voisinage.territory.models import (
    Entrance,
    Neighbourhood,
    NeighbourhoodKind,
    Organisation,
    OrganisationKind,
    Residence,
)

router = Router(tags=["settings"])


class NeighbourhoodIn(Schema):
    name: Line = Field(max_length=120)
    kind: NeighbourhoodKind = NeighbourhoodKind.OTHER


class SettingsNeighbourhoodOut(Schema):
    id: int
    name: str
    kind: str
    is_active: bool


@router.post(
    "/{slug}/settings/neighbourhoods",
    response={201: SettingsNeighbourhoodOut},
    summary="Add a neighbourhood (its name unique in the scheme)",
)
def create_neighbourhood(request: HttpRequest, slug: str, payload: NeighbourhoodIn) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    try:
        row = services.neighbourhood_create(scheme=scheme, author=user, **payload.dict())
    except ValidationError as exc:
        raise refused(exc) from exc
    return Status(201, row)


@router.put(
    "/{slug}/settings/neighbourhoods/{neighbourhood_id}",
    response=SettingsNeighbourhoodOut,
    summary="Rename a neighbourhood or change its kind",
)
def update_neighbourhood(
    request: HttpRequest, slug: str, neighbourhood_id: Id, payload: NeighbourhoodIn
) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    row = get_or_404(Neighbourhood.objects.filter(scheme=scheme), pk=neighbourhood_id)
    try:
        return services.neighbourhood_update(neighbourhood=row, author=user, **payload.dict())
    except ValidationError as exc:
        raise refused(exc) from exc


def _neighbourhood(scheme: Scheme, pk: int) -> Neighbourhood:
    row = Neighbourhood.objects.filter(scheme=scheme, pk=pk).first()
    if row is None:
        raise HttpError(422, _("This neighbourhood is not in the scheme."))
    return row


def _landlord(pk: int) -> Organisation:
    row = Organisation.objects.filter(pk=pk).first()
    if row is None:
        raise HttpError(422, _("This organisation is not a landlord of the scheme."))
    return row


class ResidenceIn(Schema):
    name: Line = Field(max_length=160)
    landlord_id: Id
    neighbourhood_id: Id


class ResidenceOut(Schema):
    id: int
    name: str
    landlord_id: int
    neighbourhood_id: int
    is_active: bool


@router.post("/{slug}/settings/residences", response={201: ResidenceOut}, summary="Add a residence")
def create_residence(request: HttpRequest, slug: str, payload: ResidenceIn) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    try:
        row = services.residence_create(
            scheme=scheme,
            author=user,
            name=payload.name,
            landlord=_landlord(payload.landlord_id),
            neighbourhood=_neighbourhood(scheme, payload.neighbourhood_id),
        )
    except ValidationError as exc:
        raise refused(exc) from exc
    return Status(201, row)


class EntranceIn(Schema):
    code: Line = Field(max_length=40)
    address: Line = Field(max_length=255)
    landlord_id: Id
    neighbourhood_id: Id
    residence_id: Id | None = None
    dwellings: int = Field(0, ge=0, le=32767)


class EntranceChange(Schema):
    address: Line = Field(max_length=255)
    neighbourhood_id: Id
    dwellings: int = Field(ge=0, le=32767)
    is_active: bool = True


class SettingsEntranceOut(Schema):
    id: int
    code: str
    address: str
    landlord_id: int
    neighbourhood_id: int
    residence_id: int | None
    dwellings: int
    is_active: bool


@router.post(
    "/{slug}/settings/entrances", response={201: SettingsEntranceOut}, summary="Add an entrance"
)
def create_entrance(request: HttpRequest, slug: str, payload: EntranceIn) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    residence = None
    if payload.residence_id is not None:
        residence = Residence.objects.filter(scheme=scheme, pk=payload.residence_id).first()
        if residence is None:
            raise HttpError(422, _("This residence is not in the scheme."))
    try:
        row = services.entrance_create(
            scheme=scheme,
            author=user,
            code=payload.code,
            address=payload.address,
            landlord=_landlord(payload.landlord_id),
            neighbourhood=_neighbourhood(scheme, payload.neighbourhood_id),
            residence=residence,
            dwellings=payload.dwellings,
        )
    except ValidationError as exc:
        raise refused(exc) from exc
    return Status(201, row)


@router.put(
    "/{slug}/settings/entrances/{entrance_id}",
    response=SettingsEntranceOut,
    summary="Change an entrance's address, neighbourhood or dwellings, or retire it",
)
def update_entrance(
    request: HttpRequest, slug: str, entrance_id: Id, payload: EntranceChange
) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    row = get_or_404(Entrance.objects.filter(scheme=scheme), pk=entrance_id)
    try:
        return services.entrance_update(
            entrance=row,
            author=user,
            address=payload.address,
            neighbourhood=_neighbourhood(scheme, payload.neighbourhood_id),
            dwellings=payload.dwellings,
            is_active=payload.is_active,
        )
    except ValidationError as exc:
        raise refused(exc) from exc


class MemberIn(Schema):
    name: Line = Field(max_length=200, description="An organisation that does not exist is created")
    kind: OrganisationKind
    role: MemberRole


class SettingsMemberOut(Schema):
    id: int
    organisation: str
    role: str


@router.post(
    "/{slug}/settings/members",
    response={201: SettingsMemberOut},
    summary="Add a member organisation to the scheme",
)
def add_member(request: HttpRequest, slug: str, payload: MemberIn) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    try:
        with transaction.atomic():
            organisation = services.organisation_ensure(name=payload.name, kind=payload.kind)
            member = scheme_member_add(
                scheme=scheme, author=user, organisation_id=organisation.pk, role=payload.role
            )
    except ValidationError as exc:
        raise refused(exc) from exc
    return Status(201, {"id": member.pk, "organisation": organisation.name, "role": member.role})
