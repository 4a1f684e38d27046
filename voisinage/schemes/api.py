from datetime import date, datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from voisinage.apiauth import caller
from voisinage.apitypes import Paginated
from voisinage.schemes import staffing_api
from voisinage.schemes.access import access_scheme
from voisinage.schemes.models import Scheme, SettingChange
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


router.add_router("", staffing_api.router)
