"""The reports' indicators for analytics (the core.indicators registry;
they replace the pending declarations of the same codes). Every query starts from
``Report.objects.visible_to(user)``. Definitions: docs/analytics.md."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
)
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from voisinage.core.indicators import Indicator, Level, Register, Unit, share
from voisinage.lib.dates import format_date
from voisinage.lib.stats import duration_figures
from voisinage.reports.models import Occurrence, Report, ReportStatus
from voisinage.schemes.models import Capability

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from voisinage.core.indicators import Breakdown, IndicatorScope, Number

SOURCE = "reports"
DAY = timedelta(days=1)


def visible_reports(scope: IndicatorScope) -> QuerySet[Report]:
    """The scheme's reports the user may see (neighbourhood and landlord filters apply;
    origin and activity are the interventions' and do not)."""
    qs = Report.objects.visible_to(scope.user).filter(scheme=scope.scheme)
    if scope.filters.neighbourhood:
        qs = qs.filter(neighbourhood_id=scope.filters.neighbourhood)
    if scope.filters.landlord:
        qs = qs.filter(landlord_id=scope.filters.landlord)
    return qs


def created_reports(scope: IndicatorScope) -> QuerySet[Report]:
    start, end = scope.moments
    return visible_reports(scope).filter(created_at__gte=start, created_at__lt=end)


def closed_q(start: Any, end: Any) -> Q:
    """Done by the partner (its "done" answer sets closed_at) or closed by the supervisor,
    at a moment of the period."""
    return Q(
        status__in=[ReportStatus.DONE, ReportStatus.CLOSED],
        closed_at__gte=start,
        closed_at__lt=end,
    )


def _totals(scope: IndicatorScope) -> dict[str, Any]:
    def compute() -> dict[str, Any]:
        start, end = scope.moments
        # Two index-only reads on PostgreSQL (the covering report_scheme_created and
        # report_scheme_closed, ADR 0030) rather than one read of both sets through the table;
        # counting columns the indexes hold (not the id): COUNT(x) skips the rows where x is
        # null, which the filters exclude anyway.
        sent = Q(sent_at__isnull=False)
        made = created_reports(scope).aggregate(
            created=Count("*"),
            sent=Count("sent_at", filter=sent),
            answered=Count("first_answered_at", filter=sent & Q(first_answered_at__isnull=False)),
        )
        closed = visible_reports(scope).filter(closed_q(start, end)).aggregate(closed=Count("*"))
        return {**made, **closed}

    return scope.memo("reports.totals", compute)


def reports_created(scope: IndicatorScope) -> Number:
    return _totals(scope)["created"]


def reports_closed(scope: IndicatorScope) -> Number:
    return _totals(scope)["closed"]


def feedback_rate(scope: IndicatorScope) -> float | None:
    totals = _totals(scope)
    return share(totals["answered"], totals["sent"])


def feedback_delay(scope: IndicatorScope) -> float | None:
    """Median days from sending to the first answer, over the period's reports that were
    answered (the delays are subtracted by the database, the median taken by it on
    PostgreSQL, lib.stats)."""
    reports = created_reports(scope).filter(sent_at__isnull=False)
    delay = ExpressionWrapper(F("first_answered_at") - F("sent_at"), output_field=DurationField())
    return duration_figures(reports, {"delay": delay}, (50,), DAY)[1]["delay"].values[50]


def duplicates_share(scope: IndicatorScope) -> float | None:
    """Occurrences merged into an existing report, among all the occurrences noticed in the
    period: an occurrence is merged when its report has an earlier one (``merged``, kept by
    the services)."""
    start, end = scope.moments
    totals = Occurrence.objects.filter(
        scheme=scope.scheme,
        at__gte=start,
        at__lt=end,
        report__in=visible_reports(scope).values("pk"),
    ).aggregate(all=Count("pk"), merged=Count("pk", filter=Q(merged=True)))
    return share(totals["merged"], totals["all"])


def reports_breakdown(scope: IndicatorScope, dimension: str) -> Breakdown:
    """Reports created by month (one query)."""
    if dimension != "month":
        return []
    rows = (
        created_reports(scope)
        .annotate(k=TruncMonth("created_at"))
        .values("k")
        .annotate(n=Count("pk"))
        .order_by("k")
    )
    return [(r["k"].isoformat()[:7], format_date(r["k"], "F Y"), r["n"]) for r in rows]


def analytics_indicators() -> list[Indicator]:
    return [
        Indicator(
            "reports_created",
            _("Reports created"),
            Level.OUTPUT,
            Unit.COUNT,
            _("Problem reports made in the period (a merged duplicate is not a new report)."),
            "count(report) where created_at in period",
            (Register.TRANQUILLITY,),
            source=SOURCE,
            capability=Capability.REPORTS,
            compute=reports_created,
            breakdown=reports_breakdown,
            dimensions=("month",),
        ),
        Indicator(
            "reports_closed",
            _("Reports closed or done"),
            Level.OUTPUT,
            Unit.COUNT,
            _(
                "Reports the partner answered “done” or the supervisor closed in the period, "
                "whenever they were made."
            ),
            "count(report) where status in (done, closed) and closed_at in period",
            (Register.TRANQUILLITY,),
            source=SOURCE,
            capability=Capability.REPORTS,
            compute=reports_closed,
        ),
        Indicator(
            "feedback_rate",
            _("Partners' feedback rate"),
            Level.OUTCOME,
            Unit.PERCENT,
            _(
                "Share of the period's reports sent to a partner that the partner answered "
                "(acknowledged, planned, done or not theirs)."
            ),
            "count(report sent with an answer) / count(report sent) × 100",
            (Register.RECOGNITION,),
            source=SOURCE,
            capability=Capability.REPORTS,
            compute=feedback_rate,
        ),
        Indicator(
            "feedback_delay",
            _("Partners' feedback delay (median)"),
            Level.OUTCOME,
            Unit.DAYS,
            _("Median days between sending a report of the period and the partner's first answer."),
            "p50(min(answer.at) − report.sent_at)",
            (Register.RECOGNITION,),
            source=SOURCE,
            capability=Capability.REPORTS,
            compute=feedback_delay,
            lower_is_better=True,
        ),
        Indicator(
            "duplicates_share",
            _("Duplicates"),
            Level.OUTCOME,
            Unit.PERCENT,
            _(
                "Share of the period's occurrences merged into an existing report: the same "
                "triggering event noticed again, counted once."
            ),
            "count(occurrence merged) / count(occurrence) × 100",
            (Register.INNOVATION,),
            source=SOURCE,
            capability=Capability.REPORTS,
            compute=duplicates_share,
            lower_is_better=True,
        ),
    ]
