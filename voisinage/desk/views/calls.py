"""Pages of calls: the list, a new call, one call with its timeline and the supervisor's
actions (dispatch, alert, on site, close, callback, link to an event, satisfaction link)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from voisinage.accounts.access import get_or_404, has_capability
from voisinage.desk.access import access_call, sees_person
from voisinage.desk.forms import AlertForm, CallbackForm, CallForm, LinkForm, NoteForm, TeamForm
from voisinage.desk.models import CallNature, CallStatus, EmergencyService, SatisfactionSurvey
from voisinage.desk.selectors import call_alerts, call_timeline, event_calls, scheme_calls
from voisinage.desk.services import (
    call_alert,
    call_callback,
    call_close,
    call_dispatch,
    call_link_event,
    call_on_site,
    call_record,
    dispatch_teams,
    personal_data_views_log,
    scheme_natures,
    survey_link_issue,
    team_by_key,
)
from voisinage.desk.views.common import (
    PAGE_SIZE,
    entrance_choices,
    entrance_from_text,
    route_name,
    tonight,
)
from voisinage.field.models import Intervention
from voisinage.lib import clock
from voisinage.lib.forms import apply_errors
from voisinage.lib.params import day_param
from voisinage.schemes.access import access_scheme

if TYPE_CHECKING:
    from voisinage.accounts.access import AuthenticatedRequest
    from voisinage.desk.models import Call
    from voisinage.schemes.models import Scheme


@login_required
def calls(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    night = day_param(request.GET, "nuit")
    qs = scheme_calls(request.user, scheme, night=night).select_related("event")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "desk/calls.html",
        {
            "scheme": scheme,
            "page": page,
            "night": night,
            "can_record": has_capability(request.user, scheme.pk, "can_supervise"),
        },
    )


@login_required
def call_new(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug, require="can_supervise")
    night = tonight(scheme)
    tonight_calls = list(scheme_calls(request.user, scheme, night=night)[:30])
    natures = scheme_natures(scheme)
    form = CallForm(
        natures,
        tonight_calls,
        request.POST or None,
        initial={"received_at": clock.now()},
        zone=scheme.time_zone,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entrance = entrance_from_text(request.user, scheme, data["entrance_code"])
            same = None
            if data["same_event_as"]:
                same = next((c for c in tonight_calls if str(c.pk) == data["same_event_as"]), None)
            call, _created = call_record(
                scheme=scheme,
                user=request.user,
                nature=CallNature.objects.filter(scheme=scheme, pk=data["nature"]).first(),
                received_at=data["received_at"],
                entrance=entrance,
                other_place_kind=data["other_place_kind"],
                other_place_label=data["other_place_label"],
                caller_name=data["caller_name"],
                caller_phone=data["caller_phone"],
                caller_email=data["caller_email"],
                caller_dwelling=data["caller_dwelling"],
                urgency=data["urgency"],
                description=data["description"],
                same_event_as=same,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Call recorded."))
            return redirect("desk:call", slug=slug, pk=call.pk)
    return render(
        request,
        "desk/call_new.html",
        {"scheme": scheme, "form": form, "entrances": entrance_choices(request.user, scheme)},
    )


def _call_context(request: AuthenticatedRequest, scheme: Scheme, call: Call) -> dict[str, Any]:
    user = request.user
    person = sees_person(user, call)
    if person and (call.caller_name or call.caller_phone or call.caller_email):
        personal_data_views_log(user=user, scheme=scheme, where=route_name(request), calls=[call])
    can_supervise = has_capability(user, scheme.pk, "can_supervise")
    intervention = None
    if call.intervention_id:
        intervention = Intervention.objects.visible_to(user).filter(pk=call.intervention_id).first()
    others = [
        c
        for c in scheme_calls(user, scheme, night=call.night).select_related("event")
        if c.event_id != call.event_id
    ]
    return {
        "scheme": scheme,
        "call": call,
        "person": person,
        "timeline": call_timeline(call),
        "alerts": call_alerts(call),
        "event_calls": list(event_calls(user, call)),
        "survey": SatisfactionSurvey.objects.filter(call=call).first(),
        "intervention": intervention,
        "can_supervise": can_supervise,
        "can_record": has_capability(user, scheme.pk, "can_record"),
        "team_form": TeamForm(dispatch_teams(scheme, call.night)) if can_supervise else None,
        "alert_form": AlertForm(),
        "close_form": NoteForm(),
        "callback_form": CallbackForm(),
        "link_form": LinkForm(others, zone=scheme.time_zone) if others and can_supervise else None,
        "statuses": CallStatus,
    }


@login_required
def call_detail(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    call = access_call(request.user, scheme, pk)
    return render(request, "desk/call.html", _call_context(request, scheme, call))


SUPERVISOR_ACTIONS = {"dispatch", "alert", "close", "callback", "link", "survey"}
ACTIONS = SUPERVISOR_ACTIONS | {"on_site"}


@login_required
@require_POST
def call_action(request: AuthenticatedRequest, slug: str, pk: int, action: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug, require="can_record")
    call = access_call(request.user, scheme, pk, write=True)
    if action not in ACTIONS or (
        action in SUPERVISOR_ACTIONS
        and not has_capability(request.user, scheme.pk, "can_supervise")
    ):
        raise Http404
    user, post = request.user, request.POST
    try:
        if action == "dispatch":
            form: Any = TeamForm(dispatch_teams(scheme, call.night), post)
            if not form.is_valid():
                raise ValidationError(_("Choose a team on duty tonight."))
            team = team_by_key(scheme, call.night, form.cleaned_data["team"])
            call_dispatch(call=call, user=user, team_label=team.label, agent_ids=team.user_ids)
            messages.success(request, _("Team dispatched: %(team)s.") % {"team": team.label})
        elif action == "alert":
            form = AlertForm(post)
            if not form.is_valid():
                raise ValidationError(_("Choose 17, 18 or 15."))
            if not form.cleaned_data["confirmed"]:
                # The first tap only asks: the page comes back with the question on top.
                service = EmergencyService(form.cleaned_data["service"])
                context = {**_call_context(request, scheme, call), "confirm_alert": service}
                return render(request, "desk/call.html", context)
            alert = call_alert(call=call, user=user, service=form.cleaned_data["service"])
            messages.success(
                request,
                _("Alert recorded: %(service)s.") % {"service": alert.get_service_display()},
            )
        elif action == "on_site":
            call = call_on_site(call=call, user=user)
            messages.success(request, _("On site: now complete the intervention."))
            if call.intervention_id:
                return redirect("field:edit", slug=slug, pk=call.intervention_id)
        elif action == "close":
            form = NoteForm(post)
            form.is_valid()
            call_close(call=call, user=user, note=form.cleaned_data.get("note", ""))
            messages.success(request, _("Call closed: call the caller back."))
        elif action == "callback":
            form = CallbackForm(post)
            if not form.is_valid():
                raise ValidationError(_("Answer the three questions with yes, partly or no."))
            call_callback(
                call=call, user=user, note=form.cleaned_data["note"], answers=form.answers()
            )
            messages.success(request, _("Caller called back: the call is done."))
        elif action == "link":
            others = scheme_calls(user, scheme, night=call.night)
            form = LinkForm(list(others), post, zone=scheme.time_zone)
            if not form.is_valid():
                raise ValidationError(_("Choose a call of the same night."))
            other = get_or_404(others, pk=form.cleaned_data["other"])
            call_link_event(call=call, other=other)
            messages.success(request, _("Both calls are now one event."))
        elif action == "survey":
            _url, text = survey_link_issue(call=call)
            messages.info(request, _("Text to send to the caller: %(text)s") % {"text": text})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("desk:call", slug=slug, pk=pk)
