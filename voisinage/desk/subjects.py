"""The desk's records that name a person, for a data-protection request (subject access):
calls by the caller's name, phone or e-mail; instructions by the tenant's name or phone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.utils.translation import gettext as _

from voisinage.core.personal_data import HeldRecord, PersonQuery
from voisinage.desk.models import Call, CallStatus, Instruction, InstructionStatus

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from voisinage.schemes.models import Scheme


CLOSED_CALLS = (CallStatus.CLOSED, CallStatus.CALLED_BACK)


def digits(field: str) -> Replace:
    """The field without the spaces, dots and dashes people type in phone numbers."""
    expr = Replace(F(field), Value(" "), Value(""))
    for sep in (".", "-"):
        expr = Replace(expr, Value(sep), Value(""))
    return expr


def _match(query: PersonQuery, *, name: str, phone: str, email: str | None) -> Q:
    found = Q(pk__in=[])
    if len(query.name.strip()) >= 3:
        found |= Q(**{f"{name}__icontains": query.name.strip()})
    if len(query.phone_digits) >= 6:
        found |= Q(**{f"{phone}_digits": query.phone_digits})
    if email and query.email.strip():
        found |= Q(**{f"{email}__iexact": query.email.strip()})
    return found


def calls_of(scheme: Scheme, query: PersonQuery) -> QuerySet[Call]:
    """The scheme's calls whose caller the query designates."""
    found = (
        Call.objects.filter(scheme=scheme)
        .annotate(caller_phone_digits=digits("caller_phone"))
        .filter(_match(query, name="caller_name", phone="caller_phone", email="caller_email"))
        .select_related("nature", "entrance")
        .order_by("received_at", "pk")
    )
    if query.dwelling.strip():
        found = found.filter(caller_dwelling__iexact=query.dwelling.strip())
    return found


def calls_naming(scheme: Scheme, query: PersonQuery) -> list[HeldRecord]:
    return [
        HeldRecord(
            what=_("Call"),
            reference=_("call #%(n)s") % {"n": c.pk},
            at=c.received_at,
            fields={
                _("Name"): c.caller_name,
                _("Phone"): c.caller_phone,
                _("E-mail"): c.caller_email,
                _("Dwelling"): c.caller_dwelling,
                _("Place"): c.place_label,
                _("Nature"): c.nature.label,
                _("What the caller said"): c.description,
                _("Status"): str(c.get_status_display()),
            },
            open=c.status not in CLOSED_CALLS,
        )
        for c in calls_of(scheme, query)
    ]


def instructions_of(scheme: Scheme, query: PersonQuery) -> QuerySet[Instruction]:
    """The scheme's instructions whose tenant the query designates."""
    found = (
        Instruction.objects.filter(scheme=scheme)
        .annotate(tenant_phone_digits=digits("tenant_phone"))
        .filter(_match(query, name="tenant_name", phone="tenant_phone", email=None))
        .select_related("nature", "landlord", "entrance", "residence")
        .order_by("created_at", "pk")
    )
    if query.dwelling.strip():
        found = found.filter(dwelling__iexact=query.dwelling.strip())
    return found


def instructions_naming(scheme: Scheme, query: PersonQuery) -> list[HeldRecord]:
    return [
        HeldRecord(
            what=_("Landlord instruction"),
            reference=_("instruction #%(n)s") % {"n": i.pk},
            at=i.created_at,
            fields={
                _("Name"): i.tenant_name,
                _("Phone"): i.tenant_phone,
                _("Dwelling"): i.dwelling,
                _("Landlord"): i.landlord.name,
                _("Place"): i.place_label,
                _("Nature"): i.nature.label,
                _("What to do"): i.details,
                _("Outcome"): i.outcome,
            },
            open=i.status != InstructionStatus.HANDLED,
        )
        for i in instructions_of(scheme, query)
    ]
