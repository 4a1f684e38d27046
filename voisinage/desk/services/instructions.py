"""Every write on landlords' instructions: submit (with the cut-off rule deciding the night),
the supervisor's decision on an urgent one, dispatch to a team, the outcome; and the copy
e-mailed to the landlord's other referents."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, mailers
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from voisinage.accounts.access import readers
from voisinage.accounts.models import User as UserModel
from voisinage.desk.access import person_section
from voisinage.desk.models import (
    CallNature,
    Instruction,
    InstructionStatus,
    Urgency,
    UrgentDecision,
)
from voisinage.desk.services.common import checked_moment, checked_nature, desk_settings
from voisinage.field.logbook.services import intervention_record
from voisinage.field.models import InterventionStatus, Origin
from voisinage.lib import clock
from voisinage.lib.service_hours import ServiceHours, service_night
from voisinage.schemes.models import MemberRole
from voisinage.schemes.selectors import scheme_service_hours

if TYPE_CHECKING:
    from voisinage.accounts.models import User
    from voisinage.schemes.models import Scheme
    from voisinage.territory.models import Entrance, Organisation, Residence

MAX_DAYS_AHEAD = 31  # a scheme with no service for a month has bigger problems
# "Received at" may run a little ahead of the server's clock (a phone's, a mail server's).
FUTURE_TOLERANCE = timedelta(minutes=5)


def next_service_night(hours: ServiceHours, after: date, *, inclusive: bool) -> date:
    """The first evening with a shift from ``after`` (included or not), skipping days off."""
    start = 0 if inclusive else 1
    for offset in range(start, MAX_DAYS_AHEAD + 1):
        day = after + timedelta(days=offset)
        if hours.shift_for(day) is not None:
            return day
    raise ValidationError(_("The scheme has no service night in the coming month."))


def instruction_night(scheme: Scheme, at: datetime, *, cutoff: time | None = None) -> date:
    """The service night of an instruction received at ``at`` (docs/adr/0019).

    Before the scheme's cut-off (17:00 in Besançon, local time) it is tonight's night, or the
    next service night when there is no service tonight; at or after the cut-off, the next
    service night after today. "Today" is the local date: an instruction at 00:30 is for the
    evening that starts later that day (before the cut-off).
    """
    hours = scheme_service_hours(scheme)
    cutoff = cutoff or desk_settings(scheme).instruction_cutoff
    local = at.astimezone(hours.zone)
    today = local.date()
    if local.time() < cutoff:
        return next_service_night(hours, today, inclusive=True)
    return next_service_night(hours, today, inclusive=False)


def _check_place(
    scheme: Scheme,
    landlord: Organisation,
    entrance: Entrance | None,
    residence: Residence | None,
) -> dict[str, int | None]:
    if not scheme.members.filter(role=MemberRole.LANDLORD, organisation=landlord).exists():
        raise ValidationError({"landlord": _("This organisation is not a landlord of the scheme.")})
    if entrance is None and residence is None:
        raise ValidationError({"entrance": _("Choose a residence or an entrance.")})
    if entrance is not None:
        if entrance.scheme_id != scheme.pk or entrance.landlord_id != landlord.pk:
            raise ValidationError({"entrance": _("This entrance is not the landlord's.")})
        return {
            "residence_id": entrance.residence_id,
            "neighbourhood_id": entrance.neighbourhood_id,
        }
    assert residence is not None
    if residence.scheme_id != scheme.pk or residence.landlord_id != landlord.pk:
        raise ValidationError({"residence": _("This residence is not the landlord's.")})
    return {"residence_id": residence.pk, "neighbourhood_id": residence.neighbourhood_id}


def instruction_submit(
    *,
    scheme: Scheme,
    user: User,
    landlord: Organisation,
    nature: CallNature | None,
    entrance: Entrance | None = None,
    residence: Residence | None = None,
    tenant_name: str = "",
    tenant_phone: str = "",
    dwelling: str = "",
    details: str = "",
    slot_start: time | None = None,
    slot_end: time | None = None,
    urgent: bool = False,
    at: datetime | None = None,
    idempotency_key: str | None = None,
) -> tuple[Instruction, bool]:
    """Record a landlord's instruction for the night the cut-off rule gives to ``at``, the
    moment it was received (default: now); returns it and whether it was created. Marked
    urgent after the cut-off, it waits for the supervisor's decision (accepted: tonight). A copy
    is e-mailed to the landlord's other referents."""
    if idempotency_key:
        existing = Instruction.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            if existing.scheme_id != scheme.pk or existing.submitted_by_id != user.pk:
                raise ValidationError(
                    _("This idempotency key was already used for another record.")
                )
            return existing, False
    at = checked_moment(at)
    if at > clock.now() + FUTURE_TOLERANCE:
        raise ValidationError({"received_at": _("The time received cannot be in the future.")})
    nature = checked_nature(scheme, nature)
    place = _check_place(scheme, landlord, entrance, residence)
    night = instruction_night(scheme, at)
    tonight = service_night(at, scheme_service_hours(scheme))
    # Urgent after the cut-off, on an evening with a service: the supervisor decides whether
    # it is for tonight. Before the cut-off it is tonight anyway: nothing to decide.
    requested = urgent and night != tonight.night and tonight.shift is not None
    instruction = Instruction(
        scheme=scheme,
        landlord=landlord,
        submitted_by=user,
        submitted_at=at,
        entrance=entrance,
        tenant_name=tenant_name.strip(),
        tenant_phone=tenant_phone.strip(),
        dwelling=dwelling.strip(),
        nature=nature,
        details=details.strip(),
        slot_start=slot_start,
        slot_end=slot_end,
        urgency=Urgency.URGENT if urgent else Urgency.NORMAL,
        urgent_decision=UrgentDecision.REQUESTED if requested else "",
        service_night=night,
        idempotency_key=idempotency_key or None,
        **place,
    )
    instruction.full_clean(
        exclude=["idempotency_key", "scheme", "landlord", "submitted_by", "nature", "entrance"]
    )
    try:
        with transaction.atomic():
            instruction.save()
            from voisinage.desk.tasks import send_instruction_copy

            transaction.on_commit(
                partial(send_instruction_copy.enqueue, instruction_id=instruction.pk)
            )
    except IntegrityError:
        if idempotency_key:
            existing = Instruction.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing, False
        raise
    return instruction, True


def _locked(instruction: Instruction) -> Instruction:
    return (
        Instruction.objects.select_for_update(of=("self",))
        .select_related("scheme", "entrance", "nature")
        .get(pk=instruction.pk)
    )


@transaction.atomic
def instruction_decide_urgent(
    *, instruction: Instruction, user: User, accept: bool, at: datetime | None = None
) -> Instruction:
    """The supervisor accepts an urgent instruction for tonight, or leaves it for its night."""
    at = checked_moment(at)
    locked = _locked(instruction)
    if locked.urgent_decision != UrgentDecision.REQUESTED:
        raise ValidationError(_("There is no urgent request to decide on."))
    if accept:
        locked.service_night = service_night(at, scheme_service_hours(locked.scheme)).night
        locked.urgent_decision = UrgentDecision.ACCEPTED
    else:
        locked.urgent_decision = UrgentDecision.REFUSED
    locked.save(update_fields=["service_night", "urgent_decision"])
    return locked


@transaction.atomic
def instruction_dispatch(
    *,
    instruction: Instruction,
    user: User,
    team_label: str,
    agent_ids: Sequence[int],
    at: datetime | None = None,
) -> Instruction:
    """Send a team: a pending intervention (origin "landlord instruction", source the
    instruction) for the team to complete on site."""
    at = checked_moment(at)
    if not agent_ids:
        raise ValidationError({"team": _("Choose a team on duty tonight.")})
    locked = _locked(instruction)
    if locked.status == InstructionStatus.HANDLED:
        raise ValidationError(_("This instruction is already handled."))
    if locked.entrance is None:
        raise ValidationError(_("Only an instruction at an entrance can be dispatched."))

    first, *others = agent_ids
    intervention_record(
        scheme=locked.scheme,
        author=UserModel.objects.get(pk=first),
        started_at=at,
        origin=Origin.LANDLORD_INSTRUCTION,
        entrance=locked.entrance,
        agent_ids=others,
        # No tenant's name in the logbook: it is read by partners.
        narrative=_("Landlord instruction: %(nature)s.") % {"nature": locked.nature.label},
        status=InterventionStatus.PENDING,
        source=locked,
    )
    locked.status = InstructionStatus.DISPATCHED
    locked.team = team_label[:40]
    locked.dispatched_at = at
    locked.save(update_fields=["status", "team", "dispatched_at"])
    return locked


@transaction.atomic
def instruction_handle(
    *, instruction: Instruction, user: User, outcome: str, at: datetime | None = None
) -> Instruction:
    """Write the outcome the landlord reads (what the agents found and did)."""
    at = checked_moment(at)
    outcome = outcome.strip()
    if not outcome:
        raise ValidationError({"outcome": _("Say what the agents found and did.")})
    if len(outcome) > 4000:
        raise ValidationError({"outcome": _("The outcome is longer than 4000 characters.")})
    locked = _locked(instruction)
    locked.status = InstructionStatus.HANDLED
    locked.outcome = outcome
    locked.handled_at = at
    locked.handled_by = user
    locked.save(update_fields=["status", "outcome", "handled_at", "handled_by"])
    return locked


def instruction_copy_send(*, instruction_id: int) -> int:
    """E-mail a copy of the instruction, tenant included, to the landlord's other referents who
    may read it, tenant included (``readers``: a referent limited to some neighbourhoods gets
    the instructions there only); the submitter excepted. Returns how many were sent."""
    instruction = Instruction.objects.select_related(
        "scheme", "landlord", "entrance", "residence", "nature", "submitted_by"
    ).get(pk=instruction_id)
    emails = sorted(
        {
            user.email
            for user in readers(
                instruction,
                require="can_act_as_partner",
                section=person_section,
                organisations=[instruction.landlord_id],
            )
            if user.email and user.pk != instruction.submitted_by_id
        }
    )
    if not emails:
        return 0
    from django.conf import settings

    subject = _("Instruction for the night of %(night)s — %(place)s") % {
        "night": instruction.service_night.strftime("%d/%m/%Y"),
        "place": instruction.place_label,
    }
    lines = [
        _("%(who)s sent this instruction to the night team of %(scheme)s:")
        % {"who": instruction.submitted_by.display_name, "scheme": instruction.scheme.name},
        "",
        _("Night: %(night)s") % {"night": instruction.service_night.strftime("%d/%m/%Y")},
        _("Place: %(place)s") % {"place": instruction.place_label},
        _("Dwelling: %(dwelling)s") % {"dwelling": instruction.dwelling or "—"},
        _("Tenant: %(tenant)s") % {"tenant": instruction.tenant_name or "—"},
        _("Nature: %(nature)s") % {"nature": instruction.nature.label},
        _("Time slot: %(slot)s") % {"slot": instruction.slot_label or "—"},
        _("Details: %(details)s") % {"details": instruction.details or "—"},
        "",
        settings.BASE_URL + instruction.get_absolute_url(),
    ]
    # One message per person: nobody learns the others' addresses.
    body = "\n".join(lines)
    messages = [EmailMessage(subject=subject, body=body, to=[email]) for email in emails]
    return mailers.default.send_messages(messages) or 0
