"""Dates as French readers write them: « 1er juillet », « juil. 2026 ».

Django's French formats print the first of the month as « 1 juillet » and abbreviate months on
three letters, some ambiguous or capitalised (« Jui » for juin and juillet, « Jul », « Aoû »).
:func:`french_format` adjusts a date format for the active language: in French the day ``j``
of the first of a month becomes « 1er » and the three-letter month (``M``, ``b``) becomes the
usual abbreviation (« janv. », « févr. », « juin », « juil. », « août », « sept. »). Other
languages are left alone.

:func:`format_date` is for Python code (documents, messages); the ``date`` template filter
registered here replaces Django's for every template (``TEMPLATES[...]["OPTIONS"]["builtins"]``,
docs/adr/0037-french-dates.md), so that no page, e-mail or document prints « 1 juillet ».
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.template.defaultfilters import date as django_date
from django.utils import formats, translation

# The usual French abbreviations (four letters at least, cut before a vowel, a full stop when
# cut): no two months alike, unlike Django's « Jui » for juin and juillet.
MONTHS = {
    1: "janv.",
    2: "févr.",
    3: "mars",
    4: "avr.",
    5: "mai",
    6: "juin",
    7: "juil.",
    8: "août",
    9: "sept.",
    10: "oct.",
    11: "nov.",
    12: "déc.",
}

NAMED = {
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "YEAR_MONTH_FORMAT",
    "MONTH_DAY_FORMAT",
}


def french_format(fmt: str | None, value: dt.date) -> str | None:
    """``fmt`` (a format string or a named format such as "DATE_FORMAT") for ``value`` in the
    active language: unchanged unless it is French."""
    language = translation.get_language() or ""
    if not language.startswith("fr"):
        return fmt
    name = fmt or "DATE_FORMAT"
    resolved = str(formats.get_format(name)) if name in NAMED else name
    out = []
    escaped = False
    for char in resolved:
        if escaped:
            out.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "j" and value.day == 1:
            out.append("j\\e\\r")
        elif char in "MbN":
            out.append("".join("\\" + c for c in MONTHS[value.month]))
        else:
            out.append(char)
    return "".join(out)


def format_date(value: dt.date, fmt: str = "DATE_FORMAT") -> str:
    """``value`` formatted in the active language, French-adjusted (see :func:`french_format`)."""
    return formats.date_format(value, french_format(fmt, value))


def format_clock(value: dt.time) -> str:
    """A time of day as people write it: « 8 h », « 9 h 30 » in French; Django's
    ``TIME_FORMAT`` in other languages."""
    if (translation.get_language() or "").startswith("fr"):
        return f"{value.hour} h" + (f" {value.minute:02d}" if value.minute else "")
    return formats.time_format(value, "TIME_FORMAT")


register = template.Library()


@register.filter(is_safe=False)
def time_of_day(value: Any) -> str:
    """A time of day as people write it (:func:`format_clock`): « 8 h », « 9 h 30 »."""
    return format_clock(value) if isinstance(value, dt.time) else ""


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    """Django's ``date`` filter, French-adjusted: « 1er juillet », « juil. »."""
    if isinstance(value, dt.date):
        return django_date(value, french_format(arg, value))
    return django_date(value, arg)
