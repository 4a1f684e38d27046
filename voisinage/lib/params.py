"""Query-string parameters of the pages, parsed and bounded with the limits of
``voisinage.lib.bounds`` (the API uses the same limits through ``voisinage.apitypes``).

A value that is present but wrong (``?nuit=2026-02-30``, ``?semaines=9999999999999999999``)
raises ``BadParameter``; ``voisinage.middleware.BadParameterMiddleware`` answers it with a
400 page that says, in French, which parameter is wrong and why. An absent or empty value
gives the default.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.utils.translation import gettext as _

from voisinage.lib.bounds import (
    EARLIEST_DAY,
    LATEST_DAY,
    MAX_ID,
    check_day,
    check_text,
)


class BadParameter(ValueError):
    """A query-string value the page cannot use; ``message`` is French and names nothing."""

    def __init__(self, name: str, message: str):
        super().__init__(f"{name}: {message}")
        self.name, self.message = name, message


def _raw(query: Mapping[str, str], name: str) -> str:
    value = query.get(name) or ""
    try:
        return check_text(str(value), max_length=200, one_line=True).strip()
    except ValueError as exc:
        raise BadParameter(name, str(exc)) from None


def day_param(
    query: Mapping[str, str],
    name: str,
    default: date | None = None,
    *,
    earliest: date = EARLIEST_DAY,
    latest: date = LATEST_DAY,
) -> date | None:
    """``YYYY-MM-DD`` → a real day in range (30 February and year 9999 are refused)."""
    raw = _raw(query, name)
    if not raw:
        return default
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(
            name, _("“%(value)s” is not a date of the calendar (YYYY-MM-DD).") % {"value": raw}
        ) from None
    if len(raw) != 10:  # fromisoformat also reads 20260301 and 2026-W10-1
        raise BadParameter(name, _("Give the date as YYYY-MM-DD."))
    try:
        return check_day(day, earliest=earliest, latest=latest)
    except ValueError as exc:
        raise BadParameter(name, str(exc)) from None


def int_param(
    query: Mapping[str, str],
    name: str,
    default: int | None = None,
    *,
    minimum: int = 0,
    maximum: int = MAX_ID,
) -> int | None:
    """A whole number between ``minimum`` and ``maximum``."""
    raw = _raw(query, name)
    if not raw:
        return default
    if not raw.lstrip("-").isdigit() or len(raw) > 20:
        raise BadParameter(name, _("“%(value)s” is not a whole number.") % {"value": raw[:40]})
    value = int(raw)
    if not minimum <= value <= maximum:
        raise BadParameter(
            name,
            _("Give a whole number from %(min)s to %(max)s.") % {"min": minimum, "max": maximum},
        )
    return value


def id_param(query: Mapping[str, str], name: str) -> int | None:
    """An object id used as a filter (``?bailleur=12``)."""
    return int_param(query, name, None, minimum=1, maximum=MAX_ID)


def text_param(query: Mapping[str, str], name: str, *, max_length: int = 100) -> str:
    """A one-line search text, control characters refused, at most ``max_length`` characters."""
    raw = _raw(query, name)
    if len(raw) > max_length:
        raise BadParameter(name, _("Use at most %(max)s characters.") % {"max": max_length})
    return raw


def year_param(query: Mapping[str, str], name: str) -> int | None:
    """A year within the system's range of days."""
    return int_param(query, name, None, minimum=EARLIEST_DAY.year, maximum=LATEST_DAY.year)
