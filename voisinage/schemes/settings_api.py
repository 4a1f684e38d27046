"""API of the schemes app's sections of the settings area: the sheet, the service hours, the
activities, the operator contract and the invitations. Each route calls the same service as
the section's page; the scheme's managers only; refusals are a 422 in French, nothing changed."""

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from voisinage.accounts.access import get_or_404
from voisinage.apiauth import caller
from voisinage.apierrors import refused
from voisinage.apitypes import Day, Id, Line, Text
from voisinage.schemes import services
from voisinage.schemes.access import access_scheme
from voisinage.schemes.models import Activity, OperatorContract, ServiceHoursRule
from voisinage.schemes.presets import PRESETS
from voisinage.schemes.referential_api import CodedOut, coded_list_routes

router = Router(tags=["settings"])


class SheetOut(Schema):
    name: str
    description: str
    public_phone: str
    starts_on: date
    ends_on: date | None
    time_zone: str
    holidays_included: bool
    weekly_patrol_target: int | None
    annual_hours_basis: int | None


class SheetChange(Schema):
    name: Line | None = Field(None, max_length=200)
    description: Text | None = None
    public_phone: Line | None = Field(None, max_length=40)
    starts_on: Day | None = None
    ends_on: Day | None = None
    time_zone: Line | None = Field(None, max_length=60)
    holidays_included: bool | None = None
    weekly_patrol_target: int | None = Field(None, ge=0, le=100_000)
    annual_hours_basis: int | None = Field(None, ge=0, le=8_784)


@router.patch("/{slug}/settings/sheet", response=SheetOut, summary="Change the scheme's sheet")
def update_sheet(request: HttpRequest, slug: str, payload: SheetChange) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    values = {f: getattr(scheme, f) for f in services.SHEET_FIELDS}
    values.update(payload.dict(exclude_unset=True))
    try:
        return services.scheme_sheet_update(scheme=scheme, author=user, **values)
    except ValidationError as exc:
        raise refused(exc) from exc


class HoursIn(Schema):
    start_month: int = Field(ge=1, le=12)
    start_day: int = Field(ge=1, le=31)
    end_month: int = Field(ge=1, le=12)
    end_day: int = Field(ge=1, le=31)
    weekdays: Line = Field(max_length=7, description="Days of the week, 0 = Monday: e.g. 01234")
    starts_at: time
    ends_at: time


class HoursOut(HoursIn):
    id: int


@router.post(
    "/{slug}/settings/hours",
    response={201: HoursOut},
    summary="Add a service hours rule (refused when it overlaps another)",
)
def add_hours_rule(request: HttpRequest, slug: str, payload: HoursIn) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    try:
        rule = services.service_hours_rule_add(scheme=scheme, author=user, **payload.dict())
    except ValidationError as exc:
        raise refused(exc) from exc
    return Status(201, rule)


@router.delete(
    "/{slug}/settings/hours/{rule_id}", response={204: None}, summary="Remove a service hours rule"
)
def remove_hours_rule(request: HttpRequest, slug: str, rule_id: Id) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    rule = get_or_404(ServiceHoursRule.objects.filter(scheme=scheme), pk=rule_id)
    try:
        services.service_hours_rule_remove(rule=rule, author=user)
    except ValidationError as exc:
        raise refused(exc) from exc
    return Status(204, None)


class PresetIn(Schema):
    preset: Line = Field(max_length=40, description="xp-x60-600 or mons")


@router.post(
    "/{slug}/settings/activities/preset",
    response=list[CodedOut],
    summary="Add the missing activities of a preset",
)
def apply_activity_preset(request: HttpRequest, slug: str, payload: PresetIn) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    if payload.preset not in PRESETS:
        raise HttpError(422, _("Unknown preset."))
    services.activity_preset_apply(scheme=scheme, author=user, preset=payload.preset)
    return list(Activity.objects.filter(scheme=scheme).order_by("position", "code"))


coded_list_routes(
    router,
    path="activities",
    name="activity",
    what="an activity",
    section=services.ACTIVITIES,
    entries=lambda scheme: Activity.objects.filter(scheme=scheme),
    add=lambda scheme, user, data: services.activity_add(
        scheme=scheme, author=user, code=data["code"], label=data["label"]
    ),
    rename=lambda e, user, label: services.activity_rename(activity=e, author=user, label=label),
    move=lambda e, user, by: services.activity_move(activity=e, author=user, by=by),
    retire=lambda e, user, r: services.activity_retire_by(activity=e, author=user, retire=r),
)


class ContractIn(Schema):
    starts_on: Day
    annual_amount_cents: int = Field(ge=0, le=10**13, description="Incl. tax, in cents")
    initial_term_months: int = Field(12, ge=1, le=120)
    renewals: int = Field(0, ge=0, le=10)
    reference: Line = Field("", max_length=100)
    ceiling_cents: int | None = Field(
        None, ge=0, le=10**14, description="A framework contract's ceiling incl. tax, in cents"
    )
    weekly_hours: Decimal | None = Field(
        None, ge=0, le=168, max_digits=4, decimal_places=1, description="Average working week"
    )
    supervision_days_per_week: Decimal | None = Field(
        None, ge=0, le=7, max_digits=3, decimal_places=2, description="E.g. 0.5: half a day"
    )


class ContractOut(ContractIn):
    id: int


@router.post(
    "/{slug}/settings/contracts", response={201: ContractOut}, summary="Add an operator contract"
)
def add_operator_contract(request: HttpRequest, slug: str, payload: ContractIn) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    try:
        contract: OperatorContract = services.operator_contract_add(
            scheme=scheme, author=user, operator_id=scheme.operator_id, **payload.dict()
        )
    except ValidationError as exc:
        raise refused(exc) from exc
    return Status(201, contract)


class InvitationIn(Schema):
    email: Line = Field(max_length=254)
    organisation_id: Id
    role: Line = Field(max_length=40, description="A role code (accounts' roles)")
    perimeter: Line = Field(max_length=20, description="scheme, landlord or neighbourhoods")
    neighbourhood_ids: list[Id] = Field(default_factory=list, max_length=200)


class InvitationOut(Schema):
    id: int
    email: str
    organisation: str
    role: str
    perimeter: str
    expires_at: datetime


@router.post(
    "/{slug}/settings/people/invitations",
    response={201: InvitationOut},
    summary="Invite a person (by e-mail: a signed single-use link; never wider than yours)",
)
def create_invitation(request: HttpRequest, slug: str, payload: InvitationIn) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    try:
        invitation = services.person_invite(
            scheme=scheme,
            inviter=user,
            email=payload.email,
            organisation_id=payload.organisation_id,
            role_code=payload.role,
            perimeter=payload.perimeter,
            neighbourhood_ids=payload.neighbourhood_ids,
        )
    except ValidationError as exc:
        raise refused(exc) from exc
    return Status(
        201,
        {
            "id": invitation.pk,
            "email": invitation.email,
            "organisation": str(invitation.organisation),
            "role": invitation.role.code,
            "perimeter": invitation.perimeter,
            "expires_at": invitation.expires_at,
        },
    )
