"""What the review deck and its PDF say, computed once for both (same content, two formats)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from voisinage.analytics.documents.mapimage import render_map
from voisinage.analytics.documents.sections import (
    Section,
    evaluation_sections,
    plan_sections,
    referential_section,
    roadmap_progress,
    roadmap_section,
    year_so_far,
)
from voisinage.analytics.indicators import Filters, Scope
from voisinage.analytics.periods import Period, PeriodKind
from voisinage.analytics.selectors import (
    Chart,
    ObjectiveProgress,
    breakdown_chart,
    map_points,
    monthly_note,
    review_note,
    scheme_indicators,
    so_far,
    time_series,
)
from voisinage.core.indicators import IndicatorValue, evaluate, get_indicator
from voisinage.lib import clock
from voisinage.lib.dates import format_date
from voisinage.schemes.models import Capability
from voisinage.territory.models import Entrance

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.analytics.models import MonthlyNote
    from voisinage.core.indicators import Breakdown
    from voisinage.schemes.models import Scheme

KEY_FIGURES = (
    "interventions",
    "people_reached",
    "entrances_patrolled",
    "resolved_share",
    "courtesy_visits",
    "meetings_attended",
    "climate_score",
    "avoided_costs",
)
RESPONSE = (
    "calls",
    "events",
    "instructions",
    "instructions_handled",
    "response_time",
    "caller_satisfaction",
)
# The response-time chart: one row per delay, its median and 90th percentile indicators.
RESPONSE_TIMES = (
    ("response_time", "response_time_p90"),
    ("callback_time", "callback_time_p90"),
    ("instruction_time", "instruction_time_p90"),
)
REPORTS = (
    "reports_created",
    "reports_closed",
    "feedback_rate",
    "feedback_delay",
    "duplicates_share",
)


@dataclass(frozen=True)
class TimeRow:
    """A delay of the response-time chart, in minutes (``None``: nothing measured)."""

    label: str
    median: float | None
    p90: float | None


def _time_labels() -> dict[str, str]:
    return {
        "response_time": _("Call → on site"),
        "callback_time": _("Call → callback"),
        "instruction_time": _("Instruction → handled"),
    }


def response_time_rows(scope: Scope) -> list[TimeRow]:
    """Median and 90th percentile of the desk's three delays (the registry's indicators, so
    the same figures as the dashboard); empty without the desk's indicators."""
    labels = _time_labels()
    rows = []
    for median_code, p90_code in RESPONSE_TIMES:
        median, p90 = get_indicator(median_code), get_indicator(p90_code)
        if median is None or p90 is None or not median.available or not p90.available:
            continue
        rows.append(
            TimeRow(
                labels[median_code],
                _float(evaluate(median, scope).value),
                _float(evaluate(p90, scope).value),
            )
        )
    return rows


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def reports_by_month(scope: Scope) -> Chart:
    """Reports created per month of the period up to today (zero-filled); no rows without
    the reports' indicators."""
    indicator = get_indicator("reports_created")
    if indicator is None or indicator.breakdown is None:
        return Chart("reports_month", _("Reports created by month"), [])
    found = {r[0]: r[2] for r in indicator.breakdown(scope, "month")}
    today = clock.today()
    rows: Breakdown = [
        (m.isoformat()[:7], format_date(m, "M Y"), found.get(m.isoformat()[:7], 0))
        for m in scope.period.months()
        if m <= today
    ]
    return Chart("reports_month", _("Reports created by month"), rows)


def _values(scope: Scope, codes: tuple[str, ...], *, compare: bool) -> list[IndicatorValue]:
    """The indicators of ``codes`` the scheme shows (not those of a part it does not use)."""
    shown = {i.code for i in scheme_indicators(scope.scheme)}
    values = []
    for code in codes:
        indicator = get_indicator(code)
        if indicator is not None and code in shown:
            values.append(evaluate(indicator, scope, compare=compare))
    return values


@dataclass
class Review:
    scheme: Scheme
    period: Period
    title: str
    generated_on: date
    key_figures: list[IndicatorValue]
    by_month: Chart
    by_month_last_year: Chart
    by_neighbourhood: Chart
    by_landlord: Chart
    response: list[IndicatorValue]
    response_times: list[TimeRow]
    reports: list[IndicatorValue]
    reports_by_month: Chart
    roadmap: list[ObjectiveProgress]
    map_png: bytes
    proposals: str
    # The referential's activities month by month and the roadmap's axes (documents.sections).
    sections: list[Section] = field(default_factory=list)

    @property
    def uses_desk(self) -> bool:
        """The response-time slide is for a scheme with a phone desk or instructions."""
        return self.scheme.uses(Capability.PHONE_DESK) or self.scheme.uses(Capability.INSTRUCTIONS)

    @property
    def uses_reports(self) -> bool:
        return self.scheme.uses(Capability.REPORTS)

    @property
    def response_available(self) -> bool:
        return any(v.available for v in self.response)

    @property
    def reports_available(self) -> bool:
        return any(v.available for v in self.reports)


def review_title(period: Period) -> str:
    if period.kind == PeriodKind.YEAR:
        return _("Annual review %(year)s") % {"year": period.first.year}
    if period.kind == PeriodKind.HALF_YEAR:
        half = _("first half") if period.first.month == 1 else _("second half")
        return _("Half-year review, %(half)s %(year)s") % {"half": half, "year": period.first.year}
    return _("Review")


def map_image(scope: Scope, *, title: str) -> bytes:
    entrances = [
        (lat, lon)
        for lat, lon in Entrance.objects.visible_to(scope.user)
        .filter(scheme=scope.scheme, is_active=True, lat__isnull=False, lon__isnull=False)
        .values_list("lat", "lon")
        if lat is not None and lon is not None
    ]
    return render_map(
        entrances,
        map_points(scope),
        title=title,
        legend=_("Grey: entrances · red: interventions (area ∝ number)"),
        empty=_("No located entrance in this perimeter."),
    )


def build_review(user: AnyUser, scheme: Scheme, period: Period) -> Review:
    """The review of ``period``; one still running stops at its latest day so far and is
    compared with as many days of the periods before."""
    period = so_far(period, scheme)
    scope = Scope(user, scheme, period, Filters())
    last_year = scope.year_before
    progress = roadmap_progress(scope)
    note = review_note(user, scheme, period)
    series = time_series(scope)
    return Review(
        scheme=scheme,
        period=period,
        title=review_title(period),
        generated_on=clock.today(),
        key_figures=_values(scope, KEY_FIGURES, compare=True),
        by_month=series,
        by_month_last_year=time_series(last_year),
        by_neighbourhood=breakdown_chart(scope, "neighbourhood"),
        by_landlord=breakdown_chart(scope, "landlord"),
        response=_values(scope, RESPONSE, compare=False),
        response_times=response_time_rows(scope),
        reports=_values(scope, REPORTS, compare=False),
        reports_by_month=reports_by_month(scope),
        roadmap=progress,
        map_png=map_image(scope, title=f"{scheme.name} — {period.label}"),
        proposals=note.proposals if note else "",
        sections=[s for s in (referential_section(scope), roadmap_section(scope, progress)) if s]
        + evaluation_sections(scope),
    )


@dataclass
class MonthlySummary:
    scheme: Scheme
    period: Period
    sections: list[Section]
    roadmap: list[ObjectiveProgress]
    note: MonthlyNote | None
    generated_on: date

    @property
    def in_progress(self) -> bool:
        """The month is still running: it stops at its latest day so far and is compared with
        as many days of the previous month and of the same month last year."""
        return self.period.so_far

    @property
    def values(self) -> list[IndicatorValue]:
        return [v for section in self.sections for v in section.values]

    @property
    def charts(self) -> list[Chart]:
        return [c for section in self.sections for c in section.charts]


def build_monthly_summary(user: AnyUser, scheme: Scheme, month: date) -> MonthlySummary:
    """The agreed themes, as sections built from the scheme's referential and the parts of the
    product it uses (``documents.sections``), with the supervisor's analysis and
    recommendations for the month. A month still running stops at its latest day so far."""
    period = so_far(Period.around(PeriodKind.MONTH, month), scheme)
    scope = Scope(user, scheme, period, Filters())
    progress = roadmap_progress(scope)
    sections = plan_sections(scope)
    referential = referential_section(scope, months=year_so_far(scope))
    if referential is not None:
        sections.insert(1, referential)
    road = roadmap_section(scope, progress)
    if road is not None:
        sections.append(road)
    sections += evaluation_sections(scope)
    return MonthlySummary(
        scheme=scheme,
        period=period,
        sections=sections,
        roadmap=progress,
        note=monthly_note(user, scheme, period.first),
        generated_on=clock.today(),
    )
