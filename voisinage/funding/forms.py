"""Forms of the funding pages. Amounts are typed in euros ("368 400", "1 234,50") and become
integer cents; percentages take a decimal comma."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from voisinage.funding.models import (
    Agreement,
    AgreementParty,
    AllocationRule,
    ConstraintKind,
    PaymentKind,
    RoundingChoice,
    RuleKind,
    VatBasis,
)
from voisinage.lib.forms import EurosField
from voisinage.schemes.models import OperatorContract, Scheme
from voisinage.territory.models import Organisation
from voisinage.territory.selectors import member_organisations


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class PercentField(forms.CharField):
    """A percentage from 0 to 100, with a decimal comma or point, four decimals at most."""

    default_error_messages = {
        "invalid": _("Enter a percentage from 0 to 100, e.g. 49 or 28,19."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 12})
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = re.sub(r"[\s%\u00a0\u202f]", "", super().to_python(value) or "").replace(",", ".")
        if not text:
            return None
        if len(text) > 12:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc
        if not number.is_finite() or not 0 <= number <= 100:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if number != number.quantize(Decimal("0.0001")):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class AgreementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)
    starts_on = forms.DateField(label=_("Start"), widget=DateInput())
    ends_on = forms.DateField(label=_("End"), widget=DateInput())
    annual_cost_cents = EurosField(
        label=_("Annual target cost incl. tax (€)"),
        help_text=_("Later changes of the cost are added as new cost periods."),
    )
    contract = forms.ModelChoiceField(
        label=_("Operator contract"), queryset=OperatorContract.objects.none(), required=False
    )
    rounding = forms.ChoiceField(
        label=_("Rounding"),
        choices=RoundingChoice.choices,
        initial=RoundingChoice.CENT,
        required=False,
        help_text=_(
            "To the euro only where the agreement writes its figures so (council decisions)."
        ),
    )
    vat_basis = forms.ChoiceField(
        label=_("Amounts"),
        choices=VatBasis.choices,
        initial=VatBasis.INCL_TAX,
        required=False,
        help_text=_("As the agreement writes them: incl. tax, or net of VAT."),
    )
    notice_months = forms.IntegerField(
        label=_("Notice before each anniversary (months)"), min_value=0, max_value=24, initial=3
    )
    reminder_days = forms.IntegerField(
        label=_("Reminder before the notice deadline (days)"),
        min_value=1,
        max_value=365,
        initial=30,
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean_rounding(self) -> str | None:
        # Not given: to the cent for a new agreement, unchanged for an edited one.
        return self.cleaned_data.get("rounding") or None

    def clean_vat_basis(self) -> str | None:
        return self.cleaned_data.get("vat_basis") or None

    def __init__(self, *args: Any, scheme: Scheme, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = OperatorContract.objects.filter(scheme=scheme)  # type: ignore[attr-defined]
        if editing:
            del self.fields["annual_cost_cents"]


class PartyForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    role_label = forms.CharField(
        label=_("Role in the agreement"), max_length=160, help_text=_("E.g. “Financeur”.")
    )
    is_coordinator = forms.BooleanField(label=_("Coordinator"), required=False)
    joins_on = forms.DateField(
        label=_("Takes part from"),
        widget=DateInput(),
        required=False,
        help_text=_("Empty: from the agreement's start."),
    )
    payee = forms.ModelChoiceField(
        label=_("Its subsidy is paid to"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("As the agreement says, e.g. the operator or the commissioner."),
    )

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The scheme's members today (an ended membership is no longer offered).
        members = member_organisations(agreement.scheme)
        self.fields["organisation"].queryset = members.exclude(  # type: ignore[attr-defined]
            funding_parties__agreement=agreement
        )
        self.fields["payee"].queryset = members  # type: ignore[attr-defined]


class PartyEndForm(forms.Form):
    """A party stops taking part from a date (its shares and payments before it stay)."""

    party = forms.ModelChoiceField(label=_("Party"), queryset=AgreementParty.objects.none())
    leaves_on = forms.DateField(
        label=_("No longer takes part from"),
        widget=DateInput(),
        required=False,
        help_text=_("Empty: it takes part again until the agreement's end."),
    )

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = agreement.parties.select_related("organisation")  # type: ignore[attr-defined]


class RuleForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=120, required=False)
    kind = forms.ChoiceField(label=_("Rule"), choices=RuleKind.choices)
    parent = forms.ModelChoiceField(
        label=_("In the group"),
        queryset=AllocationRule.objects.none(),
        required=False,
        empty_label=_("— top level —"),
    )
    party = forms.ModelChoiceField(
        label=_("Paid by"),
        queryset=AgreementParty.objects.none(),
        required=False,
        empty_label=_("— nobody: a group —"),
    )
    percent = PercentField(label=_("Percentage"), required=False)
    cap_cents = EurosField(label=_("Annual cap (€)"), required=False)
    fixed_cents = EurosField(label=_("Annual fixed amount (€)"), required=False)

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = agreement.rules.filter(party__isnull=True)  # type: ignore[attr-defined]
        self.fields["party"].queryset = agreement.parties.filter(  # type: ignore[attr-defined]
            rules__isnull=True
        ).select_related("organisation")


class CostForm(forms.Form):
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    annual_cost_cents = EurosField(label=_("New annual cost incl. tax (€)"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ConstraintForm(forms.Form):
    rule = forms.ModelChoiceField(label=_("Line or group"), queryset=AllocationRule.objects.none())
    kind = forms.ChoiceField(label=_("Check"), choices=ConstraintKind.choices)
    cap_cents = EurosField(label=_("Annual cap (€)"), required=False)
    expected_percent = PercentField(label=_("Required share (%)"), required=False)
    tolerance_points = PercentField(label=_("Tolerance (points)"), required=False, initial="0,5")
    clause = forms.CharField(
        label=_("Clause"),
        max_length=300,
        help_text=_(
            "E.g. “Convention §5.3 — résiliation en cas de modification des participations "
            "financières”."
        ),
    )

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = agreement.rules.all()  # type: ignore[attr-defined]


class PaymentForm(forms.Form):
    line = forms.ChoiceField(label=_("Line"))
    kind = forms.ChoiceField(label=_("What"), choices=PaymentKind.choices)
    on = forms.DateField(label=_("Date"), widget=DateInput())
    amount_cents = EurosField(label=_("Amount (€)"))
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)

    def __init__(self, *args: Any, lines: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = lines  # type: ignore[attr-defined]

    def clean_line(self) -> tuple[int, int]:
        year, _sep, party = self.cleaned_data["line"].partition(":")
        return int(year), int(party)


class OrderForm(forms.Form):
    reference = forms.CharField(label=_("Order reference"), max_length=60)
    ordered_on = forms.DateField(label=_("Date"), widget=DateInput())
    amount_cents = EurosField(label=_("Amount incl. tax (€)"))
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    period_start = forms.DateField(label=_("Service from"), widget=DateInput(), required=False)
    period_end = forms.DateField(label=_("Service to"), widget=DateInput(), required=False)
    sites = forms.CharField(
        label=_("Sites (one a line)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class AmendmentForm(forms.Form):
    """An amendment (avenant) to the contract: what it changes, from a date."""

    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    effective_on = forms.DateField(label=_("Effective from"), widget=DateInput())
    note = forms.CharField(label=_("Object"), max_length=300, required=False)
    ends_on = forms.DateField(
        label=_("New end of the contract"), widget=DateInput(), required=False
    )
    annual_amount_cents = EurosField(label=_("New annual amount incl. tax (€)"), required=False)
    revision_percent = PercentField(label=_("Price revision (%)"), required=False)
    index_base = forms.DecimalField(
        label=_("Reference index"),
        max_digits=12,
        decimal_places=4,
        min_value=Decimal("0.0001"),
        required=False,
        localize=True,
    )
    index_new = forms.DecimalField(
        label=_("New index"),
        max_digits=12,
        decimal_places=4,
        min_value=Decimal("0.0001"),
        required=False,
        localize=True,
    )
    sites = forms.CharField(
        label=_("Sites from then (one a line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class AgreementAmendmentForm(forms.Form):
    """An amendment to the agreement: a new annual cost and/or the caps revised, from a date."""

    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    effective_on = forms.DateField(label=_("Effective from"), widget=DateInput())
    note = forms.CharField(label=_("Object"), max_length=300, required=False)
    annual_cost_cents = EurosField(label=_("New annual cost incl. tax (€)"), required=False)
    cap_percent = PercentField(label=_("Revision of the caps (%)"), required=False)
    cap_index_base = forms.DecimalField(
        label=_("Reference index of the caps"),
        max_digits=12,
        decimal_places=4,
        min_value=Decimal("0.0001"),
        required=False,
        localize=True,
    )
    cap_index_new = forms.DecimalField(
        label=_("New index of the caps"),
        max_digits=12,
        decimal_places=4,
        min_value=Decimal("0.0001"),
        required=False,
        localize=True,
    )


class WhatIfForm(forms.Form):
    annual_cost = EurosField(label=_("New annual cost incl. tax (€)"))
