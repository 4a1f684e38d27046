"""The indicator registry. An indicator is data (code, label, definition, unit, formula, level,
evaluation registers) plus a function computing it in the database over a scope (analytics'
``Scope``: a user's perimeter in a scheme, a period, filters — :class:`IndicatorScope` is what
every indicator may read of it).

Apps declare indicators in ``<app>/indicators.py`` with ``analytics_indicators() ->
list[Indicator]`` (the ``INDICATORS`` extension point); the analytics app declares the library's
own first. An indicator without a computation is *pending*: it is listed with its definition
and says "source not available yet" instead of showing zero, until an app declares the same code
with a computation, which takes its place. Two computations of one code are an error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

from voisinage.core.extensions import INDICATORS

if TYPE_CHECKING:
    from django.utils.functional import Promise

type Number = int | float | Decimal
type Breakdown = list[tuple[str, str, Number]]  # (key, label, value)


class PeriodBounds(Protocol):
    @property
    def first(self) -> date: ...
    @property
    def last(self) -> date: ...


class PlaceFilters(Protocol):
    @property
    def neighbourhood(self) -> int | None: ...
    @property
    def landlord(self) -> int | None: ...


class IndicatorScope(Protocol):
    """What an indicator may read of the scope it is computed over (analytics' ``Scope``)."""

    @property
    def user(self) -> Any: ...  # the reader: every query starts from visible_to(user)
    @property
    def scheme(self) -> Any: ...
    @property
    def period(self) -> PeriodBounds: ...
    @property
    def filters(self) -> PlaceFilters: ...
    @property
    def moments(self) -> tuple[datetime, datetime]: ...
    @property
    def previous(self) -> IndicatorScope: ...
    @property
    def year_before(self) -> IndicatorScope: ...
    def memo[T](self, key: str, compute: Callable[[], T]) -> T: ...


# Computations take analytics' Scope (an IndicatorScope with more: totals, roll-ups).
type Compute = Callable[[Any], Number | None]
type BreakdownBy = Callable[[Any, str], Breakdown]


def share(part: Number | None, whole: Number | None) -> float | None:
    """``part`` as a percentage of ``whole``, one decimal; None without a whole."""
    if part is None or not whole:
        return None
    return round(float(part) / float(whole) * 100, 1)


class Level(models.TextChoices):
    OUTPUT = "output", _("Output")
    OUTCOME = "outcome", _("Outcome")
    IMPACT = "impact", _("Impact")


class Unit(models.TextChoices):
    COUNT = "count", _("number")
    PERCENT = "percent", _("%")
    MINUTES = "minutes", _("minutes")
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")
    EUROS = "euros", _("€")
    SCORE = "score", _("score (0–3)")


class Register(models.TextChoices):
    """The five registers of social-utility evaluation used by mediation operators."""

    SOCIAL_COHESION = "social_cohesion", _("Social cohesion")
    INNOVATION = "innovation", _("Innovation and learning")
    TRANQUILLITY = "tranquillity", _("Public tranquillity")
    ECONOMIC = "economic", _("Economic contribution")
    RECOGNITION = "recognition", _("Recognition")


# Dimensions an indicator may be broken down by (``group_by``).
DIMENSIONS = {
    "month": _("Month"),
    "night": _("Night"),
    "neighbourhood": _("Neighbourhood"),
    "landlord": _("Landlord"),
    "activity": _("Activity"),
    "field": _("Mediation field"),
    "origin": _("Origin"),
    "time_band": _("Time band"),
    "result": _("Result"),
    "climate": _("Residence climate"),
}


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str | Promise
    level: str
    unit: str
    definition: str | Promise
    formula: str
    registers: tuple[str, ...] = ()
    source: str = "field"  # the app whose data it reads
    compute: Compute | None = None
    breakdown: BreakdownBy | None = None
    dimensions: tuple[str, ...] = ()
    lower_is_better: bool = False
    key: bool = False  # shown as a key figure on dashboards and decks
    # The optional part of the product it measures (``schemes.models.Capability``): a scheme
    # that does not use it does not show it on its dashboard.
    capability: str = ""

    @property
    def available(self) -> bool:
        return self.compute is not None

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label)

    @property
    def unit_label(self) -> str:
        return str(Unit(self.unit).label)


@dataclass(frozen=True)
class IndicatorValue:
    indicator: Indicator
    value: Number | None
    previous: Number | None = None
    last_year: Number | None = None
    groups: Breakdown = field(default_factory=list)

    @property
    def available(self) -> bool:
        return self.indicator.available

    @property
    def change_in_points(self) -> bool:
        """Shares compare in percentage points (60 % after 50 % is +10 points, not +20 %)."""
        return self.indicator.unit == Unit.PERCENT

    def _change(self, now: Number | None, then: Number | None) -> float | None:
        if now is None or then is None:
            return None
        if self.change_in_points:
            return round(float(now) - float(then), 1)
        if not then:
            return None
        return round((float(now) - float(then)) / float(then) * 100, 1)

    @property
    def change_previous(self) -> float | None:
        return self._change(self.value, self.previous)

    @property
    def change_last_year(self) -> float | None:
        return self._change(self.value, self.last_year)


@cache
def _registry() -> dict[str, Indicator]:
    registry: dict[str, Indicator] = {}
    for contribution in INDICATORS.contributions():
        for indicator in contribution.value():
            known = registry.get(indicator.code)
            if known is not None and known.available and indicator.available:
                raise ImproperlyConfigured(
                    f"indicator {indicator.code!r} is computed twice ({contribution.app_label})"
                )
            if known is None or not known.available:
                registry[indicator.code] = indicator  # a computation replaces a pending one
    return registry


def all_indicators() -> list[Indicator]:
    order = {Level.OUTPUT: 0, Level.OUTCOME: 1, Level.IMPACT: 2}
    return sorted(_registry().values(), key=lambda i: order.get(i.level, 3))  # type: ignore[call-overload]


def get_indicator(code: str) -> Indicator | None:
    return _registry().get(code)


def evaluate(
    indicator: Indicator,
    scope: IndicatorScope,
    *,
    compare: bool = False,
    group_by: str | None = None,
) -> IndicatorValue:
    """The indicator's value over the scope, with the previous period and the same period a
    year earlier when ``compare``; ``None`` values mean "no data" (or no source)."""
    if indicator.compute is None:
        return IndicatorValue(indicator, None)
    compute = indicator.compute

    def value_over(where: IndicatorScope) -> Any:  # once per indicator and scope
        return where.memo(f"value:{indicator.code}", lambda: compute(where))

    value = value_over(scope)
    previous = last_year = None
    if compare:
        previous = value_over(scope.previous)
        last_year = value_over(scope.year_before)
    groups: Breakdown = []
    if group_by and indicator.breakdown and group_by in indicator.dimensions:
        groups = indicator.breakdown(scope, group_by)
    return IndicatorValue(indicator, value, previous, last_year, groups)
