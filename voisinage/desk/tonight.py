""" "Ce soir pour moi" items of the desk: the calls and the landlords' instructions dispatched to
the agent tonight, each opening its pending intervention to complete (never a second one)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext as _

from voisinage.desk.models import CallStatus, Instruction, InstructionStatus, Urgency
from voisinage.desk.selectors import scheme_calls, scheme_instructions
from voisinage.field.models import Intervention, InterventionStatus
from voisinage.field.phone.tonight import CALL, INSTRUCTION, TonightItem, record_url

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def _place(entrance: object, other_label: str) -> str:
    if entrance is not None:
        return f"{entrance.code} — {entrance.address}"  # type: ignore[attr-defined]
    return other_label


def tonight_items(user: AnyUser, scheme: Scheme, night: date) -> list[TonightItem]:
    calls = (
        scheme_calls(user, scheme, night=night)
        .filter(
            status__in=(CallStatus.DISPATCHED, CallStatus.ON_SITE),
            intervention__status=InterventionStatus.PENDING,
            intervention__agents=user.pk,
        )
        .select_related("intervention")
    )
    items = [
        TonightItem(
            kind=CALL,
            title=call.nature.label,
            place=_place(call.entrance, call.other_place_label),
            at=call.dispatched_at,
            detail=_("Team %(team)s") % {"team": call.team} if call.team else "",
            urgent=call.urgency != Urgency.NORMAL,
            url=record_url(
                scheme,
                origin=call.intervention.origin,
                entrance_code=call.entrance.code if call.entrance else "",
                pending=call.intervention,
                label=call.nature.label,
                on_site=reverse("api:call_on_site_api", args=[scheme.slug, call.pk]),
            ),
        )
        for call in calls
        if call.intervention is not None
    ]
    instructions = list(
        scheme_instructions(user, scheme, night=night).filter(status=InstructionStatus.DISPATCHED)
    )
    pending = {
        i.source_id: i
        for i in Intervention.objects.visible_to(user).filter(
            scheme=scheme,
            status=InterventionStatus.PENDING,
            agents=user.pk,
            source_type=ContentType.objects.get_for_model(Instruction),
            source_id__in=[instruction.pk for instruction in instructions],
        )
    }
    if pending:
        for instruction in instructions:
            if instruction.pk not in pending:
                continue
            slot = ""
            if instruction.slot_start and instruction.slot_end:
                slot = _("%(start)s – %(end)s") % {
                    "start": instruction.slot_start.strftime("%H:%M"),
                    "end": instruction.slot_end.strftime("%H:%M"),
                }
            entrance = instruction.entrance
            items.append(
                TonightItem(
                    kind=INSTRUCTION,
                    title=instruction.nature.label,
                    place=_place(entrance, str(instruction.residence or "")),
                    at=None,
                    detail=" · ".join(p for p in (slot, instruction.details[:140]) if p),
                    urgent=instruction.urgency != Urgency.NORMAL,
                    url=record_url(
                        scheme,
                        origin=pending[instruction.pk].origin,
                        entrance_code=entrance.code if entrance else "",
                        pending=pending[instruction.pk],
                        label=instruction.nature.label,
                    ),
                )
            )
    return items
