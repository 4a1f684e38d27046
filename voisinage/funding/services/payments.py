"""Payments (requests and receipts) on the schedule, and purchase orders on a contract.

Callers have already checked access (``access_agreement(..., write=True)``); these functions
check the business rules and refuse bad input with a ValidationError, changing nothing.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from voisinage.accounts.models import User
from voisinage.funding.models import (
    Agreement,
    AgreementParty,
    Payment,
    PaymentKind,
    PurchaseOrder,
)
from voisinage.funding.selectors import (
    agreement_content,
    agreement_schedule,
    contract_ordered_cents,
    payment_sums,
)
from voisinage.funding.selectors.contract import contract_terms_of, order_limit
from voisinage.funding.services.agreements import locked_agreement
from voisinage.lib import clock
from voisinage.lib.dates import format_date
from voisinage.schemes.models import OperatorContract
from voisinage.schemes.templatetags.voisinage import euros


@transaction.atomic
def payment_record(
    *,
    agreement: Agreement,
    party: AgreementParty,
    year: int,
    kind: str,
    on: date,
    amount_cents: int,
    reference: str = "",
    recorded_by: User | None = None,
    today: date | None = None,
) -> Payment:
    """Record a request for funds or a payment received for a party's line of a year. The
    requested total and the paid total of a line may not go above what the schedule says
    is due (partial payments are fine)."""
    agreement = locked_agreement(agreement)
    today = today or clock.today()
    if party.agreement_id != agreement.pk:
        raise ValidationError({"party": _("This party is not party to the agreement.")})
    if not agreement.starts_on.year <= year <= agreement.ends_on.year:
        raise ValidationError({"year": _("This year is outside the agreement's period.")})
    if kind not in PaymentKind.values:
        raise ValidationError({"kind": _("Choose a request or a payment.")})
    if on > today:
        raise ValidationError({"on": _("The date cannot be in the future.")})
    if amount_cents <= 0:
        raise ValidationError({"amount_cents": _("The amount must be above zero.")})
    content = agreement_content(agreement)
    schedule = {y.year: y for y in agreement_schedule(agreement, content)}
    line = next((ln for ln in schedule[year].allocation.lines if ln.party_id == party.pk), None)
    if line is None:
        raise ValidationError({"party": _("This party has no line in the schedule.")})
    already = payment_sums(agreement).get((year, party.pk, kind), 0)
    if already + amount_cents > line.amount_cents:
        message = (
            _(
                "This would bring the amount paid by %(party)s for %(year)s to %(total)s, "
                "above the %(due)s due."
            )
            if kind == PaymentKind.PAID
            else _(
                "This would bring the amount requested from %(party)s for %(year)s to "
                "%(total)s, above the %(due)s due."
            )
        )
        raise ValidationError(
            {
                "amount_cents": message
                % {
                    "party": party.organisation.display_name,
                    "year": year,
                    "total": euros(already + amount_cents),
                    "due": euros(line.amount_cents),
                }
            }
        )
    payment = Payment(
        agreement=agreement,
        party=party,
        year=year,
        kind=kind,
        on=on,
        amount_cents=amount_cents,
        reference=reference.strip(),
        recorded_by=recorded_by,
    )
    payment.full_clean()
    payment.save()
    return payment


@transaction.atomic
def purchase_order_create(
    *,
    contract: OperatorContract,
    reference: str,
    ordered_on: date,
    amount_cents: int,
    description: str,
    created_by: User | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
    sites: str = "",
) -> PurchaseOrder:
    """An order against the contract, refused when it exceeds what remains: the annual amount
    times the periods begun on the order's date, minus every order already placed."""
    # The contract row is the lock: two clerks ordering at once cannot both spend the rest.
    contract = OperatorContract.objects.select_for_update().get(pk=contract.pk)
    terms = contract_terms_of(contract)
    # The term as amended: an amendment may extend (or shorten) the contract.
    term_end = terms[-1].ends_on
    if not contract.starts_on <= ordered_on <= term_end:
        raise ValidationError(
            {
                "ordered_on": _("The contract runs from %(start)s to %(end)s.")
                % {
                    "start": format_date(contract.starts_on, "SHORT_DATE_FORMAT"),
                    "end": format_date(term_end, "SHORT_DATE_FORMAT"),
                }
            }
        )
    if period_start is not None or period_end is not None:
        if period_start is None or period_end is None or period_end < period_start:
            raise ValidationError(
                {"period_end": _("Give the order's period: a start and an end after it.")}
            )
        if period_start < contract.starts_on or period_end > term_end:
            raise ValidationError(
                {
                    "period_end": _(
                        "The order's period is outside the contract's term (%(start)s – %(end)s)."
                    )
                    % {
                        "start": format_date(contract.starts_on, "SHORT_DATE_FORMAT"),
                        "end": format_date(term_end, "SHORT_DATE_FORMAT"),
                    }
                }
            )
    if amount_cents <= 0:
        raise ValidationError({"amount_cents": _("The amount must be above zero.")})
    remaining = order_limit(contract, ordered_on, terms) - contract_ordered_cents(contract)
    if amount_cents > remaining:
        raise ValidationError(
            {
                "amount_cents": _(
                    "This order of %(amount)s exceeds the amount remaining on the contract on "
                    "%(date)s: %(remaining)s."
                )
                % {
                    "amount": euros(amount_cents),
                    "date": format_date(ordered_on, "SHORT_DATE_FORMAT"),
                    "remaining": euros(max(remaining, 0)),
                }
            }
        )
    order = PurchaseOrder(
        contract=contract,
        reference=reference.strip(),
        ordered_on=ordered_on,
        amount_cents=amount_cents,
        description=description.strip(),
        created_by=created_by,
        period_start=period_start,
        period_end=period_end,
        sites="\n".join(s.strip() for s in sites.splitlines() if s.strip()),
    )
    order.full_clean()
    order.save()
    return order
