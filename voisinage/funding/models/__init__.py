"""Funding: co-funding agreements, their allocation rules and checks, payments, orders.

Visibility (docs/funding.md): an agreement is seen by the organisations party to it (any of
their members' grants in the agreement's scheme), by the scheme's administrators (role side
"admin" with ``can_manage``) and by platform administrators. The operator's staff do not see
an agreement unless the operator is a party. Writes need ``can_manage`` on a visible agreement,
or ``can_act_as_partner`` for the agreement's coordinator party.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import Grant, RoleSide, grants_q, is_platform_admin

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser

MAX_AGREEMENT_YEARS = 30


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> AgreementQuerySet:
        """Agreements the user's organisation is party to, or that the user administers."""

        def rule(grant: Grant) -> models.Q:
            q = models.Q(scheme_id=grant.scheme_id)
            if grant.side == RoleSide.ADMIN and grant.can_manage:
                return q
            parties = AgreementParty.objects.filter(organisation_id=grant.organisation_id)
            return q & models.Q(pk__in=parties.values("agreement_id"))

        return self.filter(grants_q(user, rule, require=require))

    def manageable_by(self, user: AnyUser) -> AgreementQuerySet:
        """Agreements the user may change: ``can_manage`` on a visible agreement, or acting
        for the agreement's coordinator party."""
        if is_platform_admin(user):
            return self.all()

        def coordinator_rule(grant: Grant) -> models.Q:
            coordinated = AgreementParty.objects.filter(
                organisation_id=grant.organisation_id, is_coordinator=True
            )
            return models.Q(scheme_id=grant.scheme_id, pk__in=coordinated.values("agreement_id"))

        managed = self.visible_to(user, require="can_manage")
        coordinated = self.filter(grants_q(user, coordinator_rule, require="can_act_as_partner"))
        return self.filter(models.Q(pk__in=managed.values("pk")) | models.Q(pk__in=coordinated))


class RoundingChoice(models.TextChoices):
    CENT = "cent", _("To the cent (largest remainders)")
    EURO = "euro", _("To the euro (residual carried by one line)")


class VatBasis(models.TextChoices):
    INCL_TAX = "incl_tax", _("Incl. tax")
    NET = "net", _("Net of VAT")


class Agreement(models.Model):
    """A co-funding agreement (convention de financement) of a scheme."""

    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="funding_agreements",
    )
    title = models.CharField(_("title"), max_length=200)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    contract = models.ForeignKey(
        "schemes.OperatorContract",
        verbose_name=_("operator contract"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_agreements",
        help_text=_("The contract whose cost the agreement shares."),
    )
    rounding = models.CharField(
        _("rounding"),
        max_length=10,
        choices=RoundingChoice.choices,
        default=RoundingChoice.CENT,
        help_text=_(
            "To the cent: the parts add up exactly to the total. To the euro: as council "
            "figures are written; the residual is carried by one line and shown."
        ),
    )
    vat_basis = models.CharField(
        _("amounts"),
        max_length=10,
        choices=VatBasis.choices,
        default=VatBasis.INCL_TAX,
        help_text=_("As the agreement writes its amounts: incl. tax, or net of VAT."),
    )
    notice_months = models.PositiveSmallIntegerField(
        _("notice before each anniversary (months)"),
        default=3,
        validators=[MaxValueValidator(24)],
        help_text=_("A partner reducing its share must say so this long before the renewal."),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder before the notice deadline (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("funding agreement")
        verbose_name_plural = _("funding agreements")
        ordering = ["scheme", "-starts_on", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.starts_on and self.ends_on:
            if self.ends_on < self.starts_on:
                errors["ends_on"] = ValidationError(_("The end cannot be before the start."))
            elif self.ends_on.year - self.starts_on.year >= MAX_AGREEMENT_YEARS:
                errors["ends_on"] = ValidationError(
                    _("An agreement lasts %(n)s years at most.") % {"n": MAX_AGREEMENT_YEARS}
                )
        contract = self.contract if self.contract_id else None
        if contract is not None and self.scheme_id and contract.scheme_id != self.scheme_id:
            errors["contract"] = ValidationError(_("This contract belongs to another scheme."))
        if errors:
            raise ValidationError(errors)


class AgreementParty(models.Model):
    """An organisation signing the agreement, with its role in it."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="parties"
    )
    organisation = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="funding_parties",
    )
    role_label = models.CharField(
        _("role"), max_length=160, help_text=_("As the agreement says, e.g. “Financeur”.")
    )
    is_coordinator = models.BooleanField(
        _("coordinator"),
        default=False,
        help_text=_("Receives and pays for its group; its referents may update the agreement."),
    )
    joins_on = models.DateField(
        _("takes part from"),
        null=True,
        blank=True,
        help_text=_("Empty: from the agreement's start."),
    )
    leaves_on = models.DateField(
        _("no longer takes part from"),
        null=True,
        blank=True,
        help_text=_("Empty: until the agreement's end. Its shares before this date stay."),
    )
    payee = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("paid to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who receives this party's subsidy, as the agreement says (empty: not said)."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["agreement", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="funding_party_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.role_label})"

    def clean(self) -> None:
        if self.joins_on and self.leaves_on and self.leaves_on <= self.joins_on:
            raise ValidationError(
                {
                    "leaves_on": _("A party cannot leave before it joined (%(date)s).")
                    % {"date": self.joins_on.strftime("%d/%m/%Y")}
                }
            )


class AgreementCost(models.Model):
    """The annual target cost (tax included) from a date on: a change opens a new period."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="costs"
    )
    starts_on = models.DateField(_("from"))
    annual_cost_cents = models.BigIntegerField(
        _("annual target cost incl. tax (cents)"), validators=[MinValueValidator(0)]
    )
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("E.g. revision of the contract price.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cost period")
        verbose_name_plural = _("cost periods")
        ordering = ["agreement", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "starts_on"], name="funding_cost_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} — {self.starts_on:%d/%m/%Y}"


class RuleKind(models.TextChoices):
    PERCENT = "percent", _("Percentage")
    CAPPED_PERCENT = "capped_percent", _("Percentage with a cap")
    FIXED = "fixed", _("Fixed amount")
    EQUAL_SHARE = "equal_share", _("Equal share of the group")
    REMAINDER = "remainder", _("The remainder")


class AllocationRule(models.Model):
    """A node of the allocation tree: a line paid by a party, or a group split again."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="rules"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("label"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=RuleKind.choices)
    party = models.ForeignKey(
        AgreementParty,
        verbose_name=_("paid by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rules",
        help_text=_("Leave empty for a group whose members are added below it."),
    )
    percent = models.DecimalField(
        _("percentage"),
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    cap_cents = models.BigIntegerField(
        _("annual cap (cents)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    fixed_cents = models.BigIntegerField(
        _("annual fixed amount (cents)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("allocation rule")
        verbose_name_plural = _("allocation rules")
        ordering = ["agreement", "position", "pk"]
        constraints = [
            # A party pays one line: the schedule has one line per party.
            models.UniqueConstraint(
                fields=["party"],
                condition=models.Q(party__isnull=False),
                name="funding_rule_one_line_per_party",
            )
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        kind = self.kind
        if kind in (RuleKind.PERCENT, RuleKind.CAPPED_PERCENT) and self.percent is None:
            errors["percent"] = ValidationError(_("Give the percentage."))
        if kind == RuleKind.CAPPED_PERCENT and self.cap_cents is None:
            errors["cap_cents"] = ValidationError(_("Give the annual cap."))
        if kind == RuleKind.FIXED and self.fixed_cents is None:
            errors["fixed_cents"] = ValidationError(_("Give the annual amount."))
        if kind not in (RuleKind.PERCENT, RuleKind.CAPPED_PERCENT) and self.percent is not None:
            errors["percent"] = ValidationError(_("Only a percentage rule takes a percentage."))
        if kind != RuleKind.CAPPED_PERCENT and self.cap_cents is not None:
            errors["cap_cents"] = ValidationError(_("Only a capped percentage takes a cap."))
        if kind != RuleKind.FIXED and self.fixed_cents is not None:
            errors["fixed_cents"] = ValidationError(_("Only a fixed rule takes an amount."))
        party = self.party if self.party_id else None
        if party is not None and self.agreement_id and party.agreement_id != self.agreement_id:
            errors["party"] = ValidationError(_("This party is not party to the agreement."))
        if self.parent_id:
            parent = self.parent
            if parent is not None and parent.agreement_id != self.agreement_id:
                errors["parent"] = ValidationError(_("This group belongs to another agreement."))
            elif parent is not None and parent.party_id:
                errors["parent"] = ValidationError(
                    _("A line paid by a party cannot contain other rules.")
                )
        if errors:
            raise ValidationError(errors)


class ConstraintKind(models.TextChoices):
    CAP = "cap", _("Annual cap")
    BALANCE = "balance", _("Required share")


class AgreementConstraint(models.Model):
    """A check on a line or group: an annual cap, or a share of the cost ± a tolerance, with
    the clause that applies when it breaks."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="constraints",
    )
    rule = models.ForeignKey(
        AllocationRule,
        verbose_name=_("line or group"),
        on_delete=models.PROTECT,
        related_name="constraints",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ConstraintKind.choices)
    cap_cents = models.BigIntegerField(
        _("annual cap (cents)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    expected_percent = models.DecimalField(
        _("required share (%)"),
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    tolerance_points = models.DecimalField(
        _("tolerance (points)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.5"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    clause = models.CharField(
        _("clause"),
        max_length=300,
        help_text=_("The clause that applies, e.g. “Convention §5.3 — résiliation …”."),
    )

    class Meta:
        verbose_name = _("check")
        verbose_name_plural = _("checks")
        ordering = ["agreement", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.rule}"

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.kind == ConstraintKind.CAP and self.cap_cents is None:
            errors["cap_cents"] = ValidationError(_("Give the annual cap."))
        if self.kind == ConstraintKind.BALANCE and self.expected_percent is None:
            errors["expected_percent"] = ValidationError(_("Give the required share."))
        rule = self.rule if self.rule_id else None
        if rule is not None and self.agreement_id and rule.agreement_id != self.agreement_id:
            errors["rule"] = ValidationError(_("This rule belongs to another agreement."))
        if errors:
            raise ValidationError(errors)


class PaymentKind(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    PAID = "paid", _("Paid")


class Payment(models.Model):
    """A request for funds or a payment received, for one party's line of one year.
    Appended, never edited: the line's status follows from the sums."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="payments"
    )
    party = models.ForeignKey(
        AgreementParty,
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=PaymentKind.choices)
    on = models.DateField(_("date"))
    amount_cents = models.BigIntegerField(_("amount (cents)"), validators=[MinValueValidator(1)])
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["agreement", "year", "on", "pk"]
        indexes = [
            models.Index(fields=["agreement", "year", "party"], name="funding_payment_line"),
        ]

    def __str__(self) -> str:
        return f"{self.party} {self.year} {self.get_kind_display()}"


class PurchaseOrderQuerySet(models.QuerySet["PurchaseOrder"]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> PurchaseOrderQuerySet:
        """Orders on a contract that an agreement visible to the user funds."""
        agreements = Agreement.objects.visible_to(user, require=require)
        return self.filter(contract_id__in=agreements.values("contract_id"))


class PurchaseOrder(models.Model):
    """A purchase order (bon de commande) against an operator contract."""

    contract = models.ForeignKey(
        "schemes.OperatorContract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="purchase_orders",
    )
    reference = models.CharField(_("reference"), max_length=60)
    ordered_on = models.DateField(_("date"))
    amount_cents = models.BigIntegerField(
        _("amount incl. tax (cents)"), validators=[MinValueValidator(1)]
    )
    description = models.TextField(_("description"))
    period_start = models.DateField(_("service from"), null=True, blank=True)
    period_end = models.DateField(_("service to"), null=True, blank=True)
    sites = models.TextField(_("sites"), blank=True, help_text=_("One site a line."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PurchaseOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")
        ordering = ["contract", "ordered_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "reference"], name="funding_order_unique_reference"
            )
        ]

    def __str__(self) -> str:
        return self.reference


class NoticeReminder(models.Model):
    """One reminder of a notice deadline, recorded so that it is sent once."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="notice_reminders",
    )
    deadline = models.DateField(_("notice deadline"))
    anniversary = models.DateField(_("anniversary"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("notice reminder")
        verbose_name_plural = _("notice reminders")
        ordering = ["-deadline"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "deadline"], name="funding_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} — {self.deadline:%d/%m/%Y}"


from voisinage.funding.models.contract import (  # noqa: E402
    AgreementAmendment,
    ContractAmendment,
)

__all__ = ["AgreementAmendment", "ContractAmendment"]
