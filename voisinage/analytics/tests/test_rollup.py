"""The interventions roll-up (ADR 0028): the same figures as the interventions, kept exact by
every write, in every perimeter."""

from datetime import date

import pytest
from django.core.management import call_command

from voisinage.analytics.documents.sections import activities_by_month
from voisinage.analytics.indicators import Scope
from voisinage.analytics.indicators.compute import (
    ROLLUP_DIMENSIONS,
    activities_used,
    intervention_breakdown,
    patrolled_entrance_weeks,
)
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
from voisinage.analytics.periods import Period, PeriodKind
from voisinage.analytics.rollup import rollup_rebuild, rollup_refresh
from voisinage.analytics.selectors import map_points
from voisinage.analytics.tests.conftest import MARCH, at
from voisinage.field.logbook.services import intervention_record, intervention_update
from voisinage.field.models import Intervention, Origin

pytestmark = pytest.mark.django_db

YEAR = Period.around(PeriodKind.YEAR, date(2026, 1, 1))
PERSONAS = ["admin", "supervisor", "north_referent", "south_referent", "pres_viewer"]


def assert_same_as_interventions(cast, username: str, period: Period = YEAR) -> None:
    user = getattr(cast, username)
    scope = Scope(user, cast.scheme, period)
    rolled = dict(scope.totals)
    raw = scope._raw_totals()
    for key, value in raw.items():
        assert rolled[key] == (value or 0), (username, key)
    fresh = Scope(user, cast.scheme, period)
    assert fresh.entrance_totals == fresh.count_entrances(rollup=False), username
    assert activities_used(fresh) == activities_used(fresh, rollup=False), username
    assert activities_by_month(fresh) == activities_by_month(fresh, rollup=False), username
    assert map_points(fresh) == map_points(fresh, rollup=False), username
    assert patrolled_entrance_weeks(fresh) == patrolled_entrance_weeks(fresh, rollup=False)
    for dimension in sorted({*ROLLUP_DIMENSIONS, "activity", "time_band"}):
        fresh = Scope(user, cast.scheme, period)
        raw_rows = intervention_breakdown(fresh, dimension, rollup=False)
        assert sorted(intervention_breakdown(fresh, dimension)) == sorted(raw_rows), (
            username,
            dimension,
        )


@pytest.mark.parametrize("username", PERSONAS)
def test_the_rollup_gives_the_interventions_figures_in_each_perimeter(dataset, username):
    assert Scope(dataset.cast.admin, dataset.cast.scheme, YEAR).whole_months
    assert_same_as_interventions(dataset.cast, username)  # the month roll-ups
    cut = Period(PeriodKind.CUSTOM, date(2026, 3, 4), date(2026, 3, 30))
    assert not Scope(dataset.cast.admin, dataset.cast.scheme, cut).whole_months
    assert_same_as_interventions(dataset.cast, username, cut)  # the nightly one


def test_whole_years_read_one_row_per_entrance_and_year(dataset):
    """ADR 0030: whole years read the entrance year rows, other whole months the month rows;
    both give the interventions' figures, across a new year too."""
    cast = dataset.cast
    assert Scope(cast.admin, cast.scheme, YEAR).entrance_rollups().model is EntranceYearRollup
    quarter = Scope(cast.admin, cast.scheme, Period.around(PeriodKind.QUARTER, date(2026, 3, 1)))
    assert quarter.entrance_rollups().model is EntranceMonthRollup
    two_years = Period(PeriodKind.CUSTOM, date(2025, 1, 1), date(2026, 12, 31))
    assert Scope(cast.admin, cast.scheme, two_years).whole_years

    def on_map(period: Period) -> int:
        return sum(p.interventions for p in map_points(Scope(cast.admin, cast.scheme, period)))

    year_2025 = Period.around(PeriodKind.YEAR, date(2025, 6, 1))
    assert on_map(year_2025) == 1  # conftest's one intervention of 2025
    assert on_map(two_years) == on_map(YEAR) + 1
    winter = Period(PeriodKind.CUSTOM, date(2025, 12, 1), date(2026, 2, 28))
    for username in PERSONAS:
        assert_same_as_interventions(cast, username, two_years)
        assert_same_as_interventions(cast, username, winter)


def test_a_landlord_referent_reads_only_its_landlord_rows(dataset):
    cast = dataset.cast
    scope = Scope(cast.north_referent, cast.scheme, Period(PeriodKind.CUSTOM, *MARCH))
    assert scope.totals["count"] == 4  # HN-1 ×3, HN-2 (conftest's table)
    landlords = {row[1] for row in intervention_breakdown(scope, "landlord")}
    assert landlords == {"Habitat Nord"}


def test_every_write_marks_its_night_and_the_next_read_counts_it(dataset):
    cast = dataset.cast
    scheme = cast.scheme
    rollup_refresh(scheme.pk)
    assert not RollupStale.objects.filter(scheme=scheme).exists()
    march = Period(PeriodKind.CUSTOM, *MARCH)
    before = Scope(cast.admin, scheme, march).totals["count"]

    hn1 = cast.north_entrances[0]
    new, _created = intervention_record(
        scheme=scheme,
        author=cast.agent,
        entrance=hn1,
        started_at=at(date(2026, 3, 20), 21),
        origin=Origin.PHONE_CALL,
        result="resolved",
        climate="orange",
        young_people=3,
    )
    assert set(RollupStale.objects.filter(scheme=scheme).values_list("night", flat=True)) == {
        date(2026, 3, 20)
    }
    assert Scope(cast.admin, scheme, march).totals["count"] == before + 1
    assert not RollupStale.objects.filter(scheme=scheme).exists()
    assert_same_as_interventions(cast, "admin")

    # Moved to another night: both nights are rebuilt.
    intervention_update(
        intervention=new,
        user=cast.supervisor,
        can_supervise=True,
        started_at=at(date(2026, 3, 24), 22),
        ended_at=at(date(2026, 3, 24), 22, 30),
    )
    assert set(RollupStale.objects.filter(scheme=scheme).values_list("night", flat=True)) == {
        date(2026, 3, 20),
        date(2026, 3, 24),
    }
    rows = intervention_breakdown(Scope(cast.admin, scheme, march), "night")
    nights = {k: n for k, _label, n in rows}
    assert "2026-03-20" not in nights
    assert nights["2026-03-24"] == 1
    assert_same_as_interventions(cast, "admin")

    # A situation added: the avoided events follow.
    intervention_update(
        intervention=Intervention.objects.get(pk=new.pk),
        user=cast.supervisor,
        can_supervise=True,
        situation_ids=[dataset.behaviour.pk],
    )
    assert Scope(cast.admin, scheme, march).totals["by_column"]["conflict_resolved"] == 3
    assert_same_as_interventions(cast, "admin")

    # Its activities changed: the activity breakdown follows.
    other = cast.scheme.activities.order_by("-position").first()
    intervention_update(
        intervention=Intervention.objects.get(pk=new.pk),
        user=cast.supervisor,
        can_supervise=True,
        activity_ids=[other.pk],
    )
    assert_same_as_interventions(cast, "admin")

    # Deleted (administration): gone from the figures.
    Intervention.objects.get(pk=new.pk).delete()
    assert Scope(cast.admin, scheme, march).totals["count"] == before
    assert_same_as_interventions(cast, "admin")


def test_a_rebuild_from_scratch_gives_the_same_rows_as_the_increments(dataset):
    cast = dataset.cast
    rollup_refresh(cast.scheme.pk)
    models = [
        InterventionRollup,
        InterventionMonthRollup,
        EntranceMonthRollup,
        EntranceYearRollup,
        ActivityMonthRollup,
        HourMonthRollup,
        PatrolWeekRollup,
    ]

    def rows() -> list:
        found = []
        for model in models:
            columns = [f.attname for f in model._meta.concrete_fields if f.name != "id"]
            found.append(sorted(model.objects.values_list(*columns)))
        return found

    incremental = rows()
    assert all(incremental)  # the dataset is there, in every roll-up
    rollup_rebuild([cast.scheme.pk])
    assert rows() == incremental


def test_the_command_rebuilds_stale_nights_or_everything(dataset, capsys):
    cast = dataset.cast
    call_command("analytics_rollup", "--scheme", cast.scheme.slug)
    assert "stale nights rebuilt" in capsys.readouterr().out
    assert not RollupStale.objects.filter(scheme=cast.scheme).exists()
    InterventionRollup.objects.filter(scheme=cast.scheme).delete()  # e.g. a bulk load
    call_command("analytics_rollup", "--rebuild")
    assert "roll-up rows rebuilt" in capsys.readouterr().out
    assert_same_as_interventions(cast, "admin")


def test_the_dashboard_filters_narrow_the_rollup_as_the_interventions(dataset):
    from voisinage.analytics.indicators import Filters

    cast = dataset.cast
    entrance = cast.north_entrances[0]
    for filters in (
        Filters(neighbourhood=entrance.neighbourhood_id),
        Filters(landlord=entrance.landlord_id),
    ):
        scope = Scope(cast.admin, cast.scheme, YEAR, filters)
        assert scope.uses_rollup
        raw = scope._raw_totals()
        assert 0 < scope.totals["count"] < Scope(cast.admin, cast.scheme, YEAR).totals["count"]
        for key, value in raw.items():
            assert scope.totals[key] == (value or 0), (filters, key)
        assert scope.entrance_totals == scope.count_entrances(rollup=False)
        assert patrolled_entrance_weeks(scope) == patrolled_entrance_weeks(scope, rollup=False)
        for dimension in ("landlord", "neighbourhood", "activity", "time_band", "month"):
            rolled = sorted(intervention_breakdown(scope, dimension))
            assert rolled == sorted(intervention_breakdown(scope, dimension, rollup=False))


@pytest.mark.parametrize("deltas_at_most", [500, 0], ids=["moved-by-deltas", "summed-again"])
def test_the_year_rows_follow_their_months(dataset, monkeypatch, deltas_at_most):
    """A refresh moves the entrance year rows by what changed in their months (or sums the
    year again past YEAR_DELTAS_AT_MOST changes): an entrance's first intervention of the year
    adds its row, a move across landlords' entrances shifts it, a deletion removes it; at each
    step the rows are those a sum of the months gives."""
    from voisinage.analytics import rollup

    monkeypatch.setattr(rollup, "YEAR_DELTAS_AT_MOST", deltas_at_most)
    cast = dataset.cast
    scheme = cast.scheme
    columns = [f.attname for f in EntranceYearRollup._meta.concrete_fields if f.name != "id"]

    def check() -> list:
        rollup_refresh(scheme.pk)
        rows = sorted(EntranceYearRollup.objects.filter(scheme=scheme).values_list(*columns))
        rollup._rebuild_years(scheme.pk)
        assert sorted(EntranceYearRollup.objects.values_list(*columns)) == rows
        return rows

    check()
    quiet = cast.north_entrances[-1]  # HN-3: no intervention in the dataset
    assert not EntranceYearRollup.objects.filter(entrance=quiet, year=date(2026, 1, 1)).exists()
    new, _created = intervention_record(
        scheme=scheme,
        author=cast.agent,
        entrance=quiet,
        started_at=at(date(2026, 4, 2), 21),
        origin=Origin.PATROL,
    )
    check()
    row = EntranceYearRollup.objects.get(entrance=quiet, year=date(2026, 1, 1))
    assert (row.interventions, row.patrols) == (1, 1)
    intervention_update(
        intervention=new,
        user=cast.supervisor,
        can_supervise=True,
        entrance=cast.south_entrances[0],  # another landlord's
    )
    check()
    assert not EntranceYearRollup.objects.filter(entrance=quiet, year=date(2026, 1, 1)).exists()
    Intervention.objects.get(pk=new.pk).delete()
    check()
    assert_same_as_interventions(cast, "admin")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_refreshes_of_one_scheme_run_one_after_the_other_and_writers_do_not_wait(cast):
    """A refresh holds its scheme's row lock (FOR NO KEY UPDATE) until it commits: a second
    refresh of that scheme waits for it, while an agent's recording (whose foreign key only
    shares the row) goes through."""
    import threading

    from django.db import connection, connections, transaction

    from voisinage.analytics import rollup

    if not connection.features.has_select_for_update:
        assert connection.vendor == "sqlite"  # SQLite: one writer for the whole database
        return
    scheme = cast.scheme
    rollup.mark_stale([(scheme.pk, date(2026, 3, 3))])
    refreshed, recorded = threading.Event(), threading.Event()

    def in_thread(work, done):  # its own connection, as another request's
        def run() -> None:
            try:
                work()
                done.set()
            finally:
                connections.close_all()

        thread = threading.Thread(target=run)
        thread.start()
        return thread

    def record() -> None:
        intervention_record(
            scheme=scheme,
            author=cast.agent,
            entrance=cast.north_entrances[0],
            started_at=at(date(2026, 3, 4), 21),
            origin=Origin.PATROL,
        )

    with transaction.atomic():
        rollup._lock_scheme(scheme.pk)  # as a refresh under way holds it
        refresher = in_thread(lambda: rollup_refresh(scheme.pk), refreshed)
        writer = in_thread(record, recorded)
        assert recorded.wait(10)  # the writer did not wait
        assert not refreshed.wait(0.5)  # the second refresh does
    assert refreshed.wait(10)
    refresher.join()
    writer.join()
    rollup_refresh(scheme.pk)
    assert not RollupStale.objects.filter(scheme=scheme).exists()
    assert Scope(cast.admin, scheme, YEAR).totals["count"] == 1
