"""The desk's personal data past its retention period (docs/personal-data.md): callers' and
tenants' identities and contacts blanked, the caller's words and the instruction's texts
emptied, survey answers and access-log lines deleted. Calls, instructions, their codes, moments
and the satisfaction copied onto the call stay, so every figure of the past is unchanged."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q, QuerySet

from voisinage.desk.models import (
    Call,
    InboundEmail,
    InboundStatus,
    Instruction,
    InstructionStatus,
    PersonalDataView,
    SatisfactionSurvey,
)

if TYPE_CHECKING:
    from datetime import datetime

    from voisinage.schemes.models import Scheme

from voisinage.desk.subjects import CLOSED_CALLS as CLOSED


def _closed_calls(scheme: Scheme, before: datetime) -> QuerySet[Call]:
    return Call.objects.filter(scheme=scheme, status__in=CLOSED, closed_at__lt=before)


def _handled_instructions(scheme: Scheme, before: datetime) -> QuerySet[Instruction]:
    return Instruction.objects.filter(
        scheme=scheme, status=InstructionStatus.HANDLED, handled_at__lt=before
    )


@transaction.atomic
def callers_anonymise(*, scheme: Scheme, before: datetime) -> int:
    """Blank the caller's name, phone, e-mail and dwelling of calls closed before ``before``."""
    held = ~Q(caller_name="") | ~Q(caller_phone="") | ~Q(caller_email="") | ~Q(caller_dwelling="")
    return (
        _closed_calls(scheme, before)
        .filter(held)
        .update(caller_name="", caller_phone="", caller_email="", caller_dwelling="")
    )


@transaction.atomic
def tenants_anonymise(*, scheme: Scheme, before: datetime) -> int:
    """Blank the tenant's name, phone and dwelling of instructions handled before ``before``."""
    held = ~Q(tenant_name="") | ~Q(tenant_phone="") | ~Q(dwelling="")
    return (
        _handled_instructions(scheme, before)
        .filter(held)
        .update(tenant_name="", tenant_phone="", dwelling="")
    )


@transaction.atomic
def desk_narratives_empty(*, scheme: Scheme, before: datetime) -> int:
    """Empty what the caller said (calls closed before ``before``) and what to do and the
    outcome (instructions handled before it): free text that often names people."""
    calls = _closed_calls(scheme, before).exclude(description="").update(description="")
    instructions = (
        _handled_instructions(scheme, before)
        .filter(~Q(details="") | ~Q(outcome=""))
        .update(details="", outcome="")
    )
    return calls + instructions


@transaction.atomic
def survey_answers_delete(*, scheme: Scheme, before: datetime) -> int:
    """Delete the survey rows (answers and link) of calls received before ``before``; the
    "satisfied" answer copied onto the call (ADR 0030) stays for the figures."""
    deleted, _by_model = SatisfactionSurvey.objects.filter(
        call__scheme=scheme, call__received_at__lt=before
    ).delete()
    return deleted


@transaction.atomic
def personal_data_views_purge(*, scheme: Scheme, before: datetime) -> int:
    """Delete the access-log lines written before ``before``."""
    deleted, _by_model = PersonalDataView.objects.filter(scheme=scheme, at__lt=before).delete()
    return deleted


def _headers_only(message_id: str, sender: str) -> bytes:
    """What an e-mailed instruction keeps past its period: who sent it and its identifier."""
    return f"Message-ID: {message_id}\r\nFrom: {sender}\r\n\r\n".encode()


@transaction.atomic
def inbound_emails_empty(*, scheme: Scheme, before: datetime) -> int:
    """Reduce the e-mailed instructions handled (confirmed or dismissed) before ``before`` to
    their headers: the subject, the body and attachments, and the fields read in them — which
    name tenants — go; the sender, the moment and the instruction made from it stay."""
    changed = 0
    handled = InboundEmail.objects.filter(
        scheme=scheme,
        status__in=(InboundStatus.CONFIRMED, InboundStatus.DISMISSED),
        handled_at__lt=before,
    ).only("pk", "message_id", "sender", "raw", "subject", "parsed")
    for email in handled:
        reduced = _headers_only(email.message_id, email.sender)
        if bytes(email.raw) == reduced and not email.subject and not email.parsed:
            continue
        InboundEmail.objects.filter(pk=email.pk).update(raw=reduced, subject="", parsed={})
        changed += 1
    return changed
