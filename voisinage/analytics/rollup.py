"""Roll-ups of the interventions by night, neighbourhood and landlord (ADR 0028).

A year's dashboard of a large scheme adds up hundreds of thousands of interventions several
times (the period, the previous one, the same period last year). ``InterventionRollup`` keeps
those counts per night, neighbourhood and landlord, so the sums read a few hundred rows a night
instead of a thousand interventions, exactly:

* every write of an intervention marks its night stale (``RollupStale``; signals below, also on
  deletion, on a change of night and on a change of its situations) in the writer's transaction;
* ``rollup_refresh(scheme_id)`` rebuilds the stale nights of a scheme (one ``INSERT … SELECT``
  grouped in the database) before anything reads the roll-up; readers call it first;
* ``rollup_rebuild()`` rebuilds everything (the migration, bulk loads that bypass the ORM:
  ``manage.py analytics_rollup --rebuild``).

The month rows follow the nights they hold; the entrance year rows follow the months by
differences (ADR 0030).

Races:

* the writer *updates* its night's mark (``ON CONFLICT DO UPDATE``), so it waits for, or is
  waited for by, a refresh that holds the mark: a refresh never deletes a mark whose
  intervention it could not see;
* two refreshes of one scheme (two readers after a write) run one after the other: each first
  locks the scheme's row (``FOR NO KEY UPDATE``, which the writers' foreign-key checks do not
  wait for). Otherwise two refreshes holding different marks of one month would both rebuild
  it, and the second would not see, so not delete, the rows the first had just inserted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, models, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, ExtractHour, TruncMonth, TruncWeek, TruncYear
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from voisinage.analytics.models import (
    ActivityMonthRollup,
    EntranceMonthRollup,
    EntranceYearRollup,
    HourMonthRollup,
    InterventionMonthRollup,
    InterventionRollup,
    PatrolWeekRollup,
    RollupStale,
)
from voisinage.field.models import Climate, CodeKind, Intervention, Origin, Result
from voisinage.lib import clock
from voisinage.schemes.models import Scheme

CHUNK = 400  # nights per INSERT … SELECT


def _situation(kind: str) -> Exists:
    through = Intervention.situations.through
    return Exists(through.objects.filter(intervention_id=OuterRef("pk"), fieldcode__kind=kind))


def _aggregates() -> dict[str, Any]:
    """Rollup column → aggregate over the interventions (in the model's column order)."""
    aggregates: dict[str, Any] = {"interventions": Count("pk")}
    for origin in Origin.values:
        aggregates[f"origin_{origin}"] = Count("pk", filter=Q(origin=origin))
    for result in Result.values:
        aggregates[f"result_{result}"] = Count("pk", filter=Q(result=result))
    for climate in Climate.values:
        aggregates[f"climate_{climate}"] = Count("pk", filter=Q(climate=climate))
    aggregates["people"] = Coalesce(Sum(F("adults") + F("young_people") + F("minors")), 0)
    aggregates["young"] = Coalesce(Sum(F("young_people") + F("minors")), 0)
    aggregates["conflict_resolved"] = Count(
        "pk", filter=Q(result=Result.RESOLVED) & Q(_situation(CodeKind.BEHAVIOUR))
    )
    aggregates["anomaly_reported"] = Count("pk", filter=Q(_situation(CodeKind.MATERIAL)))
    activities = Intervention.activities.through.objects.filter(intervention_id=OuterRef("pk"))
    aggregates["without_activity"] = Count("pk", filter=~Q(Exists(activities)))
    return aggregates


GROUP = ("scheme_id", "night", "neighbourhood_id", "landlord_id")
COUNT_COLUMNS = tuple(_aggregates())


def _insert_select(interventions: models.QuerySet[Intervention]) -> None:
    """The grouped counts of ``interventions`` into the nightly roll-up."""
    grouped = interventions.order_by().values(*GROUP).annotate(**_aggregates())
    _insert_grouped(InterventionRollup, grouped, (*GROUP, *COUNT_COLUMNS))


def _rebuild_nights(scheme_id: int, nights: Sequence[date]) -> None:
    for i in range(0, len(nights), CHUNK):
        chunk = nights[i : i + CHUNK]
        InterventionRollup.objects.filter(scheme_id=scheme_id, night__in=chunk).delete()
        _insert_select(Intervention.objects.filter(scheme_id=scheme_id, night__in=chunk))
    months = sorted({night.replace(day=1) for night in nights})
    _rebuild_months(scheme_id, months)
    weeks = sorted({night - timedelta(days=night.weekday()) for night in nights})
    for i in range(0, len(weeks), CHUNK):
        chunk = weeks[i : i + CHUNK]
        PatrolWeekRollup.objects.filter(scheme_id=scheme_id, week__in=chunk).delete()
        span = Q()
        for monday in chunk:
            span |= Q(night__range=(monday, monday + timedelta(days=6)))
        patrols = Intervention.objects.filter(span, scheme_id=scheme_id)
        _insert_grouped(PatrolWeekRollup, _patrol_weeks(patrols), PATROL_WEEK_COLUMNS)


PATROL_WEEK_COLUMNS = ("scheme_id", "week", "neighbourhood_id", "landlord_id", "entrances")


def _patrol_weeks(interventions: models.QuerySet[Intervention]) -> models.QuerySet[Any]:
    """Distinct entrances patrolled per ISO week, neighbourhood and landlord."""
    return (
        interventions.filter(origin=Origin.PATROL, entrance__isnull=False)
        .order_by()
        .annotate(week=TruncWeek("night"))
        .values("scheme_id", "week", "neighbourhood_id", "landlord_id")
        .annotate(entrances=Count("entrance_id", distinct=True))
    )


# --- Monthly roll-ups: distinct entrances and activities over whole months -----------------


def _month_sources(
    interventions: models.QuerySet[Intervention], scheme_id: int
) -> list[tuple[Any, Any]]:
    """(model, grouped query) of each monthly roll-up built from the interventions."""
    month = TruncMonth("night")
    places = ("neighbourhood_id", "landlord_id")
    zone = ZoneInfo(Scheme.objects.values_list("time_zone", flat=True).get(pk=scheme_id))
    by_hour = (
        interventions.order_by()
        .annotate(month=month, hour=ExtractHour("started_at", tzinfo=zone))
        .values("scheme_id", "month", "hour", *places)
        .annotate(interventions=Count("pk"))
    )
    by_entrance = (
        interventions.filter(entrance__isnull=False)
        .order_by()
        .annotate(month=month)
        .values("scheme_id", "month", "entrance_id", *places)
        .annotate(interventions=Count("pk"), patrols=Count("pk", filter=Q(origin=Origin.PATROL)))
    )
    through = Intervention.activities.through
    by_activity = (
        through.objects.filter(intervention__in=interventions.values("pk"))
        .order_by()
        .annotate(
            scheme_id=F("intervention__scheme_id"),
            month=TruncMonth("intervention__night"),
            neighbourhood_id=F("intervention__neighbourhood_id"),
            landlord_id=F("intervention__landlord_id"),
        )
        .values("scheme_id", "month", "activity_id", *places)
        .annotate(interventions=Count("intervention_id"))
    )
    return [
        (EntranceMonthRollup, by_entrance),
        (ActivityMonthRollup, by_activity),
        (HourMonthRollup, by_hour),
    ]


def _month_counts(nightly: models.QuerySet[InterventionRollup]) -> models.QuerySet[Any]:
    """The nightly roll-up's rows summed by month (the month roll-up of interventions)."""
    return (
        nightly.order_by()
        .annotate(month=TruncMonth("night"))
        .values("scheme_id", "month", "neighbourhood_id", "landlord_id")
        .annotate(**{c: Sum(c) for c in COUNT_COLUMNS})
    )


MONTH_COLUMNS: dict[Any, tuple[str, ...]] = {
    InterventionMonthRollup: (
        "scheme_id", "month", "neighbourhood_id", "landlord_id", *COUNT_COLUMNS,
    ),
    EntranceMonthRollup: (
        "scheme_id", "month", "entrance_id", "neighbourhood_id", "landlord_id", "interventions",
        "patrols",
    ),
    ActivityMonthRollup: (
        "scheme_id", "month", "activity_id", "neighbourhood_id", "landlord_id", "interventions",
    ),
    HourMonthRollup: (
        "scheme_id", "month", "hour", "neighbourhood_id", "landlord_id", "interventions",
    ),
}  # fmt: skip


def _insert_grouped(model: Any, grouped: models.QuerySet[Any], names: Sequence[str]) -> None:
    """``INSERT INTO <model> (names) SELECT names FROM (grouped)``: the grouped query runs in
    the database; its columns are picked by name (values() names them), whatever their order."""
    sql, params = grouped.query.sql_with_params()
    quoted = ", ".join(connection.ops.quote_name(n) for n in names)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({quoted}) SELECT {quoted} FROM ({sql}) grouped",  # noqa: S608
            params,
        )


ENTRANCE_YEAR_COLUMNS = (
    "scheme_id", "year", "entrance_id", "neighbourhood_id", "landlord_id", "interventions",
    "patrols",
)  # fmt: skip
YEAR_DELTAS_AT_MOST = 500  # beyond, a year's rows are summed again from its months

type EntranceKey = tuple[int, int | None, int | None]  # entrance, neighbourhood, landlord
type Deltas = dict[date, dict[EntranceKey, list[int]]]  # year → key → [interventions, patrols]


def _rebuild_years(scheme_id: int, years: Sequence[date] | None = None) -> None:
    """The entrance year rows of the ``years`` (all when None), summed from the month rows
    (ADR 0030): call it after the months."""
    months = EntranceMonthRollup.objects.filter(scheme_id=scheme_id)
    rows = EntranceYearRollup.objects.filter(scheme_id=scheme_id)
    if years is not None:
        span = Q()
        for first in years:
            span |= Q(month__range=(first, first.replace(month=12, day=31)))
        months = months.filter(span)
        rows = rows.filter(year__in=years)
    rows.delete()
    grouped = (
        months.order_by()
        .annotate(year=TruncYear("month"))
        .values("scheme_id", "year", "entrance_id", "neighbourhood_id", "landlord_id")
        .annotate(interventions=Sum("interventions"), patrols=Sum("patrols"))
    )
    _insert_grouped(EntranceYearRollup, grouped, ENTRANCE_YEAR_COLUMNS)


def _entrance_month(scheme_id: int, month: date) -> dict[EntranceKey, tuple[int, int]]:
    rows = EntranceMonthRollup.objects.filter(scheme_id=scheme_id, month=month).values_list(
        "entrance_id", "neighbourhood_id", "landlord_id", "interventions", "patrols"
    )
    return {(e, n, lo): (i, p) for e, n, lo, i, p in rows}


def _add_deltas(deltas: Deltas, month: date, before: dict, after: dict) -> None:
    """What changed in a month's entrance rows, added to its year's deltas."""
    year = deltas.setdefault(month.replace(month=1), {})
    for key in before.keys() | after.keys():
        old, new = before.get(key, (0, 0)), after.get(key, (0, 0))
        if old != new:
            delta = year.setdefault(key, [0, 0])
            delta[0] += new[0] - old[0]
            delta[1] += new[1] - old[1]


def _apply_year_deltas(scheme_id: int, deltas: Deltas) -> None:
    """The year rows moved by what changed in their months: a refresh of a night changes a
    few entrances, and the year is not summed again (that was a third of a refresh)."""
    for year, changes in deltas.items():
        changes = {k: d for k, d in changes.items() if d != [0, 0]}
        if len(changes) > YEAR_DELTAS_AT_MOST:
            _rebuild_years(scheme_id, [year])
            continue
        for (entrance, hood, landlord), (n, patrols) in changes.items():
            # None is IS NULL in filter(): a row outside neighbourhoods or landlords.
            key: dict[str, Any] = {
                "scheme_id": scheme_id,
                "year": year,
                "entrance_id": entrance,
                "neighbourhood_id": hood,
                "landlord_id": landlord,
            }
            row = EntranceYearRollup.objects.filter(**key).first()
            if row is None:
                row = EntranceYearRollup(**key, interventions=0, patrols=0)
            row.interventions += n
            row.patrols += patrols
            if row.interventions <= 0:
                if row.pk:
                    row.delete()
            else:
                row.save()


def _rebuild_months(scheme_id: int, months: Sequence[date]) -> None:
    deltas: Deltas = {}
    for start in months:
        end = (start + timedelta(days=32)).replace(day=1)
        interventions = Intervention.objects.filter(
            scheme_id=scheme_id, night__gte=start, night__lt=end
        )
        nightly = InterventionRollup.objects.filter(
            scheme_id=scheme_id, night__gte=start, night__lt=end
        )
        sources = [
            *_month_sources(interventions, scheme_id),
            (InterventionMonthRollup, _month_counts(nightly)),
        ]
        before = _entrance_month(scheme_id, start)
        for model, grouped in sources:
            model.objects.filter(scheme_id=scheme_id, month=start).delete()
            _insert_grouped(model, grouped, MONTH_COLUMNS[model])
        _add_deltas(deltas, start, before, _entrance_month(scheme_id, start))
    _apply_year_deltas(scheme_id, deltas)


def _lock_scheme(scheme_id: int) -> None:
    """One refresh or rebuild of a scheme at a time (see the top); in the caller's
    transaction. SQLite serialises every write anyway."""
    list(Scheme.objects.select_for_update(no_key=True).filter(pk=scheme_id).values_list("pk"))


def rollup_refresh(scheme_id: int) -> int:
    """Rebuild the stale nights of a scheme; returns how many. Cheap when nothing is stale
    (one indexed read)."""
    if not RollupStale.objects.filter(scheme_id=scheme_id).exists():
        return 0
    with transaction.atomic():
        _lock_scheme(scheme_id)
        marks = list(
            RollupStale.objects.select_for_update()
            .filter(scheme_id=scheme_id)
            .values_list("pk", "night")
        )
        RollupStale.objects.filter(pk__in=[pk for pk, _night in marks]).delete()
        nights = sorted({night for _pk, night in marks})
        _rebuild_nights(scheme_id, nights)
    return len(nights)


def rollup_rebuild(scheme_ids: Iterable[int] | None = None) -> int:
    """Rebuild the roll-up of the schemes (all by default) from scratch; returns its rows."""
    ids = (
        list(scheme_ids)
        if scheme_ids is not None
        else list(Scheme.objects.values_list("pk", flat=True))
    )
    for scheme_id in ids:
        with transaction.atomic():
            _lock_scheme(scheme_id)
            RollupStale.objects.filter(scheme_id=scheme_id).delete()
            InterventionRollup.objects.filter(scheme_id=scheme_id).delete()
            _insert_select(Intervention.objects.filter(scheme_id=scheme_id))
            nightly = InterventionRollup.objects.filter(scheme_id=scheme_id)
            sources = [
                *_month_sources(Intervention.objects.filter(scheme_id=scheme_id), scheme_id),
                (InterventionMonthRollup, _month_counts(nightly)),
            ]
            for model, grouped in sources:
                model.objects.filter(scheme_id=scheme_id).delete()
                _insert_grouped(model, grouped, MONTH_COLUMNS[model])
            _rebuild_years(scheme_id)
            PatrolWeekRollup.objects.filter(scheme_id=scheme_id).delete()
            _insert_grouped(
                PatrolWeekRollup,
                _patrol_weeks(Intervention.objects.filter(scheme_id=scheme_id)),
                PATROL_WEEK_COLUMNS,
            )
    return InterventionRollup.objects.filter(scheme_id__in=ids).count()


def mark_stale(keys: Iterable[tuple[int, date]]) -> None:
    """Mark (scheme, night) pairs stale, in the caller's transaction (an upsert: see the top)."""
    now = clock.now()
    marks = [RollupStale(scheme_id=s, night=n, marked_at=now) for s, n in set(keys) if n]
    if marks:
        RollupStale.objects.bulk_create(
            marks,
            update_conflicts=True,
            unique_fields=["scheme", "night"],
            update_fields=["marked_at"],
        )


# --- Signals (connected in AnalyticsConfig.ready) ----------------------------------------------


def _remember(sender: Any, instance: Intervention, **_kwargs: Any) -> None:
    # __dict__, not attributes: a deferred field must not cost a query per loaded row.
    values = instance.__dict__
    instance._rollup_key = (values.get("scheme_id"), values.get("night"))  # type: ignore[attr-defined]


def _saved(sender: Any, instance: Intervention, raw: bool = False, **_kwargs: Any) -> None:
    keys = {(instance.scheme_id, instance.night)}
    before = getattr(instance, "_rollup_key", None)
    if before and before[0] and before[1]:
        keys.add(before)
    mark_stale(keys)
    _remember(sender, instance)


def _deleted(sender: Any, instance: Intervention, **_kwargs: Any) -> None:
    mark_stale([(instance.scheme_id, instance.night)])


def _codes_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **_kwargs: Any
) -> None:
    if not action.startswith("post_"):
        return
    if not reverse:
        mark_stale([(instance.scheme_id, instance.night)])
    elif pk_set:  # a code's interventions changed (rare: from the code's side)
        mark_stale(Intervention.objects.filter(pk__in=pk_set).values_list("scheme_id", "night"))


def connect() -> None:
    post_init.connect(_remember, sender=Intervention, dispatch_uid="rollup_remember")
    post_save.connect(_saved, sender=Intervention, dispatch_uid="rollup_saved")
    post_delete.connect(_deleted, sender=Intervention, dispatch_uid="rollup_deleted")
    for name in ("situations", "activities"):
        m2m_changed.connect(
            _codes_changed,
            sender=getattr(Intervention, name).through,
            dispatch_uid=f"rollup_{name}",
        )
