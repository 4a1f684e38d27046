"""French dates: « 1er juillet », unambiguous month abbreviations, in templates (the ``date``
filter every template gets) and in Python (format_date); other languages untouched."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import engines
from django.utils import translation

from voisinage.lib.dates import format_date

JULY_1 = date(2026, 7, 1)


def render(text: str, **context) -> str:
    return engines["django"].from_string(text).render(context)


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("j F Y", "1er juillet 2026"),
        ("DATE_FORMAT", "1er juillet 2026"),
        ("l j F", "mercredi 1er juillet"),
        ("D j M", "mer 1er juil."),
        ("M Y", "juil. 2026"),
        ("SHORT_DATE_FORMAT", "01/07/2026"),
        ("Y-m-d", "2026-07-01"),
        (r"\j j", "j 1er"),  # an escaped letter stays a letter
    ],
)
def test_the_first_of_the_month_and_abbreviations_in_french(fmt, expected):
    with translation.override("fr"):
        assert render("{{ d|date:f }}", d=JULY_1, f=fmt) == expected
        assert format_date(JULY_1, fmt) == expected


def test_other_days_and_months_read_as_before_in_french():
    with translation.override("fr"):
        assert format_date(date(2026, 7, 2), "j F Y") == "2 juillet 2026"
        labels = [format_date(date(2026, m, 1), "M") for m in range(1, 13)]
    assert labels == [
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    ]
    assert not {"Jui", "Jul", "Aoû", "Oct", "Nov"} & set(labels)


def test_english_is_left_alone():
    with translation.override("en"):
        assert render('{{ d|date:"j F Y" }}', d=JULY_1) == "1 July 2026"
        assert format_date(JULY_1, "M Y") == "Jul 2026"


def test_the_filter_still_shows_aware_moments_in_local_time():
    moment = datetime(2026, 7, 1, 20, 40, tzinfo=ZoneInfo("UTC"))
    with translation.override("fr"):
        assert render('{{ m|date:"j F, H:i" }}', m=moment) == "1er juillet, 22:40"
    assert render("{{ m|date }}", m=None) == ""
