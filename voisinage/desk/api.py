"""API of the desk: calls and landlords' instructions (a landlord may submit from its own
systems with its API token), and response times for dashboards.

Lists never carry the person (caller, tenant); one record does, for those allowed, and each such
answer is logged as a view of personal data."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from voisinage.accounts.access import get_or_404
from voisinage.apiauth import caller
from voisinage.apitypes import ClockTime, Day, Id, Moment, Paginated, idempotency_key
from voisinage.desk import settings_api
from voisinage.desk.access import (
    access_call,
    access_instruction,
    instruction_landlords_for,
    sees_person,
)
from voisinage.desk.models import Call, CallNature, Instruction
from voisinage.desk.selectors import PERIODS, response_times, scheme_calls, scheme_instructions
from voisinage.desk.services import (
    call_on_site,
    call_record,
    instruction_submit,
    personal_data_views_log,
)
from voisinage.schemes.access import access_scheme
from voisinage.schemes.models import MemberRole
from voisinage.territory.access import entrance_by_code
from voisinage.territory.models import Organisation, Residence
from voisinage.territory.selectors import member_organisations

router = Router(tags=["desk"])


class Ref(Schema):
    id: int
    name: str


class PersonOut(Schema):
    name: str
    phone: str
    dwelling: str


class CallOut(Schema):
    id: int
    night: date
    received_at: datetime
    status: str
    nature: str = Field(description="The nature's code")
    urgency: str
    entrance_code: str | None
    place: str
    landlord: Ref | None
    event_id: int = Field(description="Calls about one event share it: count events once")
    dispatched_at: datetime | None
    on_site_at: datetime | None
    closed_at: datetime | None
    called_back_at: datetime | None
    intervention_id: int | None
    caller: PersonOut | None = Field(
        description="Only on one call, for the operator's staff and the landlord concerned"
    )


class CallIn(Schema):
    received_at: Moment
    nature: str = Field(description="A nature code of the scheme")
    urgency: str = "normal"
    entrance_code: str = ""
    other_place_kind: str = ""
    other_place_label: str = Field("", max_length=255)
    caller_name: str = Field("", max_length=150)
    caller_phone: str = Field("", max_length=40)
    caller_dwelling: str = Field("", max_length=20)
    description: str = Field("", max_length=2000)
    same_event_as: Id | None = Field(None, description="Another call's id: the same event")


class InstructionOut(Schema):
    id: int
    service_night: date = Field(description="The night the cut-off rule scheduled it for")
    submitted_at: datetime
    landlord: Ref
    entrance_code: str | None
    residence: Ref | None
    nature: str
    details: str
    slot_start: ClockTime | None
    slot_end: ClockTime | None
    urgency: str
    urgent_decision: str
    status: str
    outcome: str
    handled_at: datetime | None
    tenant: PersonOut | None = Field(
        description="Only on one instruction, for the operator's staff and the landlord"
    )


class InstructionIn(Schema):
    landlord_id: Id | None = Field(None, description="Needed only when acting for several")
    entrance_code: str = ""
    residence_id: Id | None = None
    nature: str = Field(description="A nature code of the scheme")
    tenant_name: str = Field("", max_length=150)
    tenant_phone: str = Field("", max_length=40)
    dwelling: str = Field("", max_length=20)
    details: str = Field("", max_length=2000)
    slot_start: ClockTime | None = None
    slot_end: ClockTime | None = None
    urgent: bool = False


class DistributionOut(Schema):
    count: int
    p50: float | None = Field(description="Median, minutes")
    p90: float | None = Field(description="90th percentile, minutes")


class TimesOut(Schema):
    period: date
    call_to_on_site: DistributionOut
    call_to_callback: DistributionOut
    instruction_to_handled: DistributionOut


class TimesQuery(Schema):
    start: Day
    end: Day
    period: str = Field("week", description="night, week or month")


def _ref(obj: Any) -> dict[str, Any] | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def _call(call: Call, *, person: bool) -> dict[str, Any]:
    return {
        "id": call.pk,
        "night": call.night,
        "received_at": call.received_at,
        "status": call.status,
        "nature": call.nature.code,
        "urgency": call.urgency,
        "entrance_code": call.entrance.code if call.entrance else None,
        "place": call.place_label,
        "landlord": _ref(call.landlord),
        "event_id": call.event_id,
        "dispatched_at": call.dispatched_at,
        "on_site_at": call.on_site_at,
        "closed_at": call.closed_at,
        "called_back_at": call.called_back_at,
        "intervention_id": call.intervention_id,
        "caller": {
            "name": call.caller_name,
            "phone": call.caller_phone,
            "dwelling": call.caller_dwelling,
        }
        if person
        else None,
    }


def _instruction(instruction: Instruction, *, person: bool) -> dict[str, Any]:
    return {
        "id": instruction.pk,
        "service_night": instruction.service_night,
        "submitted_at": instruction.submitted_at,
        "landlord": _ref(instruction.landlord),
        "entrance_code": instruction.entrance.code if instruction.entrance else None,
        "residence": _ref(instruction.residence),
        "nature": instruction.nature.code,
        "details": instruction.details,
        "slot_start": instruction.slot_start,
        "slot_end": instruction.slot_end,
        "urgency": instruction.urgency,
        "urgent_decision": instruction.urgent_decision,
        "status": instruction.status,
        "outcome": instruction.outcome,
        "handled_at": instruction.handled_at,
        "tenant": {
            "name": instruction.tenant_name,
            "phone": instruction.tenant_phone,
            "dwelling": instruction.dwelling,
        }
        if person
        else None,
    }


class _Page:
    """Paginate the queryset first, then serialise only the page."""

    def __init__(self, qs: QuerySet[Any], serialise: Any):
        self.qs, self.serialise = qs, serialise

    def __len__(self) -> int:
        return self.qs.count()

    def count(self) -> int:
        return self.qs.count()

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        return [self.serialise(o, person=False) for o in self.qs[item]]


def _nature(scheme_id: int, code: str) -> CallNature:
    nature = CallNature.objects.filter(scheme_id=scheme_id, code=code.strip()).first()
    if nature is None:
        raise HttpError(422, _("Unknown or retired nature."))
    return nature


@router.get("/{slug}/calls", response=list[CallOut], summary="Calls (without the callers)")
@paginate(Paginated)
def list_calls(request: HttpRequest, slug: str, night: Day | None = None) -> Any:
    user = caller(request)
    return _Page(scheme_calls(user, access_scheme(user, slug), night=night), _call)


@router.get("/{slug}/calls/{call_id}", response=CallOut, summary="One call (view logged)")
def get_call(request: HttpRequest, slug: str, call_id: Id) -> dict[str, Any]:
    user = caller(request)
    scheme = access_scheme(user, slug)
    call = access_call(user, scheme, call_id)
    person = sees_person(user, call)
    if person:
        personal_data_views_log(user=user, scheme=scheme, where="api:get_call", calls=[call])
    return _call(call, person=person)


@router.post(
    "/{slug}/calls",
    response={200: CallOut, 201: CallOut},
    summary="Record a call (supervisors; idempotent with an Idempotency-Key header)",
)
def create_call(request: HttpRequest, slug: str, payload: CallIn) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, require="can_supervise")
    same = None
    if payload.same_event_as is not None:
        same = get_or_404(
            Call.objects.visible_to(user).filter(scheme=scheme), pk=payload.same_event_as
        )
    try:
        call, created = call_record(
            scheme=scheme,
            user=user,
            nature=_nature(scheme.pk, payload.nature),
            received_at=payload.received_at,
            entrance=entrance_by_code(user, scheme, payload.entrance_code),
            other_place_kind=payload.other_place_kind,
            other_place_label=payload.other_place_label,
            caller_name=payload.caller_name,
            caller_phone=payload.caller_phone,
            caller_dwelling=payload.caller_dwelling,
            urgency=payload.urgency,
            description=payload.description,
            same_event_as=same,
            idempotency_key=idempotency_key(request),
        )
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    fresh = access_call(user, scheme, call.pk)
    return Status(201 if created else 200, _call(fresh, person=True))


class OnSiteIn(Schema):
    at: Moment | None = Field(None, description="When the team arrived (the phone's time)")


@router.post(
    "/{slug}/calls/{call_id}/on-site",
    response=CallOut,
    summary="The team is on site (agents; sending it again answers the call unchanged)",
)
def call_on_site_api(request: HttpRequest, slug: str, call_id: Id, payload: OnSiteIn) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, require="can_record")
    call = access_call(user, scheme, call_id, write=True)
    try:
        call_on_site(call=call, user=user, at=payload.at, once=True)
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    return _call(access_call(user, scheme, call.pk), person=False)


@router.get(
    "/{slug}/instructions",
    response=list[InstructionOut],
    summary="Landlords' instructions (without the tenants)",
)
@paginate(Paginated)
def list_instructions(request: HttpRequest, slug: str, night: Day | None = None) -> Any:
    user = caller(request)
    return _Page(scheme_instructions(user, access_scheme(user, slug), night=night), _instruction)


@router.get(
    "/{slug}/instructions/{instruction_id}",
    response=InstructionOut,
    summary="One instruction with its outcome (view logged)",
)
def get_instruction(request: HttpRequest, slug: str, instruction_id: Id) -> dict[str, Any]:
    user = caller(request)
    scheme = access_scheme(user, slug)
    instruction = access_instruction(user, scheme, instruction_id)
    person = sees_person(user, instruction)
    if person and (instruction.tenant_name or instruction.tenant_phone):
        personal_data_views_log(
            user=user, scheme=scheme, where="api:get_instruction", instructions=[instruction]
        )
    return _instruction(instruction, person=person)


def _landlord(user: Any, scheme: Any, landlord_id: int | None) -> Organisation:
    allowed = instruction_landlords_for(user, scheme)
    qs = member_organisations(scheme, role=MemberRole.LANDLORD)
    if allowed is not None:
        if not allowed:
            raise HttpError(404, "Not Found")
        qs = qs.filter(pk__in=allowed)
    if landlord_id is not None:
        found = qs.filter(pk=landlord_id).first()
        if found is None:
            raise HttpError(422, _("You cannot send instructions for this landlord."))
        return found
    landlords = list(qs[:2])
    if len(landlords) != 1:
        raise HttpError(422, _("Say which landlord the instruction is for (landlord_id)."))
    return landlords[0]


@router.post(
    "/{slug}/instructions",
    response={200: InstructionOut, 201: InstructionOut},
    summary="Send an instruction; answers the service_night it was scheduled for "
    "(idempotent with an Idempotency-Key header)",
)
def create_instruction(request: HttpRequest, slug: str, payload: InstructionIn) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug)
    landlord = _landlord(user, scheme, payload.landlord_id)
    residence = None
    if payload.residence_id is not None:
        residence = (
            Residence.objects.visible_to(user)
            .filter(scheme=scheme, landlord=landlord, pk=payload.residence_id)
            .first()
        )
        if residence is None:
            raise HttpError(422, _("This residence is not the landlord's."))
    try:
        instruction, created = instruction_submit(
            scheme=scheme,
            user=user,
            landlord=landlord,
            nature=_nature(scheme.pk, payload.nature),
            entrance=entrance_by_code(user, scheme, payload.entrance_code),
            residence=residence,
            tenant_name=payload.tenant_name,
            tenant_phone=payload.tenant_phone,
            dwelling=payload.dwelling,
            details=payload.details,
            slot_start=payload.slot_start,
            slot_end=payload.slot_end,
            urgent=payload.urgent,
            idempotency_key=idempotency_key(request),
        )
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    fresh = access_instruction(user, scheme, instruction.pk)
    return Status(201 if created else 200, _instruction(fresh, person=True))


@router.get(
    "/{slug}/response-times",
    response=list[TimesOut],
    summary="Response-time distributions per night, week or month (for dashboards)",
)
def get_response_times(request: HttpRequest, slug: str, query: Query[TimesQuery]) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug)
    if query.period not in PERIODS:
        raise HttpError(422, _("Choose night, week or month."))
    if query.end < query.start or (query.end - query.start).days > 400:
        raise HttpError(422, _("Choose a period of 400 days at most, its start before its end."))
    return response_times(user, scheme, query.start, query.end, period=query.period)


router.add_router("", settings_api.router)
