from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from voisinage.accounts.access import get_or_404
from voisinage.accounts.models import Membership
from voisinage.apiauth import caller
from voisinage.apierrors import refused
from voisinage.apitypes import Id, Paginated
from voisinage.schemes import fields_api, services, settings_api, sites_api, staffing_api
from voisinage.schemes.access import access_scheme
from voisinage.schemes.models import Scheme, SchemeMember, SettingChange
from voisinage.schemes.selectors import scheme_activities, scheme_changes

router = Router(tags=["schemes"])


class OrganisationRef(Schema):
    id: int
    name: str
    kind: str


class SchemeOut(Schema):
    slug: str
    name: str
    operator: OrganisationRef
    starts_on: date
    ends_on: date | None
    time_zone: str


class MemberOut(Schema):
    organisation: OrganisationRef
    role: str


class ActivityOut(Schema):
    code: str
    label: str
    retired: bool


class SchemeDetailOut(SchemeOut):
    description: str
    members: list[MemberOut]
    activities: list[ActivityOut]


def _scheme_out(scheme: Scheme) -> dict[str, object]:
    return {
        "slug": scheme.slug,
        "name": scheme.name,
        "operator": {
            "id": scheme.operator.pk,
            "name": scheme.operator.name,
            "kind": scheme.operator.kind,
        },
        "starts_on": scheme.starts_on,
        "ends_on": scheme.ends_on,
        "time_zone": scheme.time_zone,
    }


@router.get("", response=list[SchemeOut], summary="Schemes the caller can see")
@paginate(Paginated)
def list_schemes(request: HttpRequest) -> QuerySet[Scheme]:
    schemes = Scheme.objects.visible_to(caller(request)).filter(is_active=True)
    return schemes.select_related("operator").order_by("name")


@router.get("/{slug}", response=SchemeDetailOut, summary="One scheme")
def get_scheme(request: HttpRequest, slug: str) -> dict[str, object]:
    scheme = access_scheme(caller(request), slug)
    members = [
        {
            "organisation": {
                "id": m.organisation.pk,
                "name": m.organisation.name,
                "kind": m.organisation.kind,
            },
            "role": m.role,
        }
        for m in scheme.members.select_related("organisation")
    ]
    activities = [
        {"code": a.code, "label": a.label, "retired": a.is_retired}
        for a in scheme_activities(scheme, include_retired=True)
    ]
    return {
        **_scheme_out(scheme),
        "description": scheme.description,
        "members": members,
        "activities": activities,
    }


class SettingChangeOut(Schema):
    at: datetime
    author: str | None
    section: str
    subject: str
    before: str
    after: str

    @staticmethod
    def resolve_author(obj: SettingChange) -> str | None:
        return obj.author.display_name if obj.author else None


@router.get(
    "/{slug}/settings/changes",
    response=list[SettingChangeOut],
    summary="The scheme's change log (its managers only)",
)
@paginate(Paginated)
def list_setting_changes(request: HttpRequest, slug: str) -> QuerySet[SettingChange]:
    scheme = access_scheme(caller(request), slug, write=True)
    return scheme_changes(scheme)


# --- The settings area's writes on members and people (the scheme's managers only) ----------


class MemberEndIn(Schema):
    last_day: date = Field(description="The member's last day: today or later")


class MemberEndOut(Schema):
    organisation: str
    role: str
    ends_on: date | None


@router.post(
    "/{slug}/settings/members/{member_id}/end",
    response=MemberEndOut,
    summary="An organisation leaves the scheme from a date (its people's access ends too)",
)
def end_member(request: HttpRequest, slug: str, member_id: Id, payload: MemberEndIn) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    member = get_or_404(SchemeMember.objects.filter(scheme=scheme), pk=member_id)
    try:
        ended = services.scheme_member_end(member=member, author=user, last_day=payload.last_day)
    except ValidationError as exc:
        raise refused(exc) from exc
    return {"organisation": ended.organisation.name, "role": ended.role, "ends_on": ended.ends_on}


class AccessIn(Schema):
    role: str = Field(description="A role code (accounts' roles)")
    perimeter: str = Field(description="scheme, landlord or neighbourhoods")
    neighbourhood_ids: list[Id] = Field(default_factory=list)


class MembershipOut(Schema):
    id: int
    person: str
    email: str
    organisation: str
    role: str
    perimeter: str
    starts_on: date | None
    ends_on: date | None


def _membership_out(m: Membership) -> dict[str, object]:
    return {
        "id": m.pk,
        "person": m.user.display_name,
        "email": m.user.email,
        "organisation": m.organisation.name,
        "role": m.role.code,
        "perimeter": m.perimeter,
        "starts_on": m.starts_on,
        "ends_on": m.ends_on,
    }


@router.post(
    "/{slug}/settings/people/{membership_id}/access",
    response=MembershipOut,
    summary="Change a person's role or perimeter (the past stays; never wider than yours)",
)
def change_access(request: HttpRequest, slug: str, membership_id: Id, payload: AccessIn) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    membership = get_or_404(
        Membership.objects.filter(scheme=scheme, is_active=True), pk=membership_id
    )
    try:
        changed = services.person_access_change(
            scheme=scheme,
            author=user,
            membership=membership,
            role_code=payload.role,
            perimeter=payload.perimeter,
            neighbourhood_ids=payload.neighbourhood_ids,
        )
    except ValidationError as exc:
        raise refused(exc) from exc
    return _membership_out(changed)


class SharedAddressIn(AccessIn):
    email: str
    organisation_id: Id


@router.post(
    "/{slug}/settings/people/shared-addresses",
    response={201: MembershipOut},
    summary="Add a shared address (« adresse commune ») that receives the digest",
)
def add_shared_address(request: HttpRequest, slug: str, payload: SharedAddressIn) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    try:
        membership = services.shared_address_add(
            scheme=scheme,
            author=user,
            email=payload.email,
            organisation_id=payload.organisation_id,
            role_code=payload.role,
            perimeter=payload.perimeter,
            neighbourhood_ids=payload.neighbourhood_ids,
        )
    except ValidationError as exc:
        raise refused(exc) from exc
    return Status(201, _membership_out(membership))


router.add_router("", staffing_api.router)
router.add_router("", settings_api.router)
router.add_router("", sites_api.router)
router.add_router("", fields_api.router)
