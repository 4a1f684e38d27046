"""Amendments to an operator contract, flowing to the agreements that share its cost, and
amendments to a funding agreement (its cost, its caps).

Callers have already checked access (``access_agreement(..., write=True)`` on an agreement
funding the contract); these functions check the business rules and refuse bad input with a
ValidationError, changing nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from voisinage.accounts.models import User
from voisinage.funding.contracts import revised_amount, terms_on
from voisinage.funding.models import (
    Agreement,
    AgreementAmendment,
    AgreementCost,
    ContractAmendment,
)
from voisinage.funding.selectors.contract import contract_terms_of
from voisinage.funding.services.agreements import cost_period_add, locked_agreement
from voisinage.lib.dates import format_date
from voisinage.lib.money import round_to_unit
from voisinage.schemes.changes import setting_change_record
from voisinage.schemes.models import OperatorContract
from voisinage.schemes.services.keys import CONTRACT
from voisinage.schemes.templatetags.voisinage import euros


def _day(value: date) -> str:
    return format_date(value, "SHORT_DATE_FORMAT")


@transaction.atomic
def contract_amendment_add(
    *,
    contract: OperatorContract,
    author: User | None,
    signed_on: date,
    effective_on: date,
    ends_on: date | None = None,
    annual_amount_cents: int | None = None,
    revision_percent: Decimal | None = None,
    index_base: Decimal | None = None,
    index_new: Decimal | None = None,
    sites: str = "",
    note: str = "",
) -> ContractAmendment:
    """Record the next numbered amendment. From ``effective_on`` it may change the end date,
    the annual amount (given, or revised by a percentage or an index), the list of sites.
    A new annual amount flows to every agreement sharing the contract's cost: a new cost
    period from that date, scaled by the same ratio. Earlier periods are never touched."""
    contract = OperatorContract.objects.select_for_update().get(pk=contract.pk)
    terms = contract_terms_of(contract)
    if signed_on < contract.starts_on or effective_on < contract.starts_on:
        raise ValidationError(
            {
                "effective_on": _(
                    "An amendment cannot be dated before the contract, which starts on %(start)s."
                )
                % {"start": _day(contract.starts_on)}
            }
        )
    if effective_on < terms[-1].effective_on:
        raise ValidationError(
            {
                "effective_on": _(
                    "Amendment %(n)s already takes effect on %(date)s: a new amendment cannot "
                    "change an earlier period."
                )
                % {"n": terms[-1].amendment_number, "date": _day(terms[-1].effective_on)}
            }
        )
    if (index_base is None) != (index_new is None) or index_base == 0:
        raise ValidationError(
            {"index_new": _("A revision by index needs the reference index and the new index.")}
        )
    revisions = [
        annual_amount_cents is not None,
        revision_percent is not None,
        index_base is not None,
    ]
    if sum(revisions) > 1:
        raise ValidationError(
            _("Give the new annual amount, or a percentage, or the indices — one of them.")
        )
    site_list = tuple(s.strip() for s in sites.splitlines() if s.strip())
    if ends_on is None and not any(revisions) and not site_list:
        raise ValidationError(_("The amendment changes nothing: give what it changes."))
    if ends_on is not None and ends_on < effective_on:
        raise ValidationError({"ends_on": _("The new end cannot be before the amendment.")})
    before = terms_on(terms, effective_on)
    new_amount = annual_amount_cents
    if revision_percent is not None or index_base is not None:
        new_amount = revised_amount(
            before.annual_cents,
            percent=revision_percent,
            index_base=index_base,
            index_new=index_new,
        )
    top = ContractAmendment.objects.filter(contract=contract).aggregate(m=Max("number"))["m"]
    amendment = ContractAmendment(
        contract=contract,
        number=(top or 0) + 1,
        signed_on=signed_on,
        effective_on=effective_on,
        ends_on=ends_on,
        annual_amount_cents=new_amount,
        revision_percent=revision_percent,
        index_base=index_base,
        index_new=index_new,
        sites="\n".join(site_list),
        note=note.strip(),
        created_by=author,
    )
    amendment.full_clean()
    amendment.save()
    if new_amount is not None and new_amount != before.annual_cents:
        _flow_to_agreements(contract, effective_on, Fraction(new_amount, before.annual_cents or 1))
    setting_change_record(
        scheme=contract.scheme,
        author=author,
        section=CONTRACT,
        subject=f"{contract} — {amendment}",
        before=euros(before.annual_cents),
        after=" · ".join(
            part
            for part in (
                euros(new_amount) if new_amount is not None else "",
                _day(ends_on) if ends_on else "",
                ", ".join(site_list),
            )
            if part
        ),
    )
    return amendment


def _flow_to_agreements(contract: OperatorContract, effective_on: date, ratio: Fraction) -> None:
    """Each agreement sharing the contract's cost on that date takes a new cost period, its
    cost in force scaled by the amendment's ratio (to the cent)."""
    agreements = Agreement.objects.filter(
        contract=contract, starts_on__lte=effective_on, ends_on__gte=effective_on
    )
    for agreement in agreements:
        cost = (
            AgreementCost.objects.filter(agreement=agreement, starts_on__lte=effective_on)
            .order_by("-starts_on")
            .first()
        )
        if cost is None or cost.starts_on == effective_on:
            continue
        cost_period_add(
            agreement=agreement,
            starts_on=effective_on,
            annual_cost_cents=round_to_unit(cost.annual_cost_cents * ratio, 1),
            note=_("Contract amendment"),
        )


@transaction.atomic
def agreement_amendment_add(
    *,
    agreement: Agreement,
    author: User | None,
    signed_on: date,
    effective_on: date,
    annual_cost_cents: int | None = None,
    cap_percent: Decimal | None = None,
    cap_index_base: Decimal | None = None,
    cap_index_new: Decimal | None = None,
    note: str = "",
) -> AgreementAmendment:
    """Record the agreement's next numbered amendment. From ``effective_on`` it may set a new
    annual cost (a new cost period) and revise every cap — the rules' and the checks' — by a
    percentage or an index. Earlier periods keep their figures (the schedule cuts the year at
    the amendment's date)."""
    agreement = locked_agreement(agreement)
    if signed_on < agreement.starts_on or not (
        agreement.starts_on <= effective_on <= agreement.ends_on
    ):
        raise ValidationError(
            {
                "effective_on": _(
                    "An amendment takes effect within the agreement (%(start)s – %(end)s) and "
                    "is not signed before it."
                )
                % {"start": _day(agreement.starts_on), "end": _day(agreement.ends_on)}
            }
        )
    latest = agreement.amendments.order_by("-number").first()
    if latest is not None and effective_on < latest.effective_on:
        raise ValidationError(
            {
                "effective_on": _(
                    "Amendment %(n)s already takes effect on %(date)s: a new amendment cannot "
                    "change an earlier period."
                )
                % {"n": latest.number, "date": _day(latest.effective_on)}
            }
        )
    if (cap_index_base is None) != (cap_index_new is None) or cap_index_base == 0:
        raise ValidationError(
            {"cap_index_new": _("A revision by index needs the reference index and the new index.")}
        )
    if cap_percent is not None and cap_index_base is not None:
        raise ValidationError(_("Revise the caps by a percentage or by an index — one of them."))
    revises_caps = cap_percent is not None or cap_index_base is not None
    if annual_cost_cents is None and not revises_caps:
        raise ValidationError(_("The amendment changes nothing: give what it changes."))
    amendment = AgreementAmendment(
        agreement=agreement,
        number=(latest.number if latest else 0) + 1,
        signed_on=signed_on,
        effective_on=effective_on,
        annual_cost_cents=annual_cost_cents,
        cap_percent=cap_percent,
        cap_index_base=cap_index_base,
        cap_index_new=cap_index_new,
        note=note.strip(),
        created_by=author,
    )
    amendment.full_clean()
    amendment.save()
    if annual_cost_cents is not None:
        if AgreementCost.objects.filter(agreement=agreement, starts_on=effective_on).exists():
            raise ValidationError({"effective_on": _("A cost period already starts on this date.")})
        cost_period_add(
            agreement=agreement,
            starts_on=effective_on,
            annual_cost_cents=annual_cost_cents,
            note=str(amendment),
        )
    return amendment
