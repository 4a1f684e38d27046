"""API of the desk's section of the settings area: the call natures (a coded list, the routes
shared with every coded list) and the instruction cut-off. The same services as the page; the
scheme's managers only; refusals are a 422 in French, nothing changed."""

from datetime import time
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema

from voisinage.apiauth import caller
from voisinage.apierrors import refused
from voisinage.desk.models import CallNature
from voisinage.desk.services import scheme_natures
from voisinage.desk.services import settings as desk_writes
from voisinage.schemes.models import Scheme
from voisinage.schemes.referential_api import coded_list_routes
from voisinage.schemes.settings.pages import access_settings_section

router = Router(tags=["settings"])


def _natures(scheme: Scheme) -> QuerySet[CallNature]:
    scheme_natures(scheme)  # the French defaults on first use, as the page
    return CallNature.objects.filter(scheme=scheme)


def _add(scheme: Scheme, user: Any, data: dict[str, Any]) -> CallNature:
    scheme_natures(scheme)
    return desk_writes.call_nature_add(
        scheme=scheme, author=user, code=data["code"], label=data["label"]
    )


coded_list_routes(
    router,
    path="call-natures",
    name="call_nature",
    what="a call nature",
    section=desk_writes.CALLS,
    entries=_natures,
    add=_add,
    rename=lambda e, user, label: desk_writes.call_nature_rename(
        nature=e, author=user, label=label
    ),
    move=lambda e, user, by: desk_writes.call_nature_move(nature=e, author=user, by=by),
    retire=lambda e, user, r: desk_writes.call_nature_retire(nature=e, author=user, retire=r),
)


class CutoffIn(Schema):
    cutoff: time


class CutoffOut(Schema):
    instruction_cutoff: time


@router.put(
    "/{slug}/settings/instruction-cutoff",
    response=CutoffOut,
    summary="Set the instruction cut-off (refused within the service hours)",
)
def set_instruction_cutoff(request: HttpRequest, slug: str, payload: CutoffIn) -> Any:
    user = caller(request)
    scheme = access_settings_section(user, slug, desk_writes.CALLS)
    try:
        return desk_writes.desk_cutoff_set(scheme=scheme, author=user, cutoff=payload.cutoff)
    except ValidationError as exc:
        raise refused(exc) from exc
