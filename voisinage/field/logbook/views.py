"""Pages of the logbook: record (phone), the night's list and review, one intervention."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from voisinage.accounts.access import AuthenticatedRequest, has_capability
from voisinage.accounts.models import User
from voisinage.field.common import field_staff
from voisinage.field.logbook.access import access_intervention
from voisinage.field.logbook.forms import InterventionForm
from voisinage.field.logbook.models import FieldCode, Intervention, InterventionStatus
from voisinage.field.logbook.retention import sensitive_narratives_shown
from voisinage.field.logbook.selectors import (
    InterventionFilters,
    code_lists,
    intervention_history,
    scheme_interventions,
    sees_narrative,
    with_list_details,
)
from voisinage.field.logbook.services import (
    intervention_record,
    intervention_reopen,
    intervention_update,
    intervention_validate,
)
from voisinage.field.phone.offline import offline_page
from voisinage.lib import clock
from voisinage.lib.forms import apply_errors
from voisinage.lib.params import day_param
from voisinage.lib.service_hours import latest_service_night
from voisinage.schemes.access import access_scheme
from voisinage.schemes.models import Activity, Scheme
from voisinage.schemes.selectors import scheme_service_hours


def current_night(scheme: Scheme) -> date:
    """Tonight; on a day without service (Sunday in Besançon), the last night that had one."""
    return latest_service_night(clock.now(), scheme_service_hours(scheme))


def _default_agents(user: User, scheme: Scheme, night: date) -> list[str]:
    """My team tonight (from the rota when there is one), else just me."""
    try:
        from voisinage.field.staffing.selectors import duty_team_tonight
    except ImportError:  # the rota module is optional for recording
        return [str(user.pk)]
    team = duty_team_tonight(user, scheme, night)
    return [str(u.pk) for u in team] or [str(user.pk)]


def _codes_to_pks(scheme: Scheme, data: dict[str, Any]) -> dict[str, list[int]]:
    codes = dict(FieldCode.objects.filter(scheme=scheme).values_list("code", "pk"))
    activities = dict(Activity.objects.filter(scheme=scheme).values_list("code", "pk"))
    return {
        "activity_ids": [activities[c] for c in data["activities"] if c in activities],
        "situation_ids": [codes[c] for c in [*data["material"], *data["behaviour"]] if c in codes],
        "action_ids": [codes[c] for c in data["actions"] if c in codes],
        "agent_ids": [int(pk) for pk in data["agents"]],
    }


def _record_kwargs(scheme: Scheme, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "started_at": data["started_at"],
        "ended_at": data.get("ended_at"),
        "entrance": data.get("entrance"),
        "other_place_kind": data.get("other_place_kind", ""),
        "other_place_label": data.get("other_place_label", ""),
        "neighbourhood": data.get("neighbourhood"),
        "origin": data["origin"],
        "adults": data["adults"],
        "young_people": data["young_people"],
        "minors": data["minors"],
        "result": data.get("result", ""),
        "climate": data.get("climate", ""),
        "narrative": data.get("narrative", ""),
        "sensitive": data.get("sensitive", False),
        **_codes_to_pks(scheme, data),
    }


@login_required
@offline_page
def record(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug, require="can_record")
    lists = code_lists(scheme)
    night = current_night(scheme)
    form = InterventionForm(
        request.POST or None,
        user=request.user,
        scheme=scheme,
        lists=lists,
        agents=list(field_staff(scheme)),
        initial={"agents": _default_agents(request.user, scheme, night)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            intervention, _created = intervention_record(
                scheme=scheme,
                author=request.user,
                idempotency_key=data.get("idempotency_key") or None,
                **_record_kwargs(scheme, data),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Intervention recorded."))
            return redirect("field:intervention", slug=slug, pk=intervention.pk)
    return render(
        request,
        "field/record.html",
        {"scheme": scheme, "form": form, "night": night, "editing": None},
    )


@login_required
@offline_page
def logbook(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    night = day_param(request.GET, "nuit") or current_night(scheme)
    qs = scheme_interventions(request.user, scheme, InterventionFilters(night=night))
    page = Paginator(qs.order_by("started_at", "pk"), 50).get_page(request.GET.get("page"))
    can_supervise = has_capability(request.user, scheme.pk, "can_supervise")
    rows = [(i, sees_narrative(request.user, i)) for i in with_list_details(page)]
    return render(
        request,
        "field/logbook.html",
        {
            "scheme": scheme,
            "night": night,
            "page": page,
            "rows": rows,
            "previous_night": night - timedelta(days=1),
            "next_night": night + timedelta(days=1),
            "can_supervise": can_supervise,
            "can_record": has_capability(request.user, scheme.pk, "can_record"),
            "to_validate": qs.filter(status=InterventionStatus.RECORDED).count()
            if can_supervise
            else 0,
        },
    )


@login_required
def detail(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    intervention = access_intervention(request.user, scheme, pk)
    can_supervise = has_capability(request.user, scheme.pk, "can_supervise")
    can_edit = has_capability(request.user, scheme.pk, "can_record") and (
        intervention.status != InterventionStatus.VALIDATED or can_supervise
    )
    show_narrative = sees_narrative(request.user, intervention)
    if show_narrative:
        sensitive_narratives_shown(
            user=request.user,
            scheme=scheme,
            interventions=[intervention],
            where="field:intervention",
        )
    return render(
        request,
        "field/intervention.html",
        {
            "scheme": scheme,
            "i": intervention,
            "show_narrative": show_narrative,
            "history": intervention_history(intervention) if can_edit or can_supervise else [],
            "can_edit": can_edit,
            "can_supervise": can_supervise,
        },
    )


def _initial_from(intervention: Intervention) -> dict[str, Any]:
    local = timezone.localtime
    situations = intervention.situation_list
    return {
        "started_at": local(intervention.started_at),
        "ended_at": local(intervention.ended_at) if intervention.ended_at else None,
        "entrance_code": intervention.entrance.code if intervention.entrance else "",
        "other_place_kind": intervention.other_place_kind,
        "other_place_label": intervention.other_place_label,
        "neighbourhood": intervention.neighbourhood_id,
        "origin": intervention.origin,
        "agents": [str(pk) for pk in intervention.agent_ids],
        "activities": [a.code for a in intervention.activity_list],
        "material": [c.code for c in situations if c.kind == "material"],
        "behaviour": [c.code for c in situations if c.kind == "behaviour"],
        "actions": [c.code for c in intervention.action_list],
        "adults": intervention.adults,
        "young_people": intervention.young_people,
        "minors": intervention.minors,
        "result": intervention.result,
        "climate": intervention.climate,
        "narrative": intervention.narrative,
        "sensitive": intervention.sensitive,
        "version": intervention.version,
        "idempotency_key": "",
    }


@login_required
def edit(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_scheme(request.user, slug, require="can_record")
    intervention = access_intervention(request.user, scheme, pk, write=True)
    can_supervise = has_capability(request.user, scheme.pk, "can_supervise")
    form = InterventionForm(
        request.POST or None,
        user=request.user,
        scheme=scheme,
        lists=code_lists(scheme),
        agents=list(field_staff(scheme)),
        initial=_initial_from(intervention),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = _record_kwargs(scheme, data)
        try:
            intervention_update(
                intervention=intervention,
                user=request.user,
                can_supervise=can_supervise,
                expected_version=data.get("version"),
                **changes,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("field:intervention", slug=slug, pk=pk)
    return render(
        request,
        "field/record.html",
        {"scheme": scheme, "form": form, "night": intervention.night, "editing": intervention},
    )


@login_required
@require_POST
def validate(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_scheme(request.user, slug, require="can_supervise")
    intervention = access_intervention(request.user, scheme, pk)
    try:
        intervention_validate(intervention=intervention, user=request.user)
        messages.success(request, _("Intervention validated."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = intervention.get_absolute_url()
    return redirect(target)


@login_required
@require_POST
def reopen(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_scheme(request.user, slug, require="can_supervise")
    intervention = access_intervention(request.user, scheme, pk)
    intervention_reopen(intervention=intervention, user=request.user)
    messages.success(request, _("Intervention reopened: agents may change it again."))
    return redirect("field:intervention", slug=slug, pk=pk)


@login_required
@require_POST
def validate_night(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug, require="can_supervise")
    night = day_param(request.POST, "nuit")
    if night is None:
        messages.error(request, _("Unknown night."))
        return redirect("field:logbook", slug=slug)
    count = 0
    recorded = scheme_interventions(
        request.user, scheme, InterventionFilters(night=night, status=InterventionStatus.RECORDED)
    )
    for intervention in recorded:
        intervention_validate(intervention=intervention, user=request.user)
        count += 1
    messages.success(request, _("%(count)s intervention(s) validated.") % {"count": count})
    return redirect(f"{reverse('field:logbook', args=[slug])}?nuit={night.isoformat()}")
