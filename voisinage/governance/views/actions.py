"""Pages of action items and of the yearly compliance."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from voisinage.accounts.access import AuthenticatedRequest
from voisinage.governance import services
from voisinage.governance.access import (
    access_action_item,
    access_compliance,
    access_governed_scheme,
)
from voisinage.governance.compliance import compliance_report
from voisinage.governance.forms import ActionStatusForm
from voisinage.governance.models import ActionItem, ActionStatus
from voisinage.governance.selectors import (
    can_edit_governance,
    local_date,
    local_today,
    scheme_action_items,
    scheme_bodies,
    scheme_organisations,
)
from voisinage.governance.views.common import safe_next
from voisinage.lib import clock
from voisinage.lib.params import id_param, year_param

CURRENT = "current"  # open and in progress, the default
STATUS_FILTERS = [CURRENT, *ActionStatus.values, "all"]


@login_required
def actions(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_governed_scheme(request.user, slug)
    today = local_today(scheme)
    status = request.GET.get("status") or CURRENT
    if status not in STATUS_FILTERS:
        status = CURRENT
    overdue = request.GET.get("overdue") == "1"
    owner = id_param(request.GET, "owner")
    body = id_param(request.GET, "body")
    qs = scheme_action_items(
        request.user,
        scheme,
        today=today,
        status=status if status in ActionStatus.values else None,
        open_only=status == CURRENT,
        overdue=overdue,
        owner=owner,
        body=body,
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    updatable = set(
        ActionItem.objects.updatable_by(request.user)
        .filter(pk__in=[item.pk for item in page])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "governance/actions.html",
        {
            "scheme": scheme,
            "page": page,
            "today": today,
            "status": status,
            "status_choices": [
                (CURRENT, _("Open and in progress")),
                *ActionStatus.choices,
                ("all", _("All")),
            ],
            "overdue": overdue,
            "owner": owner,
            "body": body,
            "owners": scheme_organisations(scheme),
            "bodies": scheme_bodies(request.user, scheme, active_only=False),
            "updatable": updatable,
            "can_edit": can_edit_governance(request.user, scheme),
        },
    )


@login_required
@require_POST
def action_status(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_governed_scheme(request.user, slug)
    item = access_action_item(request.user, scheme, pk, write=True)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            services.action_item_transition(
                item=item,
                to_status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                changed_by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("“%(title)s” is now “%(status)s”.")
                % {"title": item.title, "status": ActionStatus(form.cleaned_data["status"]).label},
            )
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect(safe_next(request, reverse("governance:actions", args=[slug])))


@login_required
def compliance(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_compliance(request.user, slug)
    now = clock.now()
    year = year_param(request.GET, "year") or local_date(now, scheme).year
    if not 2000 <= year <= 2100:
        year = local_date(now, scheme).year
    report = compliance_report(request.user, scheme, year, now=now)
    return render(
        request,
        "governance/compliance.html",
        {"scheme": scheme, "report": report, "today": local_date(now, scheme)},
    )
