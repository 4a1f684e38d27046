"""Percentiles over a period's durations, shared by the desk's response times and the
reports' feedback delay (one implementation)."""

from __future__ import annotations

import math


def percentile(values: list[float], p: int) -> float | None:
    """Nearest-rank percentile (``p`` in 1..100), rounded to a tenth; ``None`` without values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return round(ordered[rank - 1], 1)
