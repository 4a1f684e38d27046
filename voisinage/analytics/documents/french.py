"""French formats for documents, whatever the reader's language: 12 345,6 and 1 janvier 2026."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import translation

from voisinage.lib.dates import format_date

NNBSP = "\u202f"


def number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    if value is None:
        return "—"
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", NNBSP).replace(".", ",")


def smart_number(value: int | float | Decimal | None) -> str:
    if value is None:
        return "—"
    return number(value, 0 if float(value).is_integer() else 1)


def with_unit(value: int | float | Decimal | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "percent":
        return f"{number(value, 1)}{NNBSP}%"
    if unit == "euros":
        return f"{number(value, 0)}{NNBSP}€"
    if unit == "score":
        return number(value, 2)
    if unit in ("hours", "minutes", "days"):
        suffix = {"hours": "h", "minutes": "min", "days": "j"}[unit]
        return f"{number(value, 0)}{NNBSP}{suffix}"
    return smart_number(value)


def change(value: float | None, points: bool = False) -> str:
    if value is None:
        return "—"
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{number(abs(value), 1)}{NNBSP}{'pts' if points else '%'}"


def day(value: date, fmt: str = "j F Y") -> str:
    with translation.override("fr"):
        return format_date(value, fmt)
