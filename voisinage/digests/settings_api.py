"""API of the digest's settings: the dispatch time, the deadline, the recipients, and each
operator's own deadline in a scheme with several operators. The same services as the settings
page; the scheme's managers only (an operator's own deadline: managers of the whole scheme);
refusals are a 422 in French, nothing changed."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from voisinage.accounts.access import holds_whole_scheme
from voisinage.apiauth import caller
from voisinage.apierrors import refused
from voisinage.apitypes import ClockTime, Id
from voisinage.digests.deadlines import operator_deadlines
from voisinage.digests.models import DigestRecipient
from voisinage.digests.services import (
    digest_settings,
    digest_settings_update,
    operator_deadline_set,
)
from voisinage.schemes.access import access_scheme
from voisinage.schemes.models import Scheme

router = Router(tags=["settings"])


class OperatorDeadlineOut(Schema):
    operator_id: int
    deadline: ClockTime


class DigestSettingsOut(Schema):
    dispatch_time: ClockTime
    deadline: ClockTime
    is_enabled: bool
    recipient_ids: list[int]
    operator_deadlines: list[OperatorDeadlineOut]


class DigestSettingsIn(Schema):
    dispatch_time: ClockTime
    deadline: ClockTime | None = Field(None, description="Empty: unchanged")
    is_enabled: bool = True
    recipient_ids: list[Id] = Field([], max_length=200)


class OperatorDeadlineIn(Schema):
    deadline: ClockTime | None = Field(None, description="Empty: the scheme's deadline")


def _out(scheme: Scheme) -> dict[str, Any]:
    settings = digest_settings(scheme)
    recipients = DigestRecipient.objects.filter(scheme=scheme, is_active=True)
    return {
        "dispatch_time": settings.dispatch_time,
        "deadline": settings.deadline,
        "is_enabled": settings.is_enabled,
        "recipient_ids": sorted(recipients.values_list("organisation_id", flat=True)),
        "operator_deadlines": [
            {"operator_id": pk, "deadline": at}
            for pk, at in sorted(operator_deadlines(scheme).items())
        ],
    }


@router.get("/{slug}/settings/digest", response=DigestSettingsOut, summary="The digest's settings")
def get_digest_settings(request: HttpRequest, slug: str) -> Any:
    scheme = access_scheme(caller(request), slug, write=True)
    return _out(scheme)


@router.put(
    "/{slug}/settings/digest",
    response=DigestSettingsOut,
    summary="Change the dispatch time, the deadline and the recipients of the digest",
)
def put_digest_settings(request: HttpRequest, slug: str, payload: DigestSettingsIn) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    try:
        digest_settings_update(
            scheme=scheme,
            author=user,
            dispatch_time=payload.dispatch_time,
            deadline=payload.deadline,
            is_enabled=payload.is_enabled,
            organisation_ids=list(payload.recipient_ids),
        )
    except ValidationError as exc:
        raise refused(exc) from exc
    return _out(scheme)


@router.put(
    "/{slug}/settings/digest/operators/{operator_id}",
    response=DigestSettingsOut,
    summary="Set (or clear) an operator's own digest deadline",
)
def put_operator_deadline(
    request: HttpRequest, slug: str, operator_id: Id, payload: OperatorDeadlineIn
) -> Any:
    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    if not holds_whole_scheme(user, scheme.pk, "can_manage"):
        raise Http404
    try:
        operator_deadline_set(
            scheme=scheme, author=user, operator_id=operator_id, deadline=payload.deadline
        )
    except ValidationError as exc:
        raise refused(exc) from exc
    return _out(scheme)
