"""The indicator library (docs/analytics.md, docs/adr/0016-indicator-registry.md)."""

from voisinage.analytics.indicators.registry import (
    DIMENSIONS,
    Indicator,
    IndicatorValue,
    Level,
    Register,
    Unit,
    all_indicators,
    evaluate,
    get_indicator,
)
from voisinage.analytics.indicators.scope import Filters, Scope

__all__ = [
    "DIMENSIONS",
    "Filters",
    "Indicator",
    "IndicatorValue",
    "Level",
    "Register",
    "Scope",
    "Unit",
    "all_indicators",
    "evaluate",
    "get_indicator",
]
