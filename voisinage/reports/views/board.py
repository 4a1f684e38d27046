"""Overview pages: the map of reports, the partners' feedback board, the routing table."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from voisinage.accounts.access import AuthenticatedRequest, get_or_404, has_capability
from voisinage.lib.forms import apply_errors
from voisinage.reports.forms import RuleForm
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
from voisinage.reports.services import (
    report_settings_for,
    routing_rule_add,
    routing_rule_delete,
)
from voisinage.reports.views.common import filters_from
from voisinage.schemes.access import access_scheme
from voisinage.schemes.models import Scheme

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser


def can_manage(user: AnyUser, scheme: Scheme) -> bool:
    return has_capability(user, scheme.pk, "can_manage")


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


def _rules_scheme(request: AuthenticatedRequest, slug: str) -> Scheme:
    """The routing table is for supervisors (reading) and managers (editing)."""
    scheme = access_scheme(request.user, slug)
    if not (can_supervise(request.user, scheme) or can_manage(request.user, scheme)):
        raise Http404
    return scheme


@login_required
def rules(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = _rules_scheme(request, slug)
    managing = can_manage(request.user, scheme)
    form = None
    if managing:
        form = RuleForm(request.POST or None, scheme=scheme)
        if request.method == "POST" and form.is_valid():
            try:
                routing_rule_add(scheme=scheme, author=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Rule added."))
                return redirect("reports:rules", slug=slug)
    elif request.method == "POST":
        raise Http404
    existing = routing_rules(scheme)
    if form is not None and not form.is_bound:
        last = max((r.position for r in existing), default=0)
        form.initial["position"] = last + 10
    return render(
        request,
        "reports/rules.html",
        {
            "scheme": scheme,
            "rules": existing,
            "config": report_settings_for(scheme),
            "form": form,
            "can_manage": managing,
        },
    )


@login_required
@require_POST
def rule_delete(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = _rules_scheme(request, slug)
    if not can_manage(request.user, scheme):
        raise Http404
    routing_rule_delete(rule=get_or_404(routing_rules(scheme), pk=pk), author=request.user)
    messages.success(request, _("Rule removed."))
    return redirect("reports:rules", slug=slug)
