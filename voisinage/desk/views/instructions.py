"""Pages of landlords' instructions: the list, a new instruction (with the night the cut-off
gives), one instruction with its outcome, and the supervisor's actions on it."""

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

from voisinage.accounts.access import has_capability
from voisinage.desk.access import (
    access_instruction,
    can_submit_instructions,
    instruction_landlords_for,
    sees_person,
)
from voisinage.desk.forms import InstructionForm, OutcomeForm, TeamForm
from voisinage.desk.models import CallNature, UrgentDecision
from voisinage.desk.selectors import scheme_instructions, source_interventions
from voisinage.desk.services import (
    desk_settings,
    dispatch_teams,
    instruction_decide_urgent,
    instruction_dispatch,
    instruction_handle,
    instruction_submit,
    personal_data_views_log,
    scheme_natures,
    team_by_key,
)
from voisinage.desk.views.common import (
    PAGE_SIZE,
    entrance_choices,
    entrance_from_text,
    route_name,
)
from voisinage.lib import clock
from voisinage.lib.dates import format_date
from voisinage.lib.forms import apply_errors
from voisinage.lib.params import day_param
from voisinage.schemes.access import access_scheme
from voisinage.schemes.models import MemberRole
from voisinage.territory.models import Organisation, Residence
from voisinage.territory.selectors import in_service, member_organisations

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser, AuthenticatedRequest
    from voisinage.schemes.models import Scheme


def instruction_landlords(request: AuthenticatedRequest, scheme: Scheme) -> list[Organisation]:
    """The landlords a new instruction may come from: members today (an ended membership is
    no longer offered), among those the user may act for."""
    allowed = instruction_landlords_for(request.user, scheme)
    qs = member_organisations(scheme, role=MemberRole.LANDLORD)
    if allowed is not None:
        qs = qs.filter(pk__in=allowed)
    return list(qs)


def instruction_residences(
    user: AnyUser, scheme: Scheme, landlords: list[Organisation]
) -> list[Residence]:
    """The residences a new instruction may name: the landlords' in service, among those the
    user may read."""
    return list(
        in_service(
            Residence.objects.visible_to(user).filter(
                scheme=scheme, landlord_id__in=[o.pk for o in landlords]
            )
        )
        .select_related("landlord")
        .order_by("name")
    )


def instruction_fields(
    user: AnyUser,
    scheme: Scheme,
    data: dict[str, Any],
    landlords: list[Organisation],
    residences: list[Residence],
) -> dict[str, Any]:
    """An instruction form's data as ``instruction_submit``'s arguments (typed by hand, or an
    e-mailed one the supervisor confirms). Raises ValidationError for an unknown entrance."""
    return {
        "landlord": next(o for o in landlords if str(o.pk) == data["landlord"]),
        "nature": CallNature.objects.filter(scheme=scheme, pk=data["nature"]).first(),
        "entrance": entrance_from_text(
            user, scheme, data["entrance_code"], {o.pk for o in landlords}
        ),
        "residence": next((r for r in residences if str(r.pk) == data["residence"]), None),
        "tenant_name": data["tenant_name"],
        "tenant_phone": data["tenant_phone"],
        "dwelling": data["dwelling"],
        "details": data["details"],
        "slot_start": data["slot_start"],
        "slot_end": data["slot_end"],
        "urgent": data["urgent"],
    }


@login_required
def instructions(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    night = day_param(request.GET, "nuit")
    settings_row = desk_settings(scheme)
    page = Paginator(scheme_instructions(request.user, scheme, night=night), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "desk/instructions.html",
        {
            "scheme": scheme,
            "page": page,
            "night": night,
            "can_submit": can_submit_instructions(request.user, scheme),
            "can_supervise": has_capability(request.user, scheme.pk, "can_supervise"),
            "cutoff": settings_row.instruction_cutoff,
            "address": settings_row.instruction_address,
        },
    )


@login_required
def instruction_new(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    landlords = instruction_landlords(request, scheme)
    if not landlords:
        raise Http404
    ids = {o.pk for o in landlords}
    residences = instruction_residences(request.user, scheme, landlords)
    form = InstructionForm(
        landlords,
        residences,
        scheme_natures(scheme),
        request.POST or None,
        initial={"received_at": clock.now()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            instruction, _created = instruction_submit(
                scheme=scheme,
                user=request.user,
                at=data["received_at"],
                **instruction_fields(request.user, scheme, data, landlords, residences),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Instruction sent for the night of %(night)s.")
                % {"night": format_date(instruction.service_night, "l j F")},
            )
            return redirect("desk:instruction", slug=slug, pk=instruction.pk)
    return render(
        request,
        "desk/instruction_new.html",
        {
            "scheme": scheme,
            "form": form,
            "entrances": entrance_choices(request.user, scheme, ids),
            "cutoff": desk_settings(scheme).instruction_cutoff,
        },
    )


@login_required
def instruction_detail(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    instruction = access_instruction(request.user, scheme, pk)
    person = sees_person(request.user, instruction)
    if person and (instruction.tenant_name or instruction.tenant_phone):
        personal_data_views_log(
            user=request.user, scheme=scheme, where=route_name(request), instructions=[instruction]
        )
    can_supervise = has_capability(request.user, scheme.pk, "can_supervise")
    context: dict[str, Any] = {
        "scheme": scheme,
        "instruction": instruction,
        "person": person,
        "interventions": source_interventions(request.user, [instruction]).get(instruction.pk, []),
        "can_supervise": can_supervise,
        "team_form": TeamForm(dispatch_teams(scheme, instruction.service_night))
        if can_supervise
        else None,
        "outcome_form": OutcomeForm(initial={"outcome": instruction.outcome}),
        "urgent_requested": instruction.urgent_decision == UrgentDecision.REQUESTED,
    }
    return render(request, "desk/instruction.html", context)


ACTIONS = {"accept", "refuse", "dispatch", "handle"}


@login_required
@require_POST
def instruction_action(
    request: AuthenticatedRequest, slug: str, pk: int, action: str
) -> HttpResponse:
    scheme = access_scheme(request.user, slug, require="can_supervise")
    instruction = access_instruction(request.user, scheme, pk, write=True)
    if action not in ACTIONS:
        raise Http404
    user = request.user
    try:
        if action in {"accept", "refuse"}:
            instruction = instruction_decide_urgent(
                instruction=instruction, user=user, accept=action == "accept"
            )
            messages.success(
                request,
                _("Urgent request accepted: tonight.")
                if action == "accept"
                else _("Urgent request not accepted: it stays on its night."),
            )
        elif action == "dispatch":
            form: Any = TeamForm(dispatch_teams(scheme, instruction.service_night), request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose a team on duty tonight."))
            team = team_by_key(scheme, instruction.service_night, form.cleaned_data["team"])
            instruction_dispatch(
                instruction=instruction, user=user, team_label=team.label, agent_ids=team.user_ids
            )
            messages.success(request, _("Team dispatched: %(team)s.") % {"team": team.label})
        else:
            form = OutcomeForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Say what the agents found and did."))
            instruction_handle(
                instruction=instruction, user=user, outcome=form.cleaned_data["outcome"]
            )
            messages.success(request, _("Outcome saved: the landlord sees it."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("desk:instruction", slug=slug, pk=pk)
