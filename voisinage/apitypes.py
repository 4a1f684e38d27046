"""Parameter types of the API, bounded with the limits of ``voisinage.lib.bounds`` (the pages use
the same limits through ``voisinage.lib.params`` and ``voisinage.forms``).

Handlers and schemas annotate with these instead of bare ``int``/``date``/``datetime``/``str``:

- ``Id``: an object id (path or filter), 1 … 2⁶³−1;
- ``Day`` / ``Moment``: a real date / an ISO 8601 date-time string, between 2000 and 2099
  (a number is not a date-time: 1700000000 is refused, not read as seconds since 1970);
- ``Text`` / ``Line`` (with ``max_length`` in a ``Field``): no control characters; ``Line``
  no line break either;
- ``Paginated``: ``limit`` 1…500, ``offset`` 0…1 000 000, for ``@paginate(Paginated)``;
- ``idempotency_key(request)``: the ``Idempotency-Key`` header, refused when too long.

Control characters are refused in every string of every request body and query string by
``BoundedParser`` as well, so a field typed ``str`` cannot let a NUL through either.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination
from ninja.parser import Parser
from pydantic import AfterValidator, BeforeValidator, PlainSerializer, WithJsonSchema

from voisinage.lib import bounds, http


def _id(value: int) -> int:
    return bounds.check_id(value)


def _day(value: date) -> date:
    return bounds.check_day(value)


def _moment_input(value: Any) -> Any:
    if isinstance(value, bool | int | float):
        raise ValueError(_("Give a date and time as text in ISO 8601 (2026-03-01T22:30:00+01:00)."))
    return value


def _moment(value: datetime) -> datetime:
    return bounds.check_moment(value)


def _text(value: str) -> str:
    return bounds.check_text(value, max_length=None)


def _line(value: str) -> str:
    return bounds.check_text(value, max_length=None, one_line=True)


Id = Annotated[int, Field(ge=1, le=bounds.MAX_ID), AfterValidator(_id)]
Day = Annotated[date, AfterValidator(_day)]
Moment = Annotated[datetime, BeforeValidator(_moment_input), AfterValidator(_moment)]
Text = Annotated[str, AfterValidator(_text)]
Line = Annotated[str, AfterValidator(_line)]


class Paginated(LimitOffsetPagination):
    """django-ninja's limit/offset paginator with bounds on both numbers."""

    class Input(Schema):
        limit: int = Field(
            bounds.DEFAULT_LIMIT, ge=1, le=bounds.MAX_LIMIT, description="Items per page"
        )
        offset: int = Field(0, ge=0, le=bounds.MAX_OFFSET, description="Items to skip")


def idempotency_key(request: HttpRequest) -> str | None:
    """The ``Idempotency-Key`` header (None when absent); too long or not one line → 422."""
    try:
        return http.idempotency_key(request)
    except ValueError as exc:
        raise NinjaValidationError(
            [{"type": "value_error", "loc": ("header", "Idempotency-Key"), "msg": str(exc)}]
        ) from None


def _strings(
    value: Any, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(str(key), path)
            yield from _strings(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _refuse_control_characters(data: Any, where: str) -> None:
    errors = [
        {
            "type": "string_control_characters",
            "loc": (where, *path),
            "field": "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
            or where,
            "msg": _("Remove the control characters (such as NUL) from this text."),
        }
        for path, text in _strings(data, ())
        if bounds.CONTROL_CHARACTERS.search(text)
    ]
    if errors:
        raise NinjaValidationError(errors)


class BoundedParser(Parser):
    """JSON bodies and query strings, with control characters refused in every string."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body)
        _refuse_control_characters(data, "body")
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        result = super().parse_querydict(data, list_fields, request)
        _refuse_control_characters(
            {k: v for k, v in result.items() if isinstance(v, str | list)}, "query"
        )
        return result


Year = Annotated[int, Field(ge=bounds.EARLIEST_DAY.year, le=bounds.LATEST_DAY.year)]

CLOCK_TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"


def _clock_time_input(value: Any) -> Any:
    if isinstance(value, str):
        if not re.fullmatch(CLOCK_TIME_PATTERN, value):
            raise ValueError(_("Give a local time as HH:MM, without a time zone."))
        return time.fromisoformat(value)
    return value


# A local wall-clock time (a slot "21:00"), not an instant: JSON Schema's "time" format means a
# time with its offset, which these are not, so the description gives the pattern instead.
ClockTime = Annotated[
    time,
    BeforeValidator(_clock_time_input),
    PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str),
    WithJsonSchema(
        {"type": "string", "pattern": CLOCK_TIME_PATTERN, "description": "Local time, HH:MM"}
    ),
]
