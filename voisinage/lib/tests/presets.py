"""Besançon's rules (the Besançon agreement) as pure structures, for the lib tests.

In the application these rules are data (ServiceHoursRule, StaffingRule rows, loaded by the
demo scenario); library code names no city.
"""

from voisinage.lib.service_hours import MONDAY_TO_SATURDAY, HoursRule, ServiceHours, parse_hhmm
from voisinage.lib.staffing import StaffingRule


def besancon_hours() -> ServiceHours:
    """Besançon: Monday–Saturday, 18:00–01:00 from April to September, 17:00–00:00 otherwise."""
    return ServiceHours(
        rules=(
            HoursRule(
                start_month_day=(4, 1),
                end_month_day=(9, 30),
                weekdays=MONDAY_TO_SATURDAY,
                start=parse_hhmm("18:00"),
                end=parse_hhmm("01:00"),
            ),
            HoursRule(
                start_month_day=(10, 1),
                end_month_day=(3, 31),
                weekdays=MONDAY_TO_SATURDAY,
                start=parse_hhmm("17:00"),
                end=parse_hhmm("00:00"),
            ),
        ),
        time_zone="Europe/Paris",
        include_holidays=True,
        holiday_country="FR",
    )


def besancon_staffing() -> tuple[StaffingRule, ...]:
    """Besançon: one supervisor Monday–Saturday, four agents Tuesday–Saturday, two agents on
    Mondays, 25 July–14 August and ISO weeks 51–52 (reduced service)."""
    return (
        StaffingRule(
            position="supervisor",
            headcount=1,
            weekdays=MONDAY_TO_SATURDAY,
            label="Encadrant",
        ),
        StaffingRule(
            position="agent",
            headcount=4,
            weekdays=frozenset({1, 2, 3, 4, 5}),
            label="Service normal",
        ),
        StaffingRule(
            position="agent",
            headcount=2,
            weekdays=frozenset({0}),
            priority=10,
            label="Service restreint (lundi)",
        ),
        StaffingRule(
            position="agent",
            headcount=2,
            weekdays=MONDAY_TO_SATURDAY,
            priority=10,
            # Last week of July, first two weeks of August.
            date_ranges=(((7, 25), (7, 31)), ((8, 1), (8, 14))),
            label="Service restreint (été)",
        ),
        StaffingRule(
            position="agent",
            headcount=2,
            weekdays=MONDAY_TO_SATURDAY,
            priority=10,
            iso_weeks=frozenset({51, 52}),
            label="Service restreint (fin d'année)",
        ),
    )
