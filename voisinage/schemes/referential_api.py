"""API routes of a coded list of the settings area (activities, call natures, report
categories): one factory serves every list, each app naming its own services, so each route
calls the same service as the list's page. The scheme's managers only; a refusal is a 422 with
the service's French message, nothing changed."""

from collections.abc import Callable
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from voisinage.accounts.access import get_or_404
from voisinage.accounts.models import User
from voisinage.apiauth import caller
from voisinage.apierrors import refused
from voisinage.apitypes import Id, Line
from voisinage.schemes.models import Scheme
from voisinage.schemes.settings.pages import access_settings_section


class CodedOut(Schema):
    id: int
    code: str
    label: str
    position: int
    retired: bool

    @staticmethod
    def resolve_retired(obj: Any) -> bool:
        return obj.retired_at is not None


class CodedIn(Schema):
    label: Line = Field(max_length=200)
    code: Line = Field(
        "", max_length=40, description="Unique in the scheme (the label's slug if empty)"
    )


class RenameIn(Schema):
    label: Line = Field(max_length=200)


class MoveIn(Schema):
    by: Literal[-1, 1] = Field(description="-1 moves the entry up one place, 1 down")


class CodedRetireIn(Schema):
    retire: bool = Field(True, description="false brings a retired entry back")


def coded_list_routes(
    router: Router,
    *,
    path: str,
    name: str,
    entries: Callable[[Scheme], QuerySet[Any]],
    add: Callable[[Scheme, User, dict[str, Any]], Model],
    rename: Callable[[Any, User, str], Model],
    move: Callable[[Any, User, int], Model],
    retire: Callable[[Any, User, bool], Model],
    add_in: type[CodedIn] = CodedIn,
    what: str,
    section: str,
) -> None:
    """Add to ``router``: POST ``/{slug}/settings/<path>`` (add, 201), PATCH ``…/{entry_id}``
    (rename), POST ``…/{entry_id}/move`` and POST ``…/{entry_id}/retire`` (or bring back).
    Each answers 404, as the list's page, where the scheme does not show the ``section``."""
    base = f"/{{slug}}/settings/{path}"

    def _entry(request: HttpRequest, slug: str, entry_id: int) -> tuple[User, Any]:
        user = caller(request)
        scheme = access_settings_section(user, slug, section)
        return user, get_or_404(entries(scheme), pk=entry_id)

    def _add(request: HttpRequest, slug: str, payload: add_in) -> Any:  # type: ignore[valid-type]
        user = caller(request)
        scheme = access_settings_section(user, slug, section)
        try:
            entry = add(scheme, user, payload.dict())  # type: ignore[attr-defined]
        except ValidationError as exc:
            raise refused(exc) from exc
        return Status(201, entry)

    def _rename(request: HttpRequest, slug: str, entry_id: Id, payload: RenameIn) -> Any:
        user, entry = _entry(request, slug, entry_id)
        try:
            return rename(entry, user, payload.label)
        except ValidationError as exc:
            raise refused(exc) from exc

    def _move(request: HttpRequest, slug: str, entry_id: Id, payload: MoveIn) -> Any:
        user, entry = _entry(request, slug, entry_id)
        try:
            return move(entry, user, payload.by)
        except ValidationError as exc:
            raise refused(exc) from exc

    def _retire(request: HttpRequest, slug: str, entry_id: Id, payload: CodedRetireIn) -> Any:
        user, entry = _entry(request, slug, entry_id)
        try:
            return retire(entry, user, payload.retire)
        except ValidationError as exc:
            raise refused(exc) from exc

    for method, suffix, verb, view, status, summary in (
        ("POST", "", "add", _add, 201, f"Add {what} at the end of the list"),
        ("PATCH", "/{entry_id}", "rename", _rename, 200, f"Rename {what}"),
        ("POST", "/{entry_id}/move", "move", _move, 200, f"Move {what} one place up or down"),
        ("POST", "/{entry_id}/retire", "retire", _retire, 200, f"Retire {what} or bring it back"),
    ):
        router.add_api_operation(
            base + suffix,
            [method],
            view,
            response={status: CodedOut},
            summary=summary,
            operation_id=f"{verb}_{name}",
            url_name=f"{verb}_{name}",
        )
