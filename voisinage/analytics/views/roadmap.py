"""The annual roadmap, its monthly breakdown and its editing (manager and supervisor)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from voisinage.accounts.access import AuthenticatedRequest
from voisinage.analytics import services
from voisinage.analytics.access import access_roadmap
from voisinage.analytics.models import ActionStatus
from voisinage.analytics.selectors import (
    action_status_counts,
    actions_by_month,
    can_edit_analytics,
    monthly_roadmap_values,
    objective_progress,
    roadmap_years,
)
from voisinage.analytics.views.common import parse_int
from voisinage.core.indicators import all_indicators
from voisinage.lib import clock
from voisinage.schemes.access import access_scheme


def _year(request: AuthenticatedRequest) -> int:
    year = parse_int(request.GET.get("annee") or request.POST.get("annee"))
    return year if year and 2000 <= year <= 2100 else clock.today().year


@login_required
def roadmap(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    year = _year(request)
    current = access_roadmap(request.user, scheme, year)
    context = {
        "scheme": scheme,
        "year": year,
        "roadmap": current,
        "years": sorted(set(roadmap_years(request.user, scheme)) | {year}),
        "can_edit": can_edit_analytics(request.user, scheme),
    }
    if current is not None:
        context.update(
            progress=objective_progress(request.user, scheme, current),
            months=actions_by_month(current),
            monthly_values=monthly_roadmap_values(request.user, scheme, current),
            status_counts=action_status_counts(current),
            statuses=ActionStatus.choices,
        )
    return render(request, "analytics/roadmap.html", context)


def _decimal(text: str) -> Decimal | None:
    text = text.strip().replace(",", ".").replace(" ", "").replace("\u202f", "")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValidationError(_("The target is a number.")) from exc


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError as exc:
        raise ValidationError(_("Dates are written as YYYY-MM-DD.")) from exc


@login_required
def roadmap_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """GET: the editing forms; POST: one change (``op``), refused when the roadmap changed since
    the page was opened (``version``)."""
    scheme = access_scheme(request.user, slug)
    if not can_edit_analytics(request.user, scheme):
        raise Http404
    year = _year(request)
    current = access_roadmap(request.user, scheme, year, write=True)
    if request.method == "POST":
        p = request.POST
        op = p.get("op", "")
        version = parse_int(p.get("version")) or 0
        try:
            if op == "create":
                services.roadmap_create(
                    scheme=scheme, year=year, title=p.get("title", ""), user=request.user
                )
            elif current is None:
                raise Http404
            elif op == "axis":
                services.roadmap_axis_add(
                    roadmap=current, title=p.get("title", ""), version=version, user=request.user
                )
            elif op == "objective":
                services.roadmap_objective_add(
                    roadmap=current,
                    axis_id=parse_int(p.get("axis")) or 0,
                    title=p.get("title", ""),
                    indicator=p.get("indicator", ""),
                    target=_decimal(p.get("target", "")),
                    version=version,
                    user=request.user,
                )
            elif op == "action":
                services.roadmap_action_add(
                    roadmap=current,
                    objective_id=parse_int(p.get("objective")) or 0,
                    title=p.get("title", ""),
                    owner=p.get("owner", ""),
                    month=parse_int(p.get("month")),
                    due_on=_date(p.get("due_on", "")),
                    version=version,
                    user=request.user,
                )
            elif op == "status":
                services.roadmap_action_set_status(
                    roadmap=current,
                    action_id=parse_int(p.get("action")) or 0,
                    status=p.get("status", ""),
                    version=version,
                    user=request.user,
                )
            else:
                raise ValidationError(_("Unknown change."))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return _edit_page(request, scheme, year, status=400)
        messages.success(request, _("The roadmap is saved."))
        target = reverse(
            "analytics:roadmap_edit" if op != "status" else "analytics:roadmap", args=[scheme.slug]
        )
        return redirect(f"{target}?annee={year}")
    return _edit_page(request, scheme, year)


def _edit_page(request: AuthenticatedRequest, scheme, year: int, status: int = 200) -> HttpResponse:  # type: ignore[no-untyped-def]
    current = access_roadmap(request.user, scheme, year, write=True)
    return render(
        request,
        "analytics/roadmap_edit.html",
        {
            "scheme": scheme,
            "year": year,
            "roadmap": current,
            "indicators": [i for i in all_indicators() if i.available],
            "months": [(m, date(year, m, 1)) for m in range(1, 13)],
            "post": request.POST if request.method == "POST" else {},
        },
        status=status,
    )
