"""API of the mediation fields section of the settings area: read and set the fields the
scheme serves and the one each activity serves. The scheme's managers only (404 for everyone
else); refusals are a 422 in French, nothing changed."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from voisinage.apiauth import caller
from voisinage.apierrors import refused
from voisinage.apitypes import Line
from voisinage.schemes import services
from voisinage.schemes.access import access_scheme
from voisinage.schemes.models import Activity, MediationField, Scheme

router = Router(tags=["settings"])


class MediationFieldOut(Schema):
    code: str
    label: str


class ActivityFieldOut(Schema):
    code: str
    label: str
    field: str | None


class SchemeFieldsOut(Schema):
    available: list[MediationFieldOut]
    served: list[MediationFieldOut]
    activities: list[ActivityFieldOut]


class SchemeFieldsIn(Schema):
    served: list[Line] = Field(max_length=50, description="The codes of the fields served")
    activities: dict[Line, Line] = Field(
        default_factory=dict,
        description="Activity code → field code (empty: none) for the activities to change",
    )


def _fields_out(scheme: Scheme) -> dict[str, Any]:
    activities = Activity.objects.filter(scheme=scheme).select_related("field")
    services.mediation_fields_ensure()
    return {
        "available": list(MediationField.objects.all()),
        "served": list(scheme.fields.all()),
        "activities": [
            {"code": a.code, "label": a.label, "field": a.field.code if a.field else None}
            for a in activities
        ],
    }


@router.get(
    "/{slug}/settings/fields",
    response=SchemeFieldsOut,
    summary="The mediation fields the scheme serves",
)
def get_scheme_fields(request: HttpRequest, slug: str) -> Any:
    scheme = access_scheme(caller(request), slug, write=True)
    return _fields_out(scheme)


@router.put(
    "/{slug}/settings/fields",
    response=SchemeFieldsOut,
    summary="Set the mediation fields the scheme serves and its activities' fields",
)
def set_scheme_fields(request: HttpRequest, slug: str, payload: SchemeFieldsIn) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    try:
        with transaction.atomic():  # all or nothing: the fields, then each activity's
            services.scheme_fields_set(scheme=scheme, author=user, codes=list(payload.served))
            for code, field in payload.activities.items():
                activity = Activity.objects.filter(scheme=scheme, code=code).first()
                if activity is None:
                    raise ValidationError(_("Unknown activity: %(code)s.") % {"code": code})
                services.activity_field_set(activity=activity, author=user, code=field)
    except ValidationError as exc:
        raise refused(exc) from exc
    return _fields_out(scheme)
