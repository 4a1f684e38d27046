"""Indicator values on the hand-built dataset (conftest.py), computed in the database and
limited to each persona's perimeter."""

from datetime import date
from decimal import Decimal

import pytest

from voisinage.accounts.access import grants_for
from voisinage.analytics.indicators import Filters, Scope
from voisinage.analytics.periods import Period, PeriodKind
from voisinage.analytics.rollup import rollup_refresh
from voisinage.core.indicators import all_indicators, evaluate, get_indicator
from voisinage.field.models import Origin

pytestmark = pytest.mark.django_db
MARCH = Period(PeriodKind.MONTH, date(2026, 3, 1), date(2026, 3, 31))


def values(user, scheme, period=MARCH, filters=None):
    scope = Scope(user, scheme, period, filters or Filters())
    return {i.code: evaluate(i, scope, compare=True) for i in all_indicators()}


def test_the_whole_scheme_figures_of_march(dataset):
    cast = dataset.cast
    v = values(cast.admin, cast.scheme)
    assert v["interventions"].value == 6
    assert v["interventions"].previous == 1  # February
    assert v["interventions"].last_year == 1  # March 2025
    assert v["interventions"].change_previous == 500.0
    assert v["people_reached"].value == 8
    assert v["young_people_reached"].value == 2
    assert v["resolved_share"].value == 60.0
    assert v["handed_over_share"].value == 20.0
    assert v["climate_score"].value == 1.2
    assert v["climate_score"].last_year == 3.0
    assert v["serious_climate_share"].value == 40.0
    assert v["recurring_entrances"].value == 0  # HN-1: three patrol passages and one call
    assert v["entrances_patrolled"].value == 2
    assert v["patrol_target_rate"].value == 20.0  # 2 entrance-weeks / (2 a week × 5 weeks)
    assert v["courtesy_visits"].value == 2
    assert v["courtesy_met_share"].value == 50.0
    assert v["meetings_attended"].value == 1
    assert v["activities_used"].value == 1
    assert v["scheme_cost"].value == Decimal("31000")
    assert v["cost_per_intervention"].value == Decimal("5166.67")
    # 2 conflicts settled × 150 € + 1 anomaly × 200 € + 1 handed over × 50 €
    assert v["avoided_costs"].value == Decimal("550")


def test_a_landlord_referent_gets_the_figures_of_its_stock_only(dataset):
    cast = dataset.cast
    v = values(cast.north_referent, cast.scheme)
    assert v["interventions"].value == 4
    assert v["resolved_share"].value == 50.0
    assert v["interventions"].last_year == 0  # LS-1 is Logis Sud's
    assert v["entrances_patrolled"].value == 2
    assert v["patrol_target_rate"].value is None  # the target is the whole scheme's
    assert v["scheme_cost"].value is None
    assert v["presence_hours"].value is None  # partners do not see the rota
    south = values(cast.south_referent, cast.scheme)
    assert south["interventions"].value == 2
    assert south["courtesy_visits"].value == 0  # Habitat Nord's campaign


def test_another_schemes_partner_gets_nothing(dataset):
    cast = dataset.cast
    v = values(cast.other_partner, cast.scheme)
    assert v["interventions"].value == 0
    assert v["resolved_share"].value is None  # no data, not zero


def test_filters_narrow_every_figure(dataset):
    cast = dataset.cast
    v = values(cast.admin, cast.scheme, filters=Filters(origin=Origin.PATROL))
    assert v["interventions"].value == 3
    v = values(cast.admin, cast.scheme, filters=Filters(landlord=cast.south.pk))
    assert v["interventions"].value == 2
    v = values(cast.admin, cast.scheme, filters=Filters(neighbourhood=cast.pres.pk))
    assert v["interventions"].value == 4
    activity = cast.scheme.activities.order_by("position").first()
    v = values(cast.admin, cast.scheme, filters=Filters(activity=activity.pk))
    assert v["interventions"].value == 1


def test_breakdowns_are_counted_in_the_database(dataset, django_assert_max_num_queries):
    cast = dataset.cast
    scope = Scope(cast.admin, cast.scheme, MARCH)
    indicator = get_indicator("interventions")
    rollup_refresh(cast.scheme.pk)  # the dataset's nights are stale: rebuilt on first read
    # Whether a night is stale, the total, the groups (from the roll-up, ADR 0028).
    with django_assert_max_num_queries(3):
        by_landlord = evaluate(indicator, scope, group_by="landlord").groups
    assert [(label, n) for _key, label, n in by_landlord] == [("Habitat Nord", 4), ("Logis Sud", 2)]
    by_origin = {k: n for k, _label, n in evaluate(indicator, scope, group_by="origin").groups}
    assert by_origin == {
        "patrol": 3,
        "phone_call": 1,
        "landlord_instruction": 1,
        "own_initiative": 1,
    }
    bands = evaluate(indicator, scope, group_by="time_band").groups
    assert [(k, n) for k, _label, n in bands] == [
        ("18", 1),
        ("19", 2),
        ("20", 1),
        ("21", 1),
        ("22", 1),
    ]
    months = evaluate(
        indicator,
        Scope(cast.admin, cast.scheme, Period.around(PeriodKind.YEAR, date(2026, 1, 1))),
        group_by="month",
    ).groups
    assert [(k, n) for k, _label, n in months] == [("2026-02", 1), ("2026-03", 6)]


def test_the_desk_and_reports_replace_the_pending_declarations(dataset):
    """Their figures are tested in test_sources.py; here, without calls nor reports, the counts
    are zero and the delays and shares are "no data" (None), never "unavailable"."""
    cast = dataset.cast
    v = values(cast.admin, cast.scheme)
    for code in ("calls", "events", "instructions", "reports_created", "reports_closed"):
        assert v[code].available is True, code
        assert v[code].value == 0, code
    for code in (
        "response_time",
        "callback_time",
        "instruction_time",
        "feedback_rate",
        "feedback_delay",
        "caller_satisfaction",
        "duplicates_share",
    ):
        assert v[code].available is True, code
        assert v[code].value is None, code


def test_every_indicator_is_documented():
    codes = [i.code for i in all_indicators()]
    assert len(codes) == len(set(codes))
    for indicator in all_indicators():
        assert indicator.definition, indicator.code
        assert indicator.formula, indicator.code
        assert indicator.registers, indicator.code
        assert indicator.level in ("output", "outcome", "impact")


def test_the_totals_of_a_period_are_three_queries(dataset, django_assert_num_queries):
    cast = dataset.cast
    scope = Scope(cast.supervisor, cast.scheme, MARCH)
    grants_for(cast.supervisor)  # the user's grants: two queries, once per request
    codes = [
        "interventions",
        "people_reached",
        "resolved_share",
        "climate_score",
        "serious_climate_share",
        "handed_over_share",
        "entrances_patrolled",
    ]
    rollup_refresh(cast.scheme.pk)
    # Whether a night is stale, the roll-up's sums, the distinct entrances (ADR 0028).
    with django_assert_num_queries(3):
        for code in codes:
            evaluate(get_indicator(code), scope)
