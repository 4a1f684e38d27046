"""What an indicator is computed over: a user's perimeter in a scheme, a period, filters.

Every query starts from the other apps' ``visible_to(user)``; the totals of interventions are
one aggregate query, shared by the indicators that read them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce

from voisinage.accounts.access import PerimeterKind, is_platform_admin, scheme_grants
from voisinage.analytics.models import (
    EntranceMonthRollup,
    EntranceYearRollup,
    InterventionMonthRollup,
    InterventionRollup,
)
from voisinage.analytics.rollup import COUNT_COLUMNS
from voisinage.field.models import Climate, Intervention, Origin, Result
from voisinage.lib import clock
from voisinage.schemes.selectors import sites_patrol_target

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.db.models import QuerySet

    from voisinage.accounts.access import AnyUser
    from voisinage.analytics.periods import Period
    from voisinage.schemes.models import Scheme


@dataclass(frozen=True)
class Filters:
    neighbourhood: int | None = None
    landlord: int | None = None
    activity: int | None = None
    origin: str = ""

    @property
    def active(self) -> bool:
        return bool(self.neighbourhood or self.landlord or self.activity or self.origin)


CLIMATE_SCORE = {Climate.GREEN: 0, Climate.YELLOW: 1, Climate.ORANGE: 2, Climate.RED: 3}


@dataclass
class Scope:
    user: AnyUser
    scheme: Scheme
    period: Period
    filters: Filters = field(default_factory=Filters)
    _memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def memo[T](self, key: str, compute: Callable[[], T]) -> T:
        """A value computed once per scope: several indicators read the same source's totals
        (the desk's response times, the reports' counts) and share one set of queries."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @property
    def moments(self) -> tuple[datetime, datetime]:
        """The period as moments in the scheme's time zone: [first day 00:00, day after last
        00:00), for data dated by a moment (reports) rather than by a service night."""
        zone = ZoneInfo(self.scheme.time_zone)
        start = datetime.combine(self.period.first, datetime.min.time(), zone)
        end = datetime.combine(self.period.last + timedelta(days=1), datetime.min.time(), zone)
        return start, end

    def with_period(self, period: Period) -> Scope:
        return Scope(self.user, self.scheme, period, self.filters)

    @cached_property
    def previous(self) -> Scope:
        return self.with_period(self.period.previous())

    @cached_property
    def year_before(self) -> Scope:
        """The same period a year earlier; for a year it is the previous period itself, and
        the same Scope (its values are computed once)."""
        period = self.period.last_year()
        return self.previous if period == self.previous.period else self.with_period(period)

    @cached_property
    def is_whole_scheme(self) -> bool:
        """Whether the user sees the whole scheme (targets set for the scheme apply)."""
        if is_platform_admin(self.user):
            return True
        return any(
            g.perimeter == PerimeterKind.SCHEME for g in scheme_grants(self.user, self.scheme.pk)
        )

    @cached_property
    def weekly_patrol_target(self) -> int | None:
        """The weekly patrol target of what the user reads: the scheme's for the whole scheme;
        for a perimeter made of operators' sites (an operator's people, or a reader narrowed to
        one operator for the figures per operator), the sum of those sites' targets (ADR
        0048); None otherwise."""
        if self.is_whole_scheme:
            return self.scheme.weekly_patrol_target
        grants = scheme_grants(self.user, self.scheme.pk)
        if not grants or any(g.perimeter != PerimeterKind.NEIGHBOURHOODS for g in grants):
            return None
        ids = {pk for g in grants for pk in g.neighbourhood_ids}
        return sites_patrol_target(self.scheme, ids, min(self.period.last, clock.today()))

    def interventions(self) -> QuerySet[Intervention]:
        qs = self.placed(
            Intervention.objects.visible_to(self.user).filter(
                scheme=self.scheme, night__range=(self.period.first, self.period.last)
            )
        )
        f = self.filters
        if f.origin:
            qs = qs.filter(origin=f.origin)
        if f.activity:
            qs = qs.filter(activities=f.activity)
        return qs

    @property
    def uses_rollup(self) -> bool:
        """The roll-up has no activity and counts results by origin only in total: a filter on
        either reads the interventions themselves (ADR 0028)."""
        return not (self.filters.activity or self.filters.origin)

    def placed[Q_: QuerySet[Any]](self, qs: Q_) -> Q_:
        """``qs`` (interventions or a roll-up's rows) narrowed to the neighbourhood and
        landlord filters."""
        if self.filters.neighbourhood:
            qs = qs.filter(neighbourhood_id=self.filters.neighbourhood)
        if self.filters.landlord:
            qs = qs.filter(landlord_id=self.filters.landlord)
        return qs

    def rollups(self, *, nightly: bool = False) -> QuerySet[Any]:
        """The period's roll-up rows in the user's perimeter, brought up to date first: the
        month roll-up for whole months (unless ``nightly``), the nightly one otherwise."""
        from voisinage.analytics.rollup import rollup_refresh

        self.memo("rollup_refresh", lambda: rollup_refresh(self.scheme.pk))
        span = (self.period.first, self.period.last)
        qs: QuerySet[Any]
        if self.whole_months and not nightly:
            qs = InterventionMonthRollup.objects.visible_to(self.user).filter(
                scheme=self.scheme, month__range=span
            )
        else:
            qs = InterventionRollup.objects.visible_to(self.user).filter(
                scheme=self.scheme, night__range=span
            )
        return self.placed(qs)

    @cached_property
    def totals(self) -> dict[str, Any]:
        """The interventions' totals in one query: summed from the roll-up, or a conditional
        aggregation over the interventions when a filter rules the roll-up out."""
        if not self.uses_rollup:
            return self._raw_totals()
        return totals_from_sums(self.rollups().aggregate(**rollup_sums()))

    def _raw_totals(self) -> dict[str, Any]:
        rated = ~Q(climate="")
        score = (
            Count("pk", filter=Q(climate=Climate.YELLOW))
            + Count("pk", filter=Q(climate=Climate.ORANGE)) * 2
            + Count("pk", filter=Q(climate=Climate.RED)) * 3
        )
        return self.interventions().aggregate(
            count=Count("pk"),
            with_result=Count("pk", filter=~Q(result="")),
            resolved=Count("pk", filter=Q(result=Result.RESOLVED)),
            handed_over=Count("pk", filter=Q(result=Result.HANDED_OVER)),
            rated=Count("pk", filter=rated),
            serious=Count("pk", filter=Q(climate__in=[Climate.ORANGE, Climate.RED])),
            climate_points=score,
            people=Sum(F("adults") + F("young_people") + F("minors")),
            young=Sum(F("young_people") + F("minors")),
        )

    @property
    def whole_months(self) -> bool:
        """Whether the period is made of whole months (month, quarter, half-year, year…)."""
        from voisinage.analytics.periods import month_end

        return self.period.first.day == 1 and self.period.last == month_end(self.period.last)

    @property
    def whole_years(self) -> bool:
        """Whether the period is made of whole calendar years."""
        first, last = self.period.first, self.period.last
        return (first.month, first.day, last.month, last.day) == (1, 1, 12, 31)

    def month_rollups[M: models.Model](self, model: type[M]) -> QuerySet[M]:
        """The period's rows of a monthly roll-up, in the user's perimeter, up to date."""
        return self._rollup_rows(model, month__range=(self.period.first, self.period.last))

    def entrance_rollups(self) -> QuerySet[Any]:
        """The period's per-entrance rows (whole months only): one per entrance and year when
        the period is whole years (ADR 0030), one per entrance and month otherwise. Both have
        ``entrance``, ``interventions`` and ``patrols``."""
        if self.whole_years:
            span = (self.period.first, self.period.last)
            return self._rollup_rows(EntranceYearRollup, year__range=span)
        return self.month_rollups(EntranceMonthRollup)

    def _rollup_rows[M: models.Model](self, model: type[M], **span: Any) -> QuerySet[M]:
        from voisinage.analytics.rollup import rollup_refresh

        self.memo("rollup_refresh", lambda: rollup_refresh(self.scheme.pk))
        qs = model.objects.visible_to(self.user).filter(  # type: ignore[attr-defined]
            scheme=self.scheme, **span
        )
        return self.placed(qs)

    @cached_property
    def entrance_totals(self) -> dict[str, Any]:
        return self.count_entrances(rollup=True)

    def count_entrances(self, *, rollup: bool) -> dict[str, Any]:
        """Per entrance, then counted: the entrances reached, those patrolled and those with
        ``RECURRENCE_THRESHOLD`` problem interventions or more (interventions other than patrol
        passages: a patrol passing by is routine, not a problem), in one pass (distinct
        entrances are not additive: over whole months from the entrance roll-ups, otherwise
        from the interventions through the covering index ``intervention_night_places``)."""
        from voisinage.analytics.indicators.compute import RECURRENCE_THRESHOLD

        per_entrance: QuerySet[Any]
        if rollup and self.uses_rollup and self.whole_months:
            per_entrance = (
                self.entrance_rollups()
                .values("entrance")
                .annotate(n=Sum("interventions"), patrols=Sum("patrols"))
            )
        else:
            per_entrance = (
                self.interventions()
                .filter(entrance__isnull=False)
                .values("entrance")
                .annotate(n=Count("pk"), patrols=Count("pk", filter=Q(origin=Origin.PATROL)))
            )
        return _count_rows(
            per_entrance,
            patrolled="patrols > 0",
            recurring=f"n - patrols >= {int(RECURRENCE_THRESHOLD)}",
        )


def _count_rows(grouped: QuerySet[Any], **conditions: str) -> dict[str, int]:
    """``SELECT COUNT(*), COUNT(*) FILTER (WHERE condition)… FROM (grouped)``: counts over a
    grouped query in the database (the ORM cannot aggregate an aggregate). Conditions are
    written here, never from input."""
    from django.db import connection

    sql, params = grouped.query.sql_with_params()
    columns = ", ".join(
        f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)" for condition in conditions.values()
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), {columns} FROM ({sql}) grouped", params)  # noqa: S608
        total, *counts = cursor.fetchone()
    return {"entrances": total, **{k: v or 0 for k, v in zip(conditions, counts, strict=True)}}


def rollup_sums() -> dict[str, Any]:
    """The aggregates that sum a roll-up's counts (``totals_from_sums`` reads them); also
    grouped by the networks' overview (docs/networks.md), so both read one definition."""
    return {
        **{c: Coalesce(Sum(c), 0) for c in COUNT_COLUMNS if c != "interventions"},
        "count": Coalesce(Sum("interventions"), 0),
    }


def totals_from_sums(sums: dict[str, Any]) -> dict[str, Any]:
    """A scope's interventions' totals (``Scope.totals``) from the roll-up's summed counts."""
    results = [sums[f"result_{r}"] for r in Result.values]
    climates = {c: sums[f"climate_{c}"] for c in Climate.values}
    return {
        "count": sums["count"],
        "with_result": sum(results),
        "resolved": sums["result_resolved"],
        "handed_over": sums["result_handed_over"],
        "rated": sum(climates.values()),
        "serious": climates["orange"] + climates["red"],
        "climate_points": sum(CLIMATE_SCORE[Climate(c)] * n for c, n in climates.items()),
        "people": sums["people"],
        "young": sums["young"],
        "by_column": sums,
    }
