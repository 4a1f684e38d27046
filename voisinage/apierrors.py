"""The API's error answers, in French, in one place.

Installed on the NinjaAPI by ``install``: validation errors (pydantic's and ours) become
``{"detail": [{"loc": [...], "field": "limit", "type": "...", "msg": "limit : …"}]}`` with a
French message naming the field; 401, 404 and the other HTTP errors become
``{"detail": "<French sentence>"}``; a value the database cannot hold (an id beyond a bigint)
that slipped past the types is a 422, never a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger(__name__)

# Where a value came from, in the error's "loc"; the field is what follows.
SOURCES = {"body", "query", "path", "header", "cookie", "form", "file", "payload"}


def _limit(ctx: Mapping[str, Any], key: str) -> Any:
    return ctx.get(key, "?")


MESSAGES: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "missing": lambda c: _("This field is required."),
    "int_parsing": lambda c: _("Enter a whole number."),
    "int_type": lambda c: _("Enter a whole number."),
    "int_from_float": lambda c: _("Enter a whole number."),
    "int_parsing_size": lambda c: _("This number is too large."),
    "float_parsing": lambda c: _("Enter a number."),
    "float_type": lambda c: _("Enter a number."),
    "finite_number": lambda c: _("Enter a number."),
    "bool_parsing": lambda c: _("Enter true or false."),
    "bool_type": lambda c: _("Enter true or false."),
    "string_type": lambda c: _("Enter a text."),
    "string_unicode": lambda c: _("Enter a text."),
    "string_too_short": lambda c: (
        _("Use at least %(min)s characters.") % {"min": _limit(c, "min_length")}
    ),
    "string_too_long": lambda c: (
        _("Use at most %(max)s characters.") % {"max": _limit(c, "max_length")}
    ),
    "string_pattern_mismatch": lambda c: _("This value does not have the expected form."),
    "too_short": lambda c: _("Give at least %(min)s items.") % {"min": _limit(c, "min_length")},
    "too_long": lambda c: _("Give at most %(max)s items.") % {"max": _limit(c, "max_length")},
    "greater_than": lambda c: (
        _("Enter a value greater than %(limit)s.") % {"limit": _limit(c, "gt")}
    ),
    "greater_than_equal": lambda c: (
        _("Enter a value greater than or equal to %(limit)s.") % {"limit": _limit(c, "ge")}
    ),
    "less_than": lambda c: _("Enter a value less than %(limit)s.") % {"limit": _limit(c, "lt")},
    "less_than_equal": lambda c: (
        _("Enter a value less than or equal to %(limit)s.") % {"limit": _limit(c, "le")}
    ),
    "date_parsing": lambda c: _("Enter a date of the calendar as YYYY-MM-DD."),
    "date_type": lambda c: _("Enter a date of the calendar as YYYY-MM-DD."),
    "date_from_datetime_parsing": lambda c: _("Enter a date of the calendar as YYYY-MM-DD."),
    "date_from_datetime_inexact": lambda c: _("Enter a date without a time."),
    "datetime_parsing": lambda c: _(
        "Enter a date and time in ISO 8601 (2026-03-01T22:30:00+01:00)."
    ),
    "datetime_type": lambda c: _("Enter a date and time in ISO 8601 (2026-03-01T22:30:00+01:00)."),
    "datetime_from_date_parsing": lambda c: _(
        "Enter a date and time in ISO 8601 (2026-03-01T22:30:00+01:00)."
    ),
    "datetime_object_invalid": lambda c: _(
        "Enter a date and time in ISO 8601 (2026-03-01T22:30:00+01:00)."
    ),
    "timezone_naive": lambda c: _("Give the time without a time zone."),
    "timezone_aware": lambda c: _("Give the time with its time zone (+01:00, Z…)."),
    "time_parsing": lambda c: _("Enter a time as HH:MM."),
    "time_type": lambda c: _("Enter a time as HH:MM."),
    "literal_error": lambda c: (
        _("Choose one of: %(choices)s.") % {"choices": _limit(c, "expected")}
    ),
    "enum": lambda c: _("Choose one of: %(choices)s.") % {"choices": _limit(c, "expected")},
    "list_type": lambda c: _("Enter a list."),
    "dict_type": lambda c: _("Enter an object."),
    "model_type": lambda c: _("Enter an object."),
    "model_attributes_type": lambda c: _("Enter an object."),
    "json_invalid": lambda c: _("The request body is not valid JSON."),
    "json_type": lambda c: _("The request body is not valid JSON."),
    "uuid_parsing": lambda c: _("Enter a valid UUID."),
    "uuid_type": lambda c: _("Enter a valid UUID."),
    "decimal_parsing": lambda c: _("Enter a number."),
    "decimal_type": lambda c: _("Enter a number."),
    "extra_forbidden": lambda c: _("This field is not expected."),
    "url_parsing": lambda c: _("Enter a valid address (URL)."),
}


def field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    """The name the caller used. A query, path or header value is its parameter's name (the
    handler's grouping schema is left out): ("query", "filters", "neighbourhood", 0) →
    "neighbourhood". A body value is its path inside the body: ("body", "payload", "agents",
    2) → "agents[2]"; the whole body when nothing follows."""
    parts = list(loc)
    if parts and parts[0] in SOURCES - {"body", "payload"}:
        names = [p for p in parts[1:] if isinstance(p, str)]
        return names[-1] if names else str(parts[0])
    parts = parts[2:] if parts[:1] == ["body"] else parts
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or _("request body")


def french_error(error: Mapping[str, Any]) -> dict[str, Any]:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind in {"value_error", "assertion_error", "string_control_characters"}:
        # Our own validators' messages, already in the reader's language.
        message = str(error.get("msg", "")).removeprefix("Value error, ")
    elif kind in MESSAGES:
        message = MESSAGES[kind](ctx)
    else:
        message = _("This value is not valid.")
    loc = list(error.get("loc", ()))
    name = str(error.get("field") or field_name(loc))
    return {
        "loc": loc,
        "field": name,
        "type": kind,
        "msg": _("%(field)s: %(message)s") % {"field": name, "message": message},
    }


def _validation(request: HttpRequest, exc: NinjaValidationError, api: NinjaAPI) -> HttpResponse:
    return api.create_response(
        request, {"detail": [french_error(e) for e in exc.errors]}, status=422
    )


HTTP_MESSAGES: dict[int, Callable[[], str]] = {
    400: lambda: _("The request cannot be read."),
    401: lambda: _("Authentication required: send a personal token (Authorization: Bearer …)."),
    403: lambda: _("You may not do this."),
    404: lambda: _("Not found."),
    405: lambda: _("This method is not allowed here."),
    429: lambda: _("Too many requests: wait a little and try again."),
}
# django-ninja's own English sentences, which our handlers never raise themselves.
NINJA_SENTENCES = {"Unauthorized", "Forbidden", "Not Found", "Method not allowed"}


def _http_error(request: HttpRequest, exc: HttpError, api: NinjaAPI) -> HttpResponse:
    cause = exc.__cause__
    if isinstance(cause, NinjaValidationError):  # raised by the parser, wrapped by ninja
        return _validation(request, cause, api)
    message = str(exc)
    if message.startswith("Cannot parse request body"):
        message = _("The request body is not valid JSON.")
    elif message in NINJA_SENTENCES or isinstance(exc, AuthenticationError):
        message = HTTP_MESSAGES.get(exc.status_code, HTTP_MESSAGES[400])()
    return api.create_response(request, {"detail": message}, status=exc.status_code)


def _not_found(request: HttpRequest, exc: Exception, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, {"detail": HTTP_MESSAGES[404]()}, status=404)


def _data_error(request: HttpRequest, exc: Exception, api: NinjaAPI) -> HttpResponse:
    # A safety net: the types bound every value, so reaching here is a bug to fix; the
    # caller still gets a clear answer and nothing was written (services are atomic).
    logger.warning("API value refused by the database: %s", exc)
    return api.create_response(
        request,
        {"detail": _("A value is outside what can be stored (too large or malformed).")},
        status=422,
    )


def install(api: NinjaAPI) -> None:
    api.add_exception_handler(NinjaValidationError, partial(_validation, api=api))
    api.add_exception_handler(HttpError, partial(_http_error, api=api))
    api.add_exception_handler(Http404, partial(_not_found, api=api))
    api.add_exception_handler(DataError, partial(_data_error, api=api))
    api.add_exception_handler(OverflowError, partial(_data_error, api=api))


# --- The error answers in the OpenAPI description -----------------------------------------------

ERROR_SCHEMA = {
    "title": "ErrorOut",
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "A French sentence"}},
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "title": "ValidationErrorOut",
    "type": "object",
    "properties": {
        "detail": {
            "anyOf": [
                {"type": "string", "description": "A French sentence"},
                {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "loc": {
                                "type": "array",
                                "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                            },
                            "field": {"type": "string"},
                            "type": {"type": "string"},
                            "msg": {"type": "string", "description": "French, naming the field"},
                        },
                        "required": ["loc", "field", "type", "msg"],
                    },
                },
            ]
        }
    },
    "required": ["detail"],
}
ERROR_ANSWERS = {
    "400": ("The request cannot be read (e.g. a body that is not JSON)", "ErrorOut"),
    "401": ("No valid credentials (a personal token or a session)", "ErrorOut"),
    "404": ("Missing, or not within the caller's perimeter (the same answer)", "ErrorOut"),
    "422": (
        "A value is refused; each message is in French and names its field",
        "ValidationErrorOut",
    ),
}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error answers every operation may give (400, 401, 404, 422) to each operation
    of an OpenAPI description, with their body schemas, so that it describes the API exactly."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorOut"] = ERROR_SCHEMA
    components["ValidationErrorOut"] = VALIDATION_ERROR_SCHEMA
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for status, (description, name) in ERROR_ANSWERS.items():
                operation["responses"].setdefault(
                    status,
                    {
                        "description": description,
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
                        },
                    },
                )
    return schema


def refused(exc: DjangoValidationError) -> HttpError:
    """A service's refusal (its French messages) as the API's 422."""
    return HttpError(422, " ".join(exc.messages))
