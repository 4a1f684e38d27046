"""Members of the scheme and the operator's contract."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from voisinage.schemes.changes import setting_change_record
from voisinage.schemes.models import (
    OperatorContract,
    Scheme,
    SchemeMember,
)
from voisinage.schemes.templatetags.voisinage import euros

if TYPE_CHECKING:
    from voisinage.accounts.models import User
from voisinage.schemes.services.keys import CONTRACT, MEMBERS


@transaction.atomic
def scheme_member_add(
    *, scheme: Scheme, author: User | None, organisation_id: int, role: str
) -> SchemeMember:
    """Make an organisation a member of the scheme in a role (idempotent); logged."""
    member, created = SchemeMember.objects.get_or_create(
        scheme=scheme, organisation_id=organisation_id, role=role
    )
    if created:
        member.full_clean()
        setting_change_record(
            scheme=scheme,
            author=author,
            section=MEMBERS,
            subject=str(member.organisation),
            before="",
            after=member.get_role_display(),
        )
    return member


@transaction.atomic
def operator_contract_add(
    *,
    scheme: Scheme,
    author: User | None,
    operator_id: int,
    starts_on: date,
    annual_amount_cents: int,
    initial_term_months: int = 12,
    renewals: int = 0,
    reference: str = "",
) -> OperatorContract:
    """Record the operator's contract (idempotent by operator and start); logged."""
    found = OperatorContract.objects.filter(
        scheme=scheme, operator_id=operator_id, starts_on=starts_on
    ).first()
    if found is not None:
        return found
    contract = OperatorContract(
        scheme=scheme,
        operator_id=operator_id,
        starts_on=starts_on,
        annual_amount_cents=annual_amount_cents,
        initial_term_months=initial_term_months,
        renewals=renewals,
        reference=reference,
    )
    contract.full_clean()
    contract.save()
    setting_change_record(
        scheme=scheme,
        author=author,
        section=CONTRACT,
        subject=str(contract),
        before="",
        after=euros(annual_amount_cents),
    )
    return contract
