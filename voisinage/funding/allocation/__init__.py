"""Who pays what, computed exactly: allocation trees, yearly schedules, checks.

Pure functions over frozen dataclasses (no database, no Django), so that tests — including
property-based ones — can run them by the thousand. docs/funding.md explains the rules in prose.

**Allocation.** A tree of rules splits an amount. The children of a node share the node's
amount; each child takes, in this order:

- ``fixed``: a fixed annual amount, pro rata temporis (10 000 € a year → 5 000 € for 6 months);
- ``percent``: a percentage of the node's amount;
- ``capped_percent``: the same, but at most the cap (an annual amount, pro rata temporis and
  rounded *down* to the euro); the part above the cap stays with the node and goes to the
  remainder;
- ``equal_share`` and ``remainder``: what is left after the siblings above, split equally among
  them (a group split equally among its members is a node whose children are all
  ``equal_share``; "the remainder" is the same computation, named for what it means).

A child with children is a group and splits its own amount again; a child without children is
a *line* (one party pays it). What no rule takes (percentages below 100 % without a remainder,
a cap binding without a remainder, a group without members) goes to an **unallocated** line,
reported as an issue: the lines always add up to the total, to the cent.

**Rounding** is data on the agreement (:class:`Rounding`). *By the cent*: at each node of the
tree the exact parts are apportioned by the largest remainders (:func:`voisinage.lib.money.
apportion`), so the lines add up to the total with no residual and equal shares differ by one
cent at most. *By the euro* (council figures): every line is computed exactly, then rounded to
the euro, half away from zero. The residual (year total minus the rounded lines, a few euros
at most) goes to one line: the line taking "the remainder" (or, when the remainder is a group,
its largest member), otherwise the largest line — skipping any line whose cap the residual
would break. Besançon 2024: 3 × 35 100 € for the partners, and the landlords' 51 % absorbs the
euro left over (shown as a line of its own).

**Schedule.** For each calendar year of an agreement, the year's total is the annual cost times
the months covered over 12 (months pro rata, see :mod:`voisinage.lib.money`; a cost change in
the year counts each cost for its own months), rounded to the euro; the tree allocates it.

**Cap revisions.** An agreement amendment may revise every cap from a date (a percentage or an
index, :class:`CapRevision`): the schedule cuts the year there, each segment reads the caps in
force, and the checks of each annual rate read them too; earlier segments are untouched.

**Checks.** Constraints (a cap on a line or group, a required share ± a tolerance) are checked on
an allocation — the agreement page checks them on the *annual rate* of each cost period (the
clauses speak of amounts "per year"), and the what-if form on a cost not saved. Rule caps that
rounding would break, negative lines and unallocated amounts are reported with them: a cap is
either respected or reported, never silently exceeded.
"""

from voisinage.funding.allocation.checks import (
    Assessment,
    Breach,
    Constraint,
    ConstraintKind,
    assess,
    assess_costs,
    check,
)
from voisinage.funding.allocation.schedule import (
    CapRevision,
    CostPeriod,
    Presence,
    Segment,
    YearSchedule,
    compute_schedule,
    period_total,
    present_rules,
    revised_cap,
)
from voisinage.funding.allocation.tree import (
    FULL_YEAR,
    SHARING_KINDS,
    Allocation,
    Issue,
    IssueCode,
    Kind,
    Line,
    Rounding,
    Rule,
    allocate,
    rounding_unit,
    walk,
)

__all__ = [
    "FULL_YEAR",
    "SHARING_KINDS",
    "Allocation",
    "Assessment",
    "Breach",
    "CapRevision",
    "Constraint",
    "ConstraintKind",
    "CostPeriod",
    "Issue",
    "IssueCode",
    "Kind",
    "Line",
    "Presence",
    "Rounding",
    "Rule",
    "Segment",
    "YearSchedule",
    "allocate",
    "assess",
    "assess_costs",
    "check",
    "compute_schedule",
    "period_total",
    "present_rules",
    "revised_cap",
    "rounding_unit",
    "walk",
]
