"""A person's request about the desk's records (docs/personal-data.md, "People's rights"): their
identity and contact erased, or corrected, on the calls and instructions that name them. The
calls and instructions themselves, their codes, places and moments stay for the figures. The
privacy app checks that no record naming the person is still open before an erasure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from voisinage.desk.subjects import calls_of, instructions_of

if TYPE_CHECKING:
    from voisinage.core.personal_data import PersonQuery
    from voisinage.schemes.models import Scheme

CALL_FIELDS = {
    "name": "caller_name",
    "phone": "caller_phone",
    "email": "caller_email",
    "dwelling": "caller_dwelling",
}
INSTRUCTION_FIELDS = {"name": "tenant_name", "phone": "tenant_phone", "dwelling": "dwelling"}


@transaction.atomic
def callers_erase(*, scheme: Scheme, query: PersonQuery) -> int:
    """Blank the caller's identity, contact and words on the calls naming the person."""
    blank = dict.fromkeys(CALL_FIELDS.values(), "")
    return calls_of(scheme, query).update(description="", **blank)


@transaction.atomic
def tenants_erase(*, scheme: Scheme, query: PersonQuery) -> int:
    """Blank the tenant's identity, phone and the texts of the instructions naming them."""
    blank = dict.fromkeys(INSTRUCTION_FIELDS.values(), "")
    return instructions_of(scheme, query).update(details="", outcome="", **blank)


def _corrected(fields: dict[str, str], corrected: dict[str, str]) -> dict[str, str]:
    return {fields[key]: value for key, value in corrected.items() if key in fields and value}


@transaction.atomic
def callers_rectify(*, scheme: Scheme, query: PersonQuery, corrected: dict[str, str]) -> int:
    changes = _corrected(CALL_FIELDS, corrected)
    return calls_of(scheme, query).update(**changes) if changes else 0


@transaction.atomic
def tenants_rectify(*, scheme: Scheme, query: PersonQuery, corrected: dict[str, str]) -> int:
    changes = _corrected(INSTRUCTION_FIELDS, corrected)
    return instructions_of(scheme, query).update(**changes) if changes else 0
