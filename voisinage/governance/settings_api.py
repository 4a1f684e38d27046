"""API of the settings area's governance: the scheme's managers list, add and change its
bodies and the operator's attendance quotas (the same services as the pages; errors in French,
nothing changed)."""

from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from voisinage.accounts.access import get_or_404
from voisinage.apiauth import caller
from voisinage.apierrors import refused
from voisinage.apitypes import Id, Line, Text
from voisinage.governance.models import AttendanceQuota, Body, BodyKind, Frequency
from voisinage.governance.services import settings as writes
from voisinage.schemes.access import access_scheme
from voisinage.schemes.models import Scheme
from voisinage.territory.models import Organisation

router = Router(tags=["settings"])


def _bodies(scheme: Scheme) -> QuerySet[Body]:
    return Body.objects.filter(scheme=scheme).prefetch_related("usual_invitees")


def _organisations(ids: list[int]) -> list[Organisation]:
    """The organisations of ``ids``; an unknown one is refused like one outside the scheme."""
    found = list(Organisation.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError(
            {"usual_invitees": _("Invite the scheme's operator or its member organisations.")}
        )
    return found


class BodyOut(Schema):
    id: int
    name: str
    kind: str
    description: str
    frequency: str
    months: str
    frequency_note: str
    default_duration_minutes: int
    minutes_expected: bool
    documents_expected: bool
    deck_required: bool
    deck_lead_days: int
    deck_reminder_days: int
    is_active: bool
    invitee_ids: list[int]

    @staticmethod
    def resolve_invitee_ids(obj: Body) -> list[int]:
        return sorted(o.pk for o in obj.usual_invitees.all())


class BodyIn(Schema):
    name: Line = Field(max_length=120)
    kind: BodyKind
    frequency: Frequency
    description: Text = ""
    months: Line = Field("", max_length=40, description="For `months`: e.g. 1, 9")
    frequency_note: Line = Field("", max_length=200)
    default_duration_minutes: int = Field(120, ge=0, le=32767)
    minutes_expected: bool = True
    documents_expected: bool = False
    deck_required: bool = False
    deck_lead_days: int = Field(7, ge=0, le=32767)
    deck_reminder_days: int = Field(10, ge=0, le=32767)
    invitee_ids: list[Id] = Field(
        [],
        max_length=100,
        description="The organisations usually invited: the operator or members in force",
    )


class BodyChange(Schema):
    name: Line | None = Field(None, max_length=120)
    kind: BodyKind | None = None
    frequency: Frequency | None = None
    description: Text | None = None
    months: Line | None = Field(None, max_length=40)
    frequency_note: Line | None = Field(None, max_length=200)
    default_duration_minutes: int | None = Field(None, ge=0, le=32767)
    minutes_expected: bool | None = None
    documents_expected: bool | None = None
    deck_required: bool | None = None
    deck_lead_days: int | None = Field(None, ge=0, le=32767)
    deck_reminder_days: int | None = Field(None, ge=0, le=32767)
    invitee_ids: list[Id] | None = Field(
        None, max_length=100, description="The organisations usually invited (all of them)"
    )
    retired: bool | None = Field(None, description="true retires the body, false brings it back")


class QuotaOut(Schema):
    id: int
    label: str
    minimum_per_year: int
    bodies: list[int]
    from_year: int | None
    until_year: int | None

    @staticmethod
    def resolve_bodies(obj: AttendanceQuota) -> list[int]:
        return sorted(b.pk for b in obj.bodies.all())


class QuotaIn(Schema):
    label: Line = Field(max_length=200)
    minimum_per_year: int = Field(ge=-32768, le=32767)
    bodies: list[Id] = Field(max_length=100)


class QuotaChange(Schema):
    label: Line | None = Field(None, max_length=200)
    minimum_per_year: int | None = Field(None, ge=-32768, le=32767)
    retired: Literal[True] | None = Field(None, description="true stops the quota from this year")


@router.get(
    "/{slug}/settings/bodies",
    response=list[BodyOut],
    summary="The scheme's governance bodies, retired ones included (its managers)",
)
def list_setting_bodies(request: HttpRequest, slug: str) -> Any:
    scheme = access_scheme(caller(request), slug, write=True)
    return list(_bodies(scheme).order_by("position", "name"))


@router.post("/{slug}/settings/bodies", response={201: BodyOut}, summary="Add a body")
def add_setting_body(request: HttpRequest, slug: str, payload: BodyIn) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    values = payload.dict()
    try:
        invitees = _organisations(values.pop("invitee_ids"))
        body = writes.body_add(scheme=scheme, author=user, invitees=invitees, **values)
    except ValidationError as exc:
        raise refused(exc) from exc
    return Status(201, _bodies(scheme).get(pk=body.pk))


@router.patch(
    "/{slug}/settings/bodies/{body_id}",
    response=BodyOut,
    summary="Change, retire or bring back a body (all or nothing)",
)
def change_setting_body(request: HttpRequest, slug: str, body_id: Id, payload: BodyChange) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    body = get_or_404(Body.objects.filter(scheme=scheme), pk=body_id)
    changes = payload.dict(exclude_none=True)
    retired = changes.pop("retired", None)
    try:
        if "invitee_ids" in changes:
            changes["invitees"] = _organisations(changes.pop("invitee_ids"))
        with transaction.atomic():
            if changes:
                body = writes.body_update(body=body, author=user, **changes)
            if retired is not None:
                body = writes.body_retire(body=body, author=user, retire=retired)
    except ValidationError as exc:
        raise refused(exc) from exc
    return _bodies(scheme).get(pk=body.pk)


@router.get(
    "/{slug}/settings/quotas",
    response=list[QuotaOut],
    summary="The operator's yearly attendance quotas (the scheme's managers)",
)
def list_setting_quotas(request: HttpRequest, slug: str) -> Any:
    scheme = access_scheme(caller(request), slug, write=True)
    quotas = AttendanceQuota.objects.filter(scheme=scheme).prefetch_related("bodies")
    return list(quotas.order_by("position", "label"))


@router.post("/{slug}/settings/quotas", response={201: QuotaOut}, summary="Add a quota")
def add_setting_quota(request: HttpRequest, slug: str, payload: QuotaIn) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    bodies = list(Body.objects.filter(scheme=scheme, pk__in=payload.bodies))
    if len(bodies) != len(set(payload.bodies)):
        raise HttpError(422, _("Choose bodies of this scheme."))
    try:
        quota = writes.attendance_quota_add(
            scheme=scheme,
            author=user,
            label=payload.label,
            minimum_per_year=payload.minimum_per_year,
            bodies=bodies,
        )
    except ValidationError as exc:
        raise refused(exc) from exc
    return Status(201, quota)


@router.patch(
    "/{slug}/settings/quotas/{quota_id}",
    response=QuotaOut,
    summary="Rename a quota, change its minimum from this year on, or retire it",
)
def change_setting_quota(
    request: HttpRequest, slug: str, quota_id: Id, payload: QuotaChange
) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    quota = get_or_404(AttendanceQuota.objects.filter(scheme=scheme), pk=quota_id)
    try:
        with transaction.atomic():
            if payload.label is not None or payload.minimum_per_year is not None:
                quota = writes.attendance_quota_update(
                    quota=quota,
                    author=user,
                    label=payload.label,
                    minimum_per_year=payload.minimum_per_year,
                )
            if payload.retired:
                quota = writes.attendance_quota_retire(quota=quota, author=user)
    except ValidationError as exc:
        raise refused(exc) from exc
    return AttendanceQuota.objects.prefetch_related("bodies").get(pk=quota.pk)
