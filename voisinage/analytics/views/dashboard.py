"""The dashboard (period, comparisons, filters, charts with their tables, map, exports) and the
evaluation page (five registers, avoided costs)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from voisinage.accounts.access import AuthenticatedRequest
from voisinage.analytics import exports
from voisinage.analytics.documents.sections import roadmap_progress, steering_sections
from voisinage.analytics.evaluation import evaluation_lines, registers
from voisinage.analytics.indicators import Filters, Scope
from voisinage.analytics.operators import operator_choices, operator_table
from voisinage.analytics.periods import PeriodKind
from voisinage.analytics.selectors import dashboard as build_dashboard
from voisinage.analytics.selectors import filter_options, latest_begun_night, so_far
from voisinage.analytics.views.common import (
    FILTER_PARAMS,
    filters_of,
    operator_reader_of,
    period_of,
    period_query,
    query_of,
)
from voisinage.core.indicators import Level
from voisinage.lib import clock
from voisinage.schemes.access import access_scheme

PAGE_KINDS = [(k, label) for k, label in PeriodKind.choices if k not in (PeriodKind.HALF_YEAR,)]


@login_required
def dashboard(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    period, error = period_of(request)
    period = so_far(period, scheme)
    filters = filters_of(request.GET)
    reader, operator = operator_reader_of(request, scheme, period)
    board = build_dashboard(reader, scheme, period, filters)
    sections = steering_sections(board.scope, roadmap_progress(board.scope), charts=False)
    # Operators side by side and the total: over the unfiltered figures of the whole scheme only.
    operators = (
        None
        if filters.active or operator
        else operator_table(request.user, scheme, period, board.values)
    )
    filter_query = query_of(request, FILTER_PARAMS)
    suffix = f"&{filter_query}" if filter_query else ""
    following = _next(period.whole)
    # No link into the future: the next period must have begun.
    next_url = (
        f"?{period_query(following)}{suffix}"
        if following.first <= latest_begun_night(scheme)
        else ""
    )
    charts = [
        {
            "key": c.key,
            "title": str(c.title),
            "kind": c.kind,
            "labels": [r[1] for r in c.rows],
            "values": [float(r[2]) for r in c.rows],
        }
        for c in board.charts
    ]
    # Positions to 1 m (five decimals): a year's 9 000 points weigh a fifth less to send.
    points = [
        [round(p.lat, 5), round(p.lon, 5), p.interventions, p.code, p.address] for p in board.points
    ]
    return render(
        request,
        "analytics/dashboard.html",
        {
            "scheme": scheme,
            "board": board,
            "operators": operators,
            "period": period,
            "period_error": error,
            "kinds": PAGE_KINDS,
            "filters": filters,
            "options": filter_options(request.user, scheme),
            "operator": operator,
            "operator_choices": operator_choices(request.user, scheme, period),
            "previous_url": f"?{period_query(period.previous())}{suffix}",
            "next_url": next_url,
            "export_query": query_of(request),
            "levels": Level.choices,
            "charts_data": charts,
            "points_data": points,
            "sections": sections,
            "heads": [_("Period"), _("Previous period"), _("Same period last year")],
            "map_tile_url": settings.VOISINAGE_MAP_TILE_URL,
            "map_attribution": getattr(settings, "VOISINAGE_MAP_ATTRIBUTION", ""),
        },
    )


def _next(period):  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from voisinage.analytics.periods import Period

    if period.kind == PeriodKind.CUSTOM or period.kind == PeriodKind.NIGHT:
        return Period(
            period.kind, period.last + timedelta(days=1), period.last + timedelta(days=period.days)
        )
    return Period.around(period.kind, period.last + timedelta(days=1))


@login_required
def dashboard_export(request: AuthenticatedRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    scheme = access_scheme(request.user, slug)
    period, _error = period_of(request)
    period = so_far(period, scheme)
    reader, _operator = operator_reader_of(request, scheme, period)
    board = build_dashboard(reader, scheme, period, filters_of(request.GET))
    name = f"tableau-de-bord-{scheme.slug}-{period.first.isoformat()}-{period.last.isoformat()}"
    if fmt == "xlsx":
        response = HttpResponse(
            exports.write_xlsx(board),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(exports.write_csv(board), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def evaluation(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    period, error = period_of(request, default=PeriodKind.YEAR)
    scope = Scope(request.user, scheme, period, Filters())
    lines = evaluation_lines(scope)
    return render(
        request,
        "analytics/evaluation.html",
        {
            "scheme": scheme,
            "period": period,
            "period_error": error,
            "kinds": PAGE_KINDS,
            "registers": registers(scope),
            "lines": lines.measured,
            "references": lines.references,
            "avoided_total": lines.measured_total,
            "today": clock.today(),
        },
    )
