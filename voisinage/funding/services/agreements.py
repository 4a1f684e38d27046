"""Writes on an agreement's set-up: the agreement, its parties, cost periods, rules and
checks.

Callers have already checked access (``access_agreement(..., write=True)``); these functions
check the business rules and refuse bad input with a ValidationError, changing nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voisinage.funding import allocation as alloc
from voisinage.funding.models import (
    Agreement,
    AgreementConstraint,
    AgreementCost,
    AgreementParty,
    AllocationRule,
    ContractAmendment,
    PaymentKind,
    RoundingChoice,
    RuleKind,
    VatBasis,
)
from voisinage.funding.selectors import (
    agreement_content,
    agreement_schedule,
    payment_sums,
)
from voisinage.lib.dates import format_date
from voisinage.lib.money import format_percent
from voisinage.schemes.models import OperatorContract
from voisinage.schemes.templatetags.voisinage import euros

if TYPE_CHECKING:
    from voisinage.schemes.models import Scheme
    from voisinage.territory.models import Organisation


MAX_RULE_DEPTH = 4


def locked_agreement(agreement: Agreement) -> Agreement:
    """The agreement row, locked until the end of the transaction (must be inside one)."""
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def refuse_overlap(agreement: Agreement) -> None:
    """Two agreements sharing the same contract over the same days would count its cost
    twice: refused."""
    if agreement.contract_id is None:
        return
    other = (
        Agreement.objects.filter(
            contract_id=agreement.contract_id,
            starts_on__lte=agreement.ends_on,
            ends_on__gte=agreement.starts_on,
        )
        .exclude(pk=agreement.pk)
        .first()
    )
    if other is not None:
        raise ValidationError(
            {
                "contract": _(
                    "The agreement “%(title)s” already shares this contract's cost from "
                    "%(start)s to %(end)s: two agreements cannot fund the same period."
                )
                % {
                    "title": other.title,
                    "start": format_date(other.starts_on, "SHORT_DATE_FORMAT"),
                    "end": format_date(other.ends_on, "SHORT_DATE_FORMAT"),
                }
            }
        )


@transaction.atomic
def agreement_create(
    *,
    scheme: Scheme,
    title: str,
    starts_on: date,
    ends_on: date,
    annual_cost_cents: int,
    reference: str = "",
    contract: OperatorContract | None = None,
    notice_months: int = 3,
    reminder_days: int = 30,
    notes: str = "",
    rounding: str | None = None,
    vat_basis: str | None = None,
    coordinator: Organisation | None = None,
    coordinator_role: str = "",
) -> Agreement:
    """A new agreement with its first cost period (from its start) and, when given, its
    coordinator as first party."""
    agreement = Agreement(
        scheme=scheme,
        title=title.strip(),
        reference=reference.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        contract=contract,
        notice_months=notice_months,
        reminder_days=reminder_days,
        notes=notes,
        rounding=rounding or RoundingChoice.CENT,
        vat_basis=vat_basis or VatBasis.INCL_TAX,
    )
    agreement.full_clean()
    refuse_overlap(agreement)
    agreement.save()
    cost = AgreementCost(
        agreement=agreement, starts_on=starts_on, annual_cost_cents=annual_cost_cents
    )
    cost.full_clean()
    cost.save()
    if coordinator is not None:
        party_add(
            agreement=agreement,
            organisation=coordinator,
            role_label=coordinator_role or _("Coordinator"),
            is_coordinator=True,
        )
    return agreement


@transaction.atomic
def agreement_update(
    *,
    agreement: Agreement,
    title: str,
    starts_on: date,
    ends_on: date,
    reference: str = "",
    contract: OperatorContract | None = None,
    notice_months: int = 3,
    reminder_days: int = 30,
    notes: str = "",
    rounding: str | None = None,
    vat_basis: str | None = None,
) -> Agreement:
    agreement = locked_agreement(agreement)
    first_cost = agreement.costs.order_by("starts_on").first()
    later = agreement.costs.exclude(pk=first_cost.pk) if first_cost is not None else None
    if later is not None and later.filter(starts_on__lte=starts_on).exists():
        raise ValidationError(
            {"starts_on": _("A later cost period already starts before this date.")}
        )
    outside = agreement.payments.exclude(year__gte=starts_on.year, year__lte=ends_on.year)
    if outside.exists():
        raise ValidationError(
            _("Payments are recorded for years outside these dates; the period cannot shrink.")
        )
    if agreement.costs.filter(starts_on__gt=ends_on).exists():
        raise ValidationError({"ends_on": _("A cost period starts after this end.")})
    agreement.title = title.strip()
    agreement.reference = reference.strip()
    agreement.starts_on = starts_on
    agreement.ends_on = ends_on
    agreement.contract = contract
    agreement.notice_months = notice_months
    agreement.reminder_days = reminder_days
    agreement.notes = notes
    if rounding is not None:
        agreement.rounding = rounding
    if vat_basis is not None:
        agreement.vat_basis = vat_basis
    agreement.full_clean()
    refuse_overlap(agreement)
    agreement.save()
    if first_cost is not None and first_cost.starts_on != starts_on:
        # The first cost applies from the agreement's start, whatever that becomes.
        first_cost.starts_on = starts_on
        first_cost.full_clean()
        first_cost.save(update_fields=["starts_on"])
    return agreement


@transaction.atomic
def party_add(
    *,
    agreement: Agreement,
    organisation: Organisation,
    role_label: str,
    is_coordinator: bool = False,
    position: int | None = None,
    joins_on: date | None = None,
    payee: Organisation | None = None,
) -> AgreementParty:
    """A party from the agreement's start, or from ``joins_on`` (a party joining later takes
    its share from that date; the shares before it stay as they were). ``payee``: who receives
    its subsidy, as the agreement says (the operator, the commissioner…)."""
    agreement = locked_agreement(agreement)
    if joins_on is not None and not agreement.starts_on < joins_on <= agreement.ends_on:
        raise ValidationError(
            {"joins_on": _("A party joins during the agreement's period, after its start.")}
        )
    if not agreement.scheme.members.filter(organisation=organisation).exists():
        raise ValidationError({"organisation": _("This organisation takes no part in the scheme.")})
    if payee is not None and not agreement.scheme.members.filter(organisation=payee).exists():
        raise ValidationError({"payee": _("This organisation takes no part in the scheme.")})
    if position is None:
        top = agreement.parties.aggregate(m=Max("position"))["m"]
        position = (top or 0) + 1
    party = AgreementParty(
        agreement=agreement,
        organisation=organisation,
        role_label=role_label.strip(),
        is_coordinator=is_coordinator,
        position=position,
        joins_on=joins_on,
        payee=payee,
    )
    party.full_clean()
    party.save()
    return party


PAYMENTS_RECORDED = gettext_lazy(
    "Payments are recorded for %(party)s: it cannot be removed — end its participation from "
    "a date instead (its shares and payments before that date stay)."
)


@transaction.atomic
def party_remove(*, party: AgreementParty) -> None:
    locked_agreement(party.agreement)
    if party.payments.exists():
        raise ValidationError(PAYMENTS_RECORDED % {"party": party.organisation.display_name})
    if party.rules.exists():
        raise ValidationError(_("This party pays a line of the schedule: remove the line first."))
    party.delete()


@transaction.atomic
def party_end(*, party: AgreementParty, leaves_on: date | None) -> AgreementParty:
    """The party no longer takes part from ``leaves_on`` (None: it stays to the end). Its
    shares before that date stay as they were; from it, the key says who carries its part, or
    the part is reported as unallocated. Refused when what was already requested or paid by
    the party for a year would come above what it then owes."""
    agreement = locked_agreement(party.agreement)
    party = AgreementParty.objects.select_related("organisation").get(pk=party.pk)
    if leaves_on is not None:
        joined = party.joins_on or agreement.starts_on
        if leaves_on <= joined:
            raise ValidationError(
                {
                    "leaves_on": _("A party cannot leave before it joined (%(date)s).")
                    % {"date": format_date(joined, "SHORT_DATE_FORMAT")}
                }
            )
        if leaves_on > agreement.ends_on:
            raise ValidationError({"leaves_on": _("This date is after the agreement's end.")})
    party.leaves_on = leaves_on
    party.full_clean()
    party.save(update_fields=["leaves_on"])
    content = agreement_content(agreement)
    sums = payment_sums(agreement)
    for year in agreement_schedule(agreement, content):
        line = next((ln for ln in year.allocation.lines if ln.party_id == party.pk), None)
        due = line.amount_cents if line else 0
        recorded = max(
            sums.get((year.year, party.pk, PaymentKind.PAID), 0),
            sums.get((year.year, party.pk, PaymentKind.REQUESTED), 0),
        )
        if recorded > due:
            raise ValidationError(
                {
                    "leaves_on": _(
                        "%(amount)s is already requested or paid by %(party)s for %(year)s, "
                        "more than the %(due)s it would owe: choose a later date."
                    )
                    % {
                        "amount": euros(recorded),
                        "party": party.organisation.display_name,
                        "year": year.year,
                        "due": euros(due),
                    }
                }
            )
    return party


@transaction.atomic
def cost_period_add(
    *, agreement: Agreement, starts_on: date, annual_cost_cents: int, note: str = ""
) -> tuple[AgreementCost, alloc.Assessment]:
    """A new annual cost from ``starts_on`` (a revision of the contract price…). Returns the
    checks of the new annual rate: a breach is recorded, and shown, not refused — the cost is
    a fact; the clause then says what the parties may do."""
    agreement = locked_agreement(agreement)
    if not agreement.starts_on <= starts_on <= agreement.ends_on:
        raise ValidationError(
            {"starts_on": _("The new cost must start within the agreement's period.")}
        )
    cost = AgreementCost(
        agreement=agreement, starts_on=starts_on, annual_cost_cents=annual_cost_cents, note=note
    )
    cost.full_clean()
    cost.save()
    content = agreement_content(agreement)
    return cost, alloc.assess(
        annual_cost_cents,
        content.tree,
        content.constraint_specs,
        starts_on=starts_on,
        rounding=agreement.rounding,
    )


@transaction.atomic
def cost_period_remove(*, cost: AgreementCost) -> None:
    """Remove a cost period added by hand. Refused: the first one, and one an amendment opened
    (the agreement's own, or the operator contract's amendment or price revision flowing to
    it) — the amendment is a signed record: another amendment changes the cost instead."""
    agreement = locked_agreement(cost.agreement)
    if not agreement.costs.exclude(pk=cost.pk).exists() or cost.starts_on == agreement.starts_on:
        raise ValidationError(_("The first cost period cannot be removed; change its amount."))
    source = _amendment_of(agreement, cost)
    if source is not None:
        raise ValidationError(
            _(
                "This period comes from %(amendment)s (effective from %(date)s); it cannot be "
                "removed by hand: record another amendment instead."
            )
            % {"amendment": source, "date": format_date(cost.starts_on)}
        )
    cost.delete()


def _amendment_of(agreement: Agreement, cost: AgreementCost) -> str | None:
    """The amendment that opened a cost period — the agreement's amendment setting a cost from
    that day, or the operator contract's amendment (a new amount or a price revision) that
    flowed to it — named for a refusal; None for a period added by hand."""
    own = agreement.amendments.filter(
        effective_on=cost.starts_on, annual_cost_cents__isnull=False
    ).first()
    if own is not None:
        return str(own)
    if agreement.contract_id is None:
        return None
    flowed = ContractAmendment.objects.filter(
        contract_id=agreement.contract_id,
        effective_on=cost.starts_on,
        annual_amount_cents__isnull=False,
    ).first()
    if flowed is None:
        return None
    return _("%(amendment)s to the operator contract") % {"amendment": flowed}


def _depth(rule: AllocationRule | None) -> int:
    depth = 0
    while rule is not None:
        depth += 1
        rule = rule.parent
    return depth


@transaction.atomic
def rule_add(
    *,
    agreement: Agreement,
    label: str,
    kind: str,
    parent: AllocationRule | None = None,
    party: AgreementParty | None = None,
    percent: Decimal | None = None,
    cap_cents: int | None = None,
    fixed_cents: int | None = None,
    position: int | None = None,
) -> AllocationRule:
    """Add a line (``party`` given) or a group (no party; members are added under it)."""
    agreement = locked_agreement(agreement)
    if parent is not None and _depth(parent) >= MAX_RULE_DEPTH:
        raise ValidationError(
            {"parent": _("Groups nest %(n)s levels deep at most.") % {"n": MAX_RULE_DEPTH}}
        )
    siblings = agreement.rules.filter(parent=parent)
    if kind in (RuleKind.PERCENT, RuleKind.CAPPED_PERCENT) and percent is not None:
        taken = sum(
            (r.percent or Decimal(0))
            for r in siblings
            if r.kind in (RuleKind.PERCENT, RuleKind.CAPPED_PERCENT)
        )
        if taken + percent > 100:
            raise ValidationError(
                {
                    "percent": _(
                        "The percentages in this group would add up to more than 100 %%: "
                        "%(total)s %%."
                    )
                    % {"total": format_percent(taken + percent)}
                }
            )
    if position is None:
        top = siblings.aggregate(m=Max("position"))["m"]
        position = (top or 0) + 1
    rule = AllocationRule(
        agreement=agreement,
        parent=parent,
        label=label.strip() or (party.organisation.display_name if party else ""),
        kind=kind,
        party=party,
        percent=percent,
        cap_cents=cap_cents,
        fixed_cents=fixed_cents,
        position=position,
    )
    rule.full_clean()
    rule.save()
    return rule


@transaction.atomic
def rule_remove(*, rule: AllocationRule) -> None:
    locked_agreement(rule.agreement)
    descendants = [rule]
    frontier = [rule]
    while frontier:
        children = list(AllocationRule.objects.filter(parent__in=frontier))
        descendants += children
        frontier = children
    if AgreementConstraint.objects.filter(rule__in=descendants).exists():
        raise ValidationError(_("Checks apply to this rule or its members: remove them first."))
    paid = (
        AgreementParty.objects.filter(rules__in=descendants, payments__isnull=False)
        .select_related("organisation")
        .first()
    )
    if paid is not None:
        # Removing the line would rewrite every year already requested or paid.
        raise ValidationError(PAYMENTS_RECORDED % {"party": paid.organisation.display_name})
    rule.delete()


@transaction.atomic
def constraint_add(
    *,
    agreement: Agreement,
    rule: AllocationRule,
    kind: str,
    clause: str,
    cap_cents: int | None = None,
    expected_percent: Decimal | None = None,
    tolerance_points: Decimal = Decimal("0.5"),
) -> AgreementConstraint:
    agreement = locked_agreement(agreement)
    constraint = AgreementConstraint(
        agreement=agreement,
        rule=rule,
        kind=kind,
        clause=clause.strip(),
        cap_cents=cap_cents,
        expected_percent=expected_percent,
        tolerance_points=tolerance_points,
    )
    constraint.full_clean()
    constraint.save()
    return constraint


@transaction.atomic
def constraint_remove(*, constraint: AgreementConstraint) -> None:
    locked_agreement(constraint.agreement)
    constraint.delete()
