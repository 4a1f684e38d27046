"""API of the settings area's field codes: the scheme's managers list, add and change the
logbook's coded lists (the same services as the pages; errors in French, nothing changed)."""

from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from voisinage.accounts.access import get_or_404
from voisinage.apiauth import caller
from voisinage.apierrors import refused
from voisinage.apitypes import Line
from voisinage.field.logbook import code_settings
from voisinage.field.logbook.models import CodeKind, FieldCode
from voisinage.field.logbook.services import field_codes_ensure_defaults
from voisinage.schemes.access import access_scheme

router = Router(tags=["settings"])

Kind = Literal["material", "behaviour", "action"]


class FieldCodeOut(Schema):
    kind: str
    code: str
    label: str
    position: int
    emergency_number: str
    retired: bool

    @staticmethod
    def resolve_retired(obj: FieldCode) -> bool:
        return obj.retired_at is not None


class FieldCodeIn(Schema):
    kind: Kind
    label: Line = Field(max_length=120)
    code: Line = Field("", max_length=40, description="Made from the label when empty")
    emergency_number: Line = Field("", max_length=4, description="Actions only, e.g. 17")


class FieldCodeChange(Schema):
    label: Line | None = Field(None, max_length=120)
    emergency_number: Line | None = Field(None, max_length=4)
    retired: bool | None = Field(None, description="true retires the code, false brings it back")
    move: Literal[-1, 1] | None = Field(None, description="-1 one place up, 1 one place down")


@router.get(
    "/{slug}/settings/field-codes",
    response=list[FieldCodeOut],
    summary="The logbook's coded lists, retired codes included (the scheme's managers)",
)
def list_setting_field_codes(request: HttpRequest, slug: str) -> Any:
    scheme = access_scheme(caller(request), slug, write=True)
    field_codes_ensure_defaults(scheme=scheme)
    return list(FieldCode.objects.filter(scheme=scheme).order_by("kind", "position", "code"))


@router.post(
    "/{slug}/settings/field-codes",
    response={201: FieldCodeOut},
    summary="Add a field code at the end of its list",
)
def add_setting_field_code(request: HttpRequest, slug: str, payload: FieldCodeIn) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    try:
        entry = code_settings.field_code_add(
            scheme=scheme,
            author=user,
            kind=CodeKind(payload.kind),
            code=payload.code,
            label=payload.label,
            emergency_number=payload.emergency_number,
        )
    except ValidationError as exc:
        raise refused(exc) from exc
    return Status(201, entry)


@router.patch(
    "/{slug}/settings/field-codes/{code}",
    response=FieldCodeOut,
    summary="Rename, renumber, move, retire or bring back a field code (all or nothing)",
)
def change_setting_field_code(
    request: HttpRequest, slug: str, code: str, payload: FieldCodeChange
) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    entry = get_or_404(FieldCode.objects.filter(scheme=scheme), code=code)
    try:
        with transaction.atomic():
            if payload.label is not None:
                entry = code_settings.field_code_rename(
                    field_code=entry, author=user, label=payload.label
                )
            if payload.emergency_number is not None:
                entry = code_settings.field_code_emergency_set(
                    field_code=entry, author=user, emergency_number=payload.emergency_number
                )
            if payload.move is not None:
                entry = code_settings.field_code_move(
                    field_code=entry, author=user, by=payload.move
                )
            if payload.retired is not None:
                entry = code_settings.field_code_retire(
                    field_code=entry, author=user, retire=payload.retired
                )
    except ValidationError as exc:
        raise refused(exc) from exc
    return FieldCode.objects.get(pk=entry.pk)
