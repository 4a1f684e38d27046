"""Who sees and does what on the desk (docs/desk.md, docs/authorization.md).

- Calls, events and instructions are listed through ``visible_to`` (the stock perimeter rule,
  like interventions); one object through ``access_call`` / ``access_instruction``.
- The person behind a call or an instruction (name, phone, e-mail, dwelling, the caller's words)
  is a section of the record (:func:`person_section`): read by grants with
  ``sees_personal_data`` and by the grants of the landlord concerned, each only where its
  perimeter reads the record; everyone else sees the event without the person
  (:func:`sees_person`, and ``accounts.access.readers`` for who gets it by e-mail).
- Writing on calls needs ``can_record`` (the supervisor takes calls; agents mark "on site");
  dispatching, closing and deciding on urgent instructions need ``can_supervise``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.http import Http404

from voisinage.accounts.access import (
    Grant,
    RoleSide,
    get_or_404,
    has_capability,
    is_platform_admin,
    may_read,
    scheme_grants,
)
from voisinage.desk.models import Call, InboundEmail, Instruction
from voisinage.field.courtesy.selectors import acting_landlord_ids

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def is_operator_staff(user: AnyUser, scheme: Scheme, capability: str | None = None) -> bool:
    """Operator-side grant in the scheme (or a platform administrator)."""
    if is_platform_admin(user):
        return True
    return any(
        g.side == RoleSide.OPERATOR for g in scheme_grants(user, scheme.pk, require=capability)
    )


def person_section(grant: Grant) -> bool | Q:
    """Who reads the person of a call or an instruction, grant by grant: the operator's staff
    (``sees_personal_data``), and the landlord concerned — wherever the grant reads the record;
    not the city, the state nor another landlord."""
    return True if grant.sees_personal_data else Q(landlord_id=grant.organisation_id)


def sees_person(user: AnyUser, record: Call | Instruction) -> bool:
    """Whether ``user`` may read the person behind this call or instruction (platform
    administrators do)."""
    return may_read(user, record, section=person_section)


def access_call(user: AnyUser, scheme: Scheme, pk: int, *, write: bool = False) -> Call:
    """One call the user may see (``write``: act on it, needs ``can_record``); 404 otherwise."""
    qs = Call.objects.visible_to(user, require="can_record" if write else None)
    return get_or_404(
        qs.select_related(
            "scheme", "entrance", "landlord", "neighbourhood", "nature", "received_by", "event"
        ),
        scheme=scheme,
        pk=pk,
    )


def access_instruction(
    user: AnyUser, scheme: Scheme, pk: int, *, write: bool = False
) -> Instruction:
    """One instruction the user may see (``write``: dispatch or handle it, needs
    ``can_supervise``); 404 otherwise."""
    qs = Instruction.objects.visible_to(user, require="can_supervise" if write else None)
    return get_or_404(
        qs.select_related(
            "scheme",
            "landlord",
            "entrance",
            "residence",
            "neighbourhood",
            "nature",
            "submitted_by",
            "handled_by",
        ),
        scheme=scheme,
        pk=pk,
    )


def instruction_landlords_for(user: AnyUser, scheme: Scheme) -> set[int] | None:
    """Landlords the user may submit instructions for: its own (a landlord's referent), any
    (``None``: the scheme's supervisors, entering one received by e-mail, and administrators)."""
    if is_platform_admin(user) or has_capability(user, scheme.pk, "can_supervise"):
        return None
    return acting_landlord_ids(user, scheme) or set()


def can_submit_instructions(user: AnyUser, scheme: Scheme) -> bool:
    landlords = instruction_landlords_for(user, scheme)
    return landlords is None or bool(landlords)


def access_board(user: AnyUser, scheme: Scheme) -> None:
    """The live board: the operator's staff who record (supervisors, agents, managers)."""
    if not is_operator_staff(user, scheme, "can_record"):
        raise Http404


def access_personal_data_log(user: AnyUser, scheme: Scheme) -> None:
    """The log of access to personal data: the grants that read it (``reads_access_log``: the
    operator's manager, the scheme's data-protection contact) and platform administrators."""
    if not (is_platform_admin(user) or has_capability(user, scheme.pk, "reads_access_log")):
        raise Http404


def access_incidents(user: AnyUser, scheme: Scheme, *, write: bool = False) -> None:
    """Serious incidents and complaints pages: the operator's staff (``write``: supervisors)."""
    if not is_operator_staff(user, scheme, "can_supervise" if write else None):
        raise Http404


def access_inbound(user: AnyUser, scheme: Scheme) -> None:
    """E-mailed instructions and the quarantine: the scheme's supervisors (operator side)."""
    if not is_operator_staff(user, scheme, "can_supervise"):
        raise Http404


def access_inbound_email(user: AnyUser, scheme: Scheme, pk: int) -> InboundEmail:
    """One e-mail received at the scheme's address, or (platform administrators) at no known
    scheme's; 404 otherwise."""
    access_inbound(user, scheme)
    qs = InboundEmail.objects.visible_to(user).filter(Q(scheme=scheme) | Q(scheme__isnull=True))
    return get_or_404(
        qs.select_related("scheme", "submitted_by", "landlord", "instruction", "handled_by"),
        pk=pk,
    )
