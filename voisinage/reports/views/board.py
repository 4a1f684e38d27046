"""Overview pages: the map of reports, the partners' feedback board, the routing table."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from voisinage.accounts.access import AuthenticatedRequest
from voisinage.reports.models import ReportStatus
from voisinage.reports.selectors import (
    ReportFilters,
    can_supervise,
    local_today,
    partner_board,
    recipient_choices,
    routing_rules,
    scheme_categories,
    scheme_reports,
)
from voisinage.reports.services import report_settings_for
from voisinage.reports.views.common import filters_from
from voisinage.schemes.selectors import access_scheme


@login_required
def report_map(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    filters = filters_from(request)
    api_query = urlencode(
        {
            key: value
            for key, value in {
                "status": filters.status,
                "category": filters.category,
                "recipient": filters.recipient,
                "from": filters.start.isoformat() if filters.start else "",
                "to": filters.end.isoformat() if filters.end else "",
            }.items()
            if value
        }
    )
    return render(
        request,
        "reports/map.html",
        {
            "scheme": scheme,
            "filters": filters,
            "api_query": api_query,
            "query": request.GET.urlencode(),
            "categories": scheme_categories(scheme),
            "recipients": recipient_choices(scheme),
            "statuses": ReportStatus.choices,
            "map_tile_url": settings.VOISINAGE_MAP_TILE_URL,
            "map_attribution": settings.VOISINAGE_MAP_ATTRIBUTION,
        },
    )


@login_required
def partners(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    today = local_today(scheme)
    late = scheme_reports(request.user, scheme, ReportFilters(status="overdue"), today=today)
    return render(
        request,
        "reports/partners.html",
        {
            "scheme": scheme,
            "today": today,
            "lines": partner_board(request.user, scheme, today=today),
            "overdue": list(late.order_by("due_on", "pk")[:100]),
            "overdue_count": late.count(),
        },
    )


@login_required
def rules(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug, require="can_supervise")
    return render(
        request,
        "reports/rules.html",
        {
            "scheme": scheme,
            "rules": routing_rules(scheme),
            "config": report_settings_for(scheme),
            "can_supervise": can_supervise(request.user, scheme),
        },
    )
