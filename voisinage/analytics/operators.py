"""Figures per operator and in total, for those who read the whole scheme (the coordinator, the
funders, the scheme's managers): the dashboard's key indicators computed once per operator over
a reader narrowed to the sites that operator holds (``accounts.access.narrowed``), beside the
scheme's total — the same indicators and the same ``visible_to`` rules, no second computation
(ADR 0048). Shown when at least two operators hold sites."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from voisinage.accounts import operators as accounts_operators
from voisinage.accounts.access import holds_whole_scheme, narrowed
from voisinage.analytics.indicators import Filters, Scope
from voisinage.core.indicators import evaluate
from voisinage.lib import clock

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.analytics.periods import Period
    from voisinage.core.indicators import IndicatorValue
    from voisinage.schemes.models import Scheme
    from voisinage.territory.models import Organisation


# Beside the key indicators, what each operator owes: its patrol target is the sum of its
# sites' targets (``Scope.weekly_patrol_target``).
OBLIGATIONS = frozenset({"patrol_target_rate"})


@dataclass(frozen=True)
class OperatorRow:
    label: str
    cells: list[tuple[Organisation, IndicatorValue]]  # each operator's value
    total: IndicatorValue


@dataclass(frozen=True)
class OperatorTable:
    operators: list[Organisation]
    rows: list[OperatorRow]


def operator_sites(scheme: Scheme, period: Period) -> dict[Organisation, set[int]]:
    """The sites each operator holds on the period's last day (today for the current one)."""
    return accounts_operators.operator_sites(scheme, min(period.last, clock.today()))


def operator_table(
    user: AnyUser, scheme: Scheme, period: Period, totals: list[IndicatorValue]
) -> OperatorTable | None:
    """The key indicators (``totals``: the dashboard's own values, unfiltered) per operator,
    for a reader of the whole scheme; None when fewer than two operators hold sites."""
    if not holds_whole_scheme(user, scheme.pk):
        return None
    sites = operator_sites(scheme, period)
    if len(sites) < 2:
        return None
    scopes = [
        Scope(narrowed(user, scheme.pk, ids), scheme, period, Filters()) for ids in sites.values()
    ]
    rows = [
        OperatorRow(
            label=str(total.indicator.label),
            cells=[
                (operator, evaluate(total.indicator, scope))
                for operator, scope in zip(sites, scopes, strict=True)
            ],
            total=total,
        )
        for total in totals
        if (total.indicator.key or total.indicator.code in OBLIGATIONS) and total.available
    ]
    return OperatorTable(operators=list(sites), rows=rows)


def operator_reader(
    user: AnyUser, scheme: Scheme, period: Period, operator_id: int
) -> tuple[AnyUser, Organisation] | None:
    """One operator's figures for a reader of the whole scheme (the dashboard's « Opérateur »
    filter), over the sites it holds on the period's last day."""
    day = min(period.last, clock.today())
    return accounts_operators.operator_reader(user, scheme, day, operator_id)


def operator_choices(user: AnyUser, scheme: Scheme, period: Period) -> list[tuple[int, str]]:
    """The operators a reader of the whole scheme may choose over the period."""
    return accounts_operators.operator_choices(user, scheme, min(period.last, clock.today()))
