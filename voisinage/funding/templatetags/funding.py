"""Template helpers of the funding pages."""

from __future__ import annotations

from decimal import Decimal

from django import template

from voisinage.funding.exports import status_label as _status_label
from voisinage.lib.money import format_index, format_percent

register = template.Library()


@register.simple_tag
def status_label(status: str) -> str:
    """planned / requested / partly_paid / paid, in words."""
    return _status_label(status)


@register.filter
def subtract(value: int | None, other: int | None) -> int:
    return (value or 0) - (other or 0)


@register.filter
def percent(value: Decimal | None) -> str:
    """51.0000 → "51", 0.50 → "0,5" (no trailing zeros, decimal comma)."""
    return "—" if value is None else format_percent(value, 4)


@register.filter
def index(value: Decimal | None) -> str:
    """A price index as it is written: 102.5000 → "102,5" (significant decimals only)."""
    return "—" if value is None else format_index(value)
