"""The schemes app's own sections of the settings area: the sheet, the service hours and the
activity referential."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voisinage.accounts.access import get_or_404
from voisinage.lib.forms import EurosField, apply_errors
from voisinage.schemes import services
from voisinage.schemes.models import (
    WEEKDAY_LABELS,
    Activity,
    OperatorContract,
    Scheme,
    ServiceHoursRule,
)
from voisinage.schemes.presets import PRESETS
from voisinage.schemes.settings.pages import CodedList, SideForm, coded_list_page, render_section

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


class SheetForm(forms.ModelForm[Scheme]):
    class Meta:
        model = Scheme
        fields = services.SHEET_FIELDS
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }


def sheet(request: HttpRequest, scheme: Scheme) -> HttpResponse:
    author: Any = request.user
    form = SheetForm(request.POST or None, instance=Scheme.objects.get(pk=scheme.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.scheme_sheet_update(
                scheme=scheme,
                author=author,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("schemes:settings_section", slug=scheme.slug, key=services.SHEET)
    status = 400 if form.errors else 200
    return render_section(
        request, scheme, services.SHEET, "settings/form.html", {"form": form}, status=status
    )


class HoursForm(forms.ModelForm[ServiceHoursRule]):
    weekdays = forms.MultipleChoiceField(
        label=gettext_lazy("Weekdays"),
        choices=[(str(i), label) for i, label in enumerate(WEEKDAY_LABELS)],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ServiceHoursRule
        fields = ("start_day", "start_month", "end_day", "end_month", "starts_at", "ends_at")
        widgets = {
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


def hours(request: HttpRequest, scheme: Scheme) -> HttpResponse:
    author: Any = request.user
    rules = ServiceHoursRule.objects.filter(scheme=scheme)
    adding = request.POST.get("action") == "add"
    form = HoursForm(request.POST if adding else None)
    errors: list[str] = []
    if request.method == "POST":
        try:
            if adding:
                if form.is_valid():
                    data = form.cleaned_data
                    services.service_hours_rule_add(
                        scheme=scheme,
                        author=author,
                        start_month=data["start_month"],
                        start_day=data["start_day"],
                        end_month=data["end_month"],
                        end_day=data["end_day"],
                        weekdays="".join(sorted(data["weekdays"])),
                        starts_at=data["starts_at"],
                        ends_at=data["ends_at"],
                    )
            elif request.POST.get("action") == "remove":
                rule = get_or_404(rules, pk=request.POST.get("rule", ""))
                services.service_hours_rule_remove(rule=rule, author=author)
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as exc:
            errors = [str(m) for m in exc.messages]
        else:
            if not form.errors:
                messages.success(request, _("Saved."))
                return redirect("schemes:settings_section", slug=scheme.slug, key=services.HOURS)
    context = {"rules": list(rules), "form": form, "errors": errors}
    status = 400 if errors or form.errors else 200
    return render_section(
        request, scheme, services.HOURS, "settings/hours.html", context, status=status
    )


class ActivityPresetForm(forms.Form):
    preset = forms.ChoiceField(
        label=gettext_lazy("Preset"),
        choices=[
            ("xp-x60-600", gettext_lazy("The 8 activities of standard XP X60-600")),
            ("mons", gettext_lazy("The 9 activities of the Mons-en-Barœul list")),
        ],
    )


def activities(request: HttpRequest, scheme: Scheme) -> HttpResponse:
    author: Any = request.user
    posted = request.POST.get("action") == "preset"
    preset_form = ActivityPresetForm(request.POST if posted else None)
    if posted and preset_form.is_valid() and preset_form.cleaned_data["preset"] in PRESETS:
        services.activity_preset_apply(
            scheme=scheme, author=author, preset=preset_form.cleaned_data["preset"]
        )
        messages.success(request, _("Saved."))
        return redirect("schemes:settings_section", slug=scheme.slug, key=services.ACTIVITIES)
    spec = CodedList(
        key=services.ACTIVITIES,
        intro=gettext_lazy(
            "The activities the team records. Start from a preset, then add, rename, reorder "
            "or retire: a retired activity stays in what was recorded."
        ),
        entries=Activity.objects.filter(scheme=scheme),
        add=lambda data: services.activity_add(
            scheme=scheme, author=author, code=data["code"], label=data["label"]
        ),
        rename=lambda e, label: services.activity_rename(activity=e, author=author, label=label),
        move=lambda e, by: services.activity_move(activity=e, author=author, by=by),
        retire=lambda e, r: services.activity_retire_by(activity=e, author=author, retire=r),
        side_forms=[
            SideForm(
                "preset",
                gettext_lazy("Start from a preset"),
                gettext_lazy("Add the missing activities"),
                preset_form,
            )
        ],
    )
    return coded_list_page(request, scheme, spec)


class ContractForm(forms.Form):
    reference = forms.CharField(label=gettext_lazy("Reference"), max_length=100, required=False)
    starts_on = forms.DateField(
        label=gettext_lazy("Start"), widget=forms.DateInput(attrs={"type": "date"})
    )
    initial_term_months = forms.IntegerField(
        label=gettext_lazy("Initial term (months)"), min_value=1, max_value=120, initial=12
    )
    renewals = forms.IntegerField(
        label=gettext_lazy("Possible renewals"), min_value=0, max_value=10, initial=0
    )
    annual_amount_cents = EurosField(label=gettext_lazy("Annual amount incl. tax (€)"))
    weekly_hours = forms.DecimalField(
        label=gettext_lazy("Weekly hours (average)"),
        min_value=0,
        max_value=168,
        decimal_places=1,
        required=False,
        localize=True,
    )
    supervision_days_per_week = forms.DecimalField(
        label=gettext_lazy("Supervision (days a week)"),
        min_value=0,
        max_value=7,
        decimal_places=2,
        required=False,
        localize=True,
        help_text=gettext_lazy("E.g. 0,5 for half a day a week."),
    )


def contract(request: HttpRequest, scheme: Scheme) -> HttpResponse:
    author: Any = request.user
    form = ContractForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.operator_contract_add(
                scheme=scheme, author=author, operator_id=scheme.operator_id, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("schemes:settings_section", slug=scheme.slug, key=services.CONTRACT)
    contracts = list(OperatorContract.objects.filter(scheme=scheme).select_related("operator"))
    status = 400 if form.errors else 200
    return render_section(
        request,
        scheme,
        services.CONTRACT,
        "settings/contract.html",
        {"form": form, "contracts": contracts},
        status=status,
    )
