from datetime import date

import pytest

from voisinage.lib.staffing import (
    StaffingNeed,
    StaffingRule,
    required_staff,
    shortfall,
)
from voisinage.lib.tests.presets import besancon_staffing

RULES = besancon_staffing()


def headcounts(evening: date) -> dict[str, int]:
    return {position: need.headcount for position, need in required_staff(RULES, evening).items()}


def test_an_ordinary_tuesday_needs_a_supervisor_and_four_agents() -> None:
    needs = required_staff(RULES, date(2025, 11, 18))

    assert needs == {
        "supervisor": StaffingNeed("supervisor", 1, "Encadrant"),
        "agent": StaffingNeed("agent", 4, "Service normal"),
    }


def test_a_monday_is_a_reduced_service_with_two_agents() -> None:
    needs = required_staff(RULES, date(2025, 11, 17))

    assert needs["agent"].headcount == 2
    assert needs["agent"].rule_label.startswith("Service restreint")
    assert needs["supervisor"].headcount == 1


@pytest.mark.parametrize(
    "evening",
    [
        pytest.param(date(2025, 7, 25), id="first day of the last week of July"),
        pytest.param(date(2025, 7, 30), id="Wednesday in the last week of July"),
        pytest.param(date(2025, 8, 8), id="Friday in the first two weeks of August"),
        pytest.param(date(2025, 8, 14), id="last day of the first two weeks of August"),
        pytest.param(date(2025, 12, 16), id="Tuesday of ISO week 51"),
        pytest.param(date(2025, 12, 27), id="Saturday of ISO week 52"),
    ],
)
def test_summer_and_year_end_periods_are_reduced_to_two_agents(evening: date) -> None:
    assert headcounts(evening) == {"supervisor": 1, "agent": 2}


@pytest.mark.parametrize(
    "evening",
    [
        pytest.param(date(2025, 7, 24), id="Thursday before the last week of July"),
        pytest.param(date(2025, 8, 20), id="Wednesday after mid-August"),
        pytest.param(date(2025, 12, 10), id="Wednesday of ISO week 50"),
    ],
)
def test_outside_the_reduced_periods_four_agents_are_needed(evening: date) -> None:
    assert headcounts(evening) == {"supervisor": 1, "agent": 4}


def test_a_sunday_needs_nobody() -> None:
    assert required_staff(RULES, date(2025, 11, 23)) == {}
    assert required_staff(RULES, date(2025, 12, 21)) == {}  # Sunday of ISO week 51


def test_the_highest_priority_wins_and_ties_go_to_the_first_rule() -> None:
    every_day = frozenset(range(7))
    rules = [
        StaffingRule("agent", 3, every_day, priority=1, label="first"),
        StaffingRule("agent", 5, every_day, priority=1, label="second"),
        StaffingRule("agent", 9, every_day, priority=0, label="lower"),
    ]

    assert required_staff(rules, date(2025, 1, 1)) == {"agent": StaffingNeed("agent", 3, "first")}


def test_date_ranges_may_wrap_the_new_year() -> None:
    rule = StaffingRule(
        "agent", 1, frozenset(range(7)), date_ranges=(((12, 24), (1, 2)),), label="fêtes"
    )

    assert rule.applies_to(date(2025, 12, 31))
    assert rule.applies_to(date(2026, 1, 2))
    assert not rule.applies_to(date(2026, 1, 3))


def test_shortfall_lists_only_positions_missing_people() -> None:
    required = required_staff(RULES, date(2025, 11, 18))

    assert shortfall(required, {"supervisor": 1, "agent": 2}) == {"agent": 2}
    assert shortfall(required, {"agent": 6}) == {"supervisor": 1}
    assert shortfall(required, {"supervisor": 2, "agent": 4, "driver": 1}) == {}
    assert shortfall(required, {}) == {"supervisor": 1, "agent": 4}


def test_invalid_staffing_rules_are_rejected() -> None:
    with pytest.raises(ValueError, match="Headcount"):
        StaffingRule("agent", -1, frozenset({0}))
    with pytest.raises(ValueError, match="ISO weeks"):
        StaffingRule("agent", 1, frozenset({0}), iso_weeks=frozenset({54}))
    with pytest.raises(ValueError, match="month, day"):
        StaffingRule("agent", 1, frozenset({0}), date_ranges=(((13, 1), (1, 1)),))
