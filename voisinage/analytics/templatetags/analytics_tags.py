from __future__ import annotations

from typing import Any

from django import template

from voisinage.analytics.documents import french

register = template.Library()


@register.filter
def shown(value: Any) -> str:
    """An IndicatorValue's value with its unit, in French format."""
    return french.with_unit(value.value, value.indicator.unit)


@register.filter
def shown_previous(value: Any) -> str:
    return french.with_unit(value.previous, value.indicator.unit)


@register.filter
def shown_last_year(value: Any) -> str:
    return french.with_unit(value.last_year, value.indicator.unit)


@register.filter
def change(value: float | None) -> str:
    return french.change(value)


@register.filter
def delta(value: Any, which: str = "previous") -> str:
    """An IndicatorValue's change against the previous period or last year (points for shares)."""
    number = value.change_previous if which == "previous" else value.change_last_year
    return french.change(number, value.change_in_points)


@register.filter
def fr_number(value: Any) -> str:
    return french.smart_number(value)


@register.filter
def trend(value: Any, which: str = "previous") -> str:
    """good, bad or flat, for colouring a change (lower is better for some indicators)."""
    delta = value.change_previous if which == "previous" else value.change_last_year
    if not delta:
        return "flat"
    better = delta < 0 if value.indicator.lower_is_better else delta > 0
    return "good" if better else "bad"


@register.filter
def bar_percent(row: Any, total: Any) -> float:
    """Width of a table bar: the row's share of the largest value."""
    try:
        return round(float(row) / float(total) * 100, 1) if total else 0.0
    except (TypeError, ValueError):
        return 0.0


@register.filter
def fr_day(value: Any, fmt: str = "j F Y") -> str:
    return french.day(value, fmt) if value else ""


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if mapping else None
