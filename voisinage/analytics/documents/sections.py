"""A summary's sections as data, built from the scheme's own referential and the parts of the
product it uses (ADR 0036, 0050): the monthly summary (page and PDF), the dashboard and the
review deck loop over these; no template decides which section a scheme gets.

A section has a title, indicator values (with their comparisons), charts (rows of a
breakdown) and at most one grid (a table already written in French: the referential's
activities month by month, the roadmap's axes and objectives)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voisinage.analytics.access import access_roadmap
from voisinage.analytics.documents import french
from voisinage.analytics.indicators import Scope
from voisinage.analytics.periods import Period, PeriodKind
from voisinage.analytics.selectors import (
    Chart,
    breakdown_chart,
    objective_progress,
    scheme_indicators,
    time_series,
)
from voisinage.core.indicators import IndicatorValue, evaluate, get_indicator
from voisinage.field.models import Intervention
from voisinage.lib.dates import format_date
from voisinage.schemes.models import Capability
from voisinage.schemes.selectors import scheme_activities

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.utils.functional import Promise

    from voisinage.analytics.selectors import ObjectiveProgress
    from voisinage.schemes.models import Scheme


@dataclass(frozen=True)
class GridRow:
    label: str
    cells: list[str]
    heading: bool = False  # a group's line (an axis of the roadmap), its cells empty


@dataclass(frozen=True)
class Grid:
    """A table of figures written in French: column heads (after the label's) and rows."""

    label: str
    columns: list[str]
    rows: list[GridRow]
    text_columns: tuple[int, ...] = ()  # indexes in ``columns`` of text, not figures

    @property
    def heads(self) -> list[tuple[str, bool]]:
        """Each column's head and whether it holds figures (right-aligned)."""
        return [(head, i not in self.text_columns) for i, head in enumerate(self.columns)]

    @property
    def lines(self) -> list[tuple[GridRow, list[tuple[str, bool]]]]:
        """Each row with its cells, each with whether it is a figure."""
        return [
            (row, [(cell, i not in self.text_columns) for i, cell in enumerate(row.cells)])
            for row in self.rows
        ]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    values: list[IndicatorValue] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    grid: Grid | None = None


@dataclass(frozen=True)
class Plan:
    """Which indicators and charts a section shows, and the part of the product it needs."""

    key: str
    title: str | Promise
    codes: tuple[str, ...]
    capability: str = ""
    charts: tuple[str, ...] = ()


# The sections of a summary, in order. The charts are "series" (by day or night, or by
# month) and the dimensions of ``analytics.selectors.CHART_TITLES``.
PLANS = (
    Plan(
        "activity",
        gettext_lazy("Activity"),
        (
            "interventions",
            "people_reached",
            "young_people_reached",
            "resolved_share",
            "handed_over_share",
        ),
        charts=("series", "neighbourhood", "origin"),
    ),
    Plan(
        "climate",
        gettext_lazy("Residence climate and recurring problems"),
        ("climate_score", "serious_climate_share", "recurring_entrances"),
    ),
    Plan(
        "patrols",
        gettext_lazy("Patrols"),
        ("entrances_patrolled", "patrol_target_rate"),
        Capability.PATROLS,
    ),
    Plan(
        "courtesy",
        gettext_lazy("Courtesy visits"),
        ("courtesy_visits", "courtesy_met_share"),
        Capability.COURTESY_VISITS,
    ),
    Plan(
        "desk",
        gettext_lazy("Phone desk"),
        ("calls", "events", "response_time", "callback_time", "caller_satisfaction"),
        Capability.PHONE_DESK,
    ),
    Plan(
        "instructions",
        gettext_lazy("Landlords' instructions"),
        ("instructions", "instructions_handled", "instruction_time"),
        Capability.INSTRUCTIONS,
    ),
    Plan(
        "reports",
        gettext_lazy("Reports to partners"),
        (
            "reports_created",
            "reports_closed",
            "feedback_rate",
            "feedback_delay",
            "duplicates_share",
        ),
        Capability.REPORTS,
    ),
    Plan("governance", gettext_lazy("Governance"), ("meetings_attended",)),
)


def uses(scheme: Scheme, capability: str) -> bool:
    return not capability or scheme.uses(capability)


def section_values(scope: Scope, codes: tuple[str, ...]) -> list[IndicatorValue]:
    """The indicators of ``codes`` the scheme shows (not those of a part it does not use),
    with their comparisons."""
    shown = {i.code for i in scheme_indicators(scope.scheme)}
    values = []
    for code in codes:
        indicator = get_indicator(code)
        if indicator is not None and code in shown:
            values.append(evaluate(indicator, scope, compare=True))
    return values


def _chart(scope: Scope, name: str) -> Chart:
    return time_series(scope) if name == "series" else breakdown_chart(scope, name)


def plan_sections(scope: Scope, *, charts: bool = True) -> list[Section]:
    """The planned sections the scheme uses, each with its values (and charts)."""
    sections = []
    for plan in PLANS:
        if not uses(scope.scheme, plan.capability):
            continue
        values = section_values(scope, plan.codes)
        drawn = [_chart(scope, name) for name in plan.charts] if charts else []
        if values or drawn:
            sections.append(Section(plan.key, str(plan.title), values, drawn))
    return sections


# --- The activity referential, month by month ---------------------------------------------------


def activities_by_month(scope: Scope, *, rollup: bool = True) -> Grid | None:
    """Interventions per activity of the scheme's referential and per month of the period
    (every activity in use listed, at zero too), with the interventions given no activity;
    ``None`` when the scheme has no referential. An intervention with two activities counts
    under each. Over whole months both come from the month roll-ups (ADR 0028); otherwise, or
    without ``rollup``, from the interventions themselves."""
    activities = list(scheme_activities(scope.scheme).values_list("pk", "label"))
    if not activities:
        return None
    months = scope.period.months()
    through = Intervention.activities.through
    counted: Iterable[tuple[int, date, int]]
    bare: Iterable[tuple[date, int]]
    if rollup and scope.uses_rollup and scope.whole_months:
        from voisinage.analytics.models import ActivityMonthRollup, InterventionMonthRollup

        counted = (
            scope.month_rollups(ActivityMonthRollup)
            .values("activity_id", "month")
            .annotate(n=Sum("interventions"))
            .order_by()
            .values_list("activity_id", "month", "n")
        )
        bare = (
            scope.month_rollups(InterventionMonthRollup)
            .filter(without_activity__gt=0)
            .values("month")
            .annotate(n=Sum("without_activity"))
            .order_by()
            .values_list("month", "n")
        )
    else:
        counted = (
            through.objects.filter(intervention__in=scope.interventions().values("pk"))  # type: ignore[misc]
            .values("activity_id", month=TruncMonth("intervention__night"))
            .annotate(n=Count("intervention_id"))
            .order_by()
            .values_list("activity_id", "month", "n")
        )
        bare = (
            scope.interventions()
            .filter(~Exists(through.objects.filter(intervention_id=OuterRef("pk"))))
            .annotate(month=TruncMonth("night"))
            .values_list("month")
            .annotate(n=Count("pk"))
            .order_by()
        )
    found = {(a, _month(m)): n for a, m, n in counted}
    without = {_month(m): n for m, n in bare}
    rows = []
    for pk, label in activities:
        counts = [found.get((pk, m), 0) for m in months]
        rows.append(GridRow(label, [*map(french.smart_number, counts), _total(counts)]))
    if without:
        counts = [without.get(m, 0) for m in months]
        rows.append(
            GridRow(_("No activity given"), [*map(french.smart_number, counts), _total(counts)])
        )
    # Within one year the months are short (« janv. ») and the year is said once.
    one_year = months[0].year == months[-1].year
    columns = [format_date(m, "M" if one_year else "M Y") for m in months] + [_("Total")]
    label = _("Activity (%(year)s)") % {"year": months[0].year} if one_year else _("Activity")
    return Grid(label, columns, rows)


def _month(value: date) -> date:
    day = value.date() if hasattr(value, "date") and callable(value.date) else value
    return day.replace(day=1)


def _total(counts: list[int]) -> str:
    return french.smart_number(sum(counts))


def referential_section(
    scope: Scope, *, months: Scope | None = None, chart: bool = True
) -> Section | None:
    """The referential's activities: their figures over ``scope``, and the table month by
    month over ``months`` (the year so far in a monthly summary), or over ``scope``."""
    grid = activities_by_month(months or scope)
    if grid is None:
        return None
    return Section(
        "referential",
        _("Activities of the referential, month by month"),
        section_values(scope, ("activities_used",)),
        [breakdown_chart(scope, "activity")] if chart else [],
        grid,
    )


def year_so_far(scope: Scope) -> Scope:
    """The scope from 1 January to the end of its period (the months a summary's referential
    table shows)."""
    first = date(scope.period.last.year, 1, 1)
    if scope.period.first <= first:
        return scope
    period = Period(PeriodKind.CUSTOM, first, scope.period.last)
    return scope.with_period(period)


# --- The roadmap: axes, objectives, progress ----------------------------------------------------


def roadmap_progress(scope: Scope) -> list[ObjectiveProgress]:
    """The objectives of the roadmap of the period's (last) year, measured up to its end."""
    roadmap = access_roadmap(scope.user, scope.scheme, scope.period.last.year)
    if roadmap is None:
        return []
    until = scope.period.last
    return list(objective_progress(scope.user, scope.scheme, roadmap, until=until).values())


def steering_sections(
    scope: Scope, progress: list[ObjectiveProgress], *, charts: bool = True
) -> list[Section]:
    """The sections a scheme's own steering adds: its referential and its roadmap (without
    the chart by activity where the page already draws it), then its evaluation registers."""
    found = (referential_section(scope, chart=charts), roadmap_section(scope, progress))
    return [section for section in found if section is not None] + evaluation_sections(scope)


# --- The evaluation registers: avoided costs measured, references quoted -------------------------


def evaluation_sections(scope: Scope) -> list[Section]:
    """Every avoided-cost type the scheme defines, counted in the reader's perimeter over the
    period with its unit cost and source, then the figures quoted from outside, apart (they are
    references, never added to what was measured). The same lines as the evaluation page."""
    from voisinage.analytics.evaluation import evaluation_lines

    lines = evaluation_lines(scope)
    sections = []
    if lines.measured:
        rows = [
            GridRow(
                line.label,
                [
                    french.number(line.count),
                    french.with_unit(line.unit_cost, "euros"),
                    french.with_unit(line.total, "euros"),
                    line.source,
                ],
            )
            for line in lines.measured
        ]
        total = french.with_unit(lines.measured_total, "euros")
        rows.append(GridRow(_("Total measured"), ["", "", total, ""]))
        sections.append(
            Section(
                "avoided-costs",
                _("Estimated avoided costs (measured in the logbook)"),
                grid=Grid(
                    _("Avoided event"),
                    [_("Counted"), _("Unit cost"), _("Amount"), _("Source")],
                    rows,
                    text_columns=(3,),
                ),
            )
        )
    if lines.references:
        sections.append(
            Section(
                "references",
                _("Reference figures (quoted, not measured)"),
                grid=Grid(
                    _("Reference"),
                    [_("Register"), _("Figure"), _("Source")],
                    [
                        GridRow(r.label, [r.register_label, r.figure, r.source])
                        for r in lines.references
                    ],
                    text_columns=(0, 2),
                ),
            )
        )
    return sections


def roadmap_section(scope: Scope, progress: list[ObjectiveProgress]) -> Section | None:
    """The roadmap's axes and each objective's value, target and progress, with the share of
    the planned actions done; ``None`` without a roadmap."""
    if not progress:
        return None
    rows: list[GridRow] = []
    axis = None
    for p in progress:
        if p.objective.axis_id != axis:
            axis = p.objective.axis_id
            rows.append(GridRow(p.objective.axis.title, ["", "", ""], heading=True))
        value = p.value
        shown = (
            french.with_unit(value.value, value.indicator.unit)
            if value is not None and value.available
            else "—"
        )
        target = french.smart_number(p.objective.target) if p.objective.target else "—"
        done = "—" if p.progress is None else f"{french.smart_number(p.progress)}{french.NNBSP}%"
        rows.append(GridRow(p.objective.title, [shown, target, done]))
    grid = Grid(_("Objective"), [_("Value"), _("Target"), _("Progress")], rows)
    return Section(
        "roadmap",
        _("Roadmap: axes and objectives"),
        section_values(scope, ("roadmap_actions_done",)),
        grid=grid,
    )
