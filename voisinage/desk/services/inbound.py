"""Instructions received by e-mail (docs/desk.md): keep each message, as a draft instruction
when its scheme and its sender are known, in quarantine otherwise; the supervisor confirms
(the instruction is then submitted as of the e-mail's arrival) or dismisses it.

Both channels (the SMTP/LMTP listener and IMAP polling) call :func:`inbound_email_receive`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from voisinage.accounts.models import User as UserModel
from voisinage.desk.inbound.parse import parse_instruction, read_message
from voisinage.desk.models import (
    CallNature,
    DeskSettings,
    InboundEmail,
    InboundStatus,
    Instruction,
    QuarantineReason,
)
from voisinage.desk.services.common import checked_moment
from voisinage.desk.services.instructions import instruction_night, instruction_submit
from voisinage.field.courtesy.selectors import acting_landlord_ids
from voisinage.lib import clock

if TYPE_CHECKING:
    from voisinage.accounts.models import User
    from voisinage.schemes.models import Scheme
    from voisinage.territory.models import Entrance, Organisation, Residence

CHANNELS = ("smtp", "lmtp", "imap")


def scheme_for_addresses(addresses: Sequence[str]) -> Scheme | None:
    """The scheme whose instruction address is among ``addresses`` (the envelope's first)."""
    wanted = [a.strip().lower() for a in addresses if a.strip()]
    if not wanted:
        return None
    found = {
        row.address: row.scheme
        for row in DeskSettings.objects.annotate(address=Lower("instruction_address"))
        .filter(address__in=wanted)
        .select_related("scheme")
    }
    return next((found[a] for a in wanted if a in found), None)


def _sender(scheme: Scheme, address: str) -> tuple[User | None, int | None, str]:
    """The landlord's member of the scheme with this address, through the access mechanism
    (grants acting for a landlord of the scheme); else the quarantine reason."""
    if not address:
        return None, None, QuarantineReason.UNKNOWN_SENDER
    matches: list[tuple[User, int]] = []
    for user in UserModel.objects.filter(email__iexact=address, is_active=True).order_by("pk"):
        landlords = acting_landlord_ids(user, scheme)
        matches.extend((user, landlord) for landlord in sorted(landlords or ()))
    if not matches:
        return None, None, QuarantineReason.UNKNOWN_SENDER
    if len(matches) > 1:
        return None, None, QuarantineReason.AMBIGUOUS_SENDER
    user, landlord = matches[0]
    return user, landlord, ""


def inbound_email_receive(
    *,
    raw: bytes,
    envelope_recipients: Sequence[str] = (),
    received_at: datetime | None = None,
    channel: str,
) -> tuple[InboundEmail, bool]:
    """Keep one e-mail received at an instruction address; returns it and whether it is new.

    ``received_at`` is the arrival time (default: now): the cut-off applies to it, not to the
    moment someone reads it. The same Message-ID again returns the message already kept."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    read = read_message(raw)
    existing = InboundEmail.objects.filter(message_id=read.message_id).first()
    if existing is not None:
        return existing, False
    received_at = checked_moment(received_at)
    scheme = scheme_for_addresses([*envelope_recipients, *read.header_recipients])
    user, landlord_id, reason = (
        _sender(scheme, read.sender)
        if scheme is not None
        else (None, None, QuarantineReason.UNKNOWN_SCHEME)
    )
    email = InboundEmail(
        message_id=read.message_id,
        received_at=received_at,
        sender=read.sender[:254],
        recipients=", ".join(envelope_recipients or read.header_recipients),
        subject=read.subject,
        raw=raw,
        channel=channel,
        scheme=scheme,
        status=InboundStatus.QUARANTINED if reason else InboundStatus.DRAFT,
        reason=reason,
        submitted_by=user,
        landlord_id=landlord_id,
        parsed=parse_instruction(read.text),
        service_night=instruction_night(scheme, received_at) if scheme is not None else None,
    )
    try:
        with transaction.atomic():
            email.save()
    except IntegrityError:
        # The same message delivered twice at once: the other delivery kept it.
        existing = InboundEmail.objects.filter(message_id=read.message_id).first()
        if existing is None:
            raise
        return existing, False
    return email, True


def _locked(email: InboundEmail) -> InboundEmail:
    locked = (
        InboundEmail.objects.select_for_update(of=("self",))
        .select_related("scheme", "submitted_by")
        .get(pk=email.pk)
    )
    if locked.status not in {InboundStatus.DRAFT, InboundStatus.QUARANTINED}:
        raise ValidationError(_("This e-mail was already handled."))
    if locked.scheme is None:
        raise ValidationError(_("This e-mail reached no scheme: it can only be dismissed."))
    return locked


@transaction.atomic
def inbound_email_confirm(
    *,
    email: InboundEmail,
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
) -> Instruction:
    """The supervisor confirms (and corrects) an e-mailed instruction: it is submitted as of
    the e-mail's arrival, in the sender's name when the sender is the landlord's member."""
    locked = _locked(email)
    assert locked.scheme is not None
    sender = locked.submitted_by
    submitter = sender if sender is not None and locked.landlord_id == landlord.pk else user
    instruction, _created = instruction_submit(
        scheme=locked.scheme,
        user=submitter,
        landlord=landlord,
        nature=nature,
        entrance=entrance,
        residence=residence,
        tenant_name=tenant_name,
        tenant_phone=tenant_phone,
        dwelling=dwelling,
        details=details,
        slot_start=slot_start,
        slot_end=slot_end,
        urgent=urgent,
        at=locked.received_at,
        idempotency_key=f"email:{locked.pk}",
    )
    locked.status = InboundStatus.CONFIRMED
    locked.instruction = instruction
    locked.landlord = landlord
    locked.handled_by, locked.handled_at = user, clock.now()
    locked.save(update_fields=["status", "instruction", "landlord", "handled_by", "handled_at"])
    return instruction


@transaction.atomic
def inbound_email_dismiss(*, email: InboundEmail, user: User) -> InboundEmail:
    """Not an instruction (spam, a mistake): kept, marked dismissed."""
    locked = InboundEmail.objects.select_for_update(of=("self",)).get(pk=email.pk)
    if locked.status not in {InboundStatus.DRAFT, InboundStatus.QUARANTINED}:
        raise ValidationError(_("This e-mail was already handled."))
    locked.status = InboundStatus.DISMISSED
    locked.handled_by, locked.handled_at = user, clock.now()
    locked.save(update_fields=["status", "handled_by", "handled_at"])
    return locked
