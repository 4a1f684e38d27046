"""Percentiles over a period's durations, shared by the desk's response times and the
reports' feedback delay (one definition: the nearest rank).

``percentile`` takes the values in Python. ``duration_figures`` asks the database on both
engines, so a year of durations is a few rows instead of tens of thousands: PostgreSQL's
``percentile_disc`` is the nearest rank (the first value whose rank reaches ``ceil(p/100 ×
n)``, computed in the same double precision as here); on SQLite a window query numbers the
durations in order (``ROW_NUMBER() OVER (ORDER BY …)`` beside ``COUNT(*) OVER ()``) and keeps
only the rows at those ranks. All return the same figures (voisinage/tests/test_stats.py)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import connections
from django.db.models import Aggregate, Count, DurationField, F

if TYPE_CHECKING:
    from django.db.models import QuerySet


def percentile(values: list[float], p: int) -> float | None:
    """Nearest-rank percentile (``p`` in 1..100), rounded to a tenth; ``None`` without values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return round(ordered[rank - 1], 1)


class PercentileDisc(Aggregate):
    """PostgreSQL's ordered-set aggregate ``percentile_disc(p/100) WITHIN GROUP (ORDER BY x)``."""

    function = "percentile_disc"
    name = "PercentileDisc"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression: Any, p: int, **extra: Any) -> None:
        if not 1 <= p <= 100:
            raise ValueError(f"percentile out of 1..100: {p}")
        # The literal is p/100 as Python writes it: PostgreSQL reads the same double.
        super().__init__(expression, fraction=repr(p / 100), output_field=DurationField(), **extra)


def in_database(qs: QuerySet[Any]) -> bool:
    return connections[qs.db].vendor == "postgresql"


@dataclass(frozen=True)
class Durations:
    count: int
    values: dict[int, float | None]  # percentile → value in the unit, rounded to a tenth


def duration_figures(
    qs: QuerySet[Any],
    durations: dict[str, Any],
    ps: Sequence[int],
    unit: timedelta,
    counts: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], dict[str, Durations]]:
    """The ``counts`` aggregates of ``qs`` and, for each named duration expression (rows where it
    is null left out), its count and percentiles in ``unit``s.

    On PostgreSQL this is one scan of the rows: the counts and every percentile in one
    aggregate. On SQLite the counts are one aggregate and each duration one window query that
    returns only the rows at the percentiles' ranks. The figures are the same."""
    qs = qs.order_by()
    scale = unit.total_seconds()
    columns = {f"duration_{name}": expression for name, expression in durations.items()}
    if in_database(qs):
        # Count and percentile_disc leave null durations out by themselves.
        aggregates: dict[str, Any] = dict(counts or {})
        for column in columns:
            aggregates[f"{column}__n"] = Count(F(column))
            for p in ps:
                aggregates[f"{column}__p{p}"] = PercentileDisc(F(column), p)
        row = qs.annotate(**columns).aggregate(**aggregates)
        found = {
            name: Durations(
                row[f"duration_{name}__n"],
                {p: _scaled(row[f"duration_{name}__p{p}"], scale) for p in ps},
            )
            for name in durations
        }
        return {key: row[key] for key in counts or {}}, found
    totals = qs.aggregate(**counts) if counts else {}
    found = {}
    for name in durations:
        column = f"duration_{name}"
        present = qs.annotate(**{column: columns[column]}).filter(**{f"{column}__isnull": False})
        found[name] = _ranked(present.values_list(column), column, ps, scale)
    return totals, found


def _rank(p: int, n: int) -> int:
    """The nearest rank of ``p`` among ``n`` values (as ``percentile``)."""
    return max(1, math.ceil(p / 100 * n))


def _ranked(values: QuerySet[Any], column: str, ps: Sequence[int], scale: float) -> Durations:
    """The percentiles of ``values``, a queryset of the one duration ``column``, by a window
    query: the durations are numbered in order in the database and only those at the wanted
    ranks travel. SQLite keeps a duration as its number of microseconds."""
    connection = connections[values.db]
    inner, params = values.query.sql_with_params()
    # ceil(x) for x ≥ 0, without SQLite's optional math functions: the same doubles as _rank.
    ranks = " OR ".join(
        f"rn = MAX(1, CAST({p / 100!r} * n AS INTEGER) + ({p / 100!r} * n > "
        f"CAST({p / 100!r} * n AS INTEGER)))"
        for p in ps
    )
    # Only Django's compiled query (its values as parameters), a quoted alias and float literals.
    sql = (
        "SELECT n, rn, d FROM (SELECT d, ROW_NUMBER() OVER (ORDER BY d) AS rn, "  # noqa: S608
        f"COUNT(*) OVER () AS n FROM (SELECT {connection.ops.quote_name(column)} AS d "
        f"FROM ({inner}))) WHERE {ranks}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return Durations(0, dict.fromkeys(ps))
    n = rows[0][0]
    at = {
        rn: value if isinstance(value, timedelta) else timedelta(microseconds=value)
        for _n, rn, value in rows
    }
    return Durations(n, {p: _scaled(at.get(_rank(p, n)), scale) for p in ps})


def _scaled(value: timedelta | None, scale: float) -> float | None:
    return None if value is None else round(value.total_seconds() / scale, 1)
