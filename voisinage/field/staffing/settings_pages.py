"""The settings area's page of staffing rules and reduced periods (shown when the scheme uses
night staffing): list, add, edit, remove — writes through ``schemes.staffing_rules``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voisinage.accounts.access import get_or_404
from voisinage.lib.forms import apply_errors
from voisinage.schemes import staffing_rules
from voisinage.schemes.models import WEEKDAY_LABELS, StaffingRule
from voisinage.schemes.settings.pages import render_section

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from voisinage.schemes.models import Scheme


class StaffingRuleForm(forms.ModelForm[StaffingRule]):
    weekdays = forms.MultipleChoiceField(
        label=gettext_lazy("Weekdays"),
        choices=[(str(i), label) for i, label in enumerate(WEEKDAY_LABELS)],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = StaffingRule
        fields = staffing_rules.RULE_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["weekdays"] = list(self.instance.weekdays)

    def _post_clean(self) -> None:
        """The service checks the rule (and says why in French); the form only reads it."""


def staffing(request: HttpRequest, scheme: Scheme) -> HttpResponse:
    author: Any = request.user
    rules = StaffingRule.objects.filter(scheme=scheme).order_by("position", "-priority", "pk")
    action = request.POST.get("action", "")
    editing = get_or_404(rules, pk=request.GET["regle"]) if request.GET.get("regle") else None
    if request.method == "POST" and action in ("save", "remove"):
        editing = get_or_404(rules, pk=request.POST["rule"]) if request.POST.get("rule") else None
    form = StaffingRuleForm(request.POST if action == "save" else None, instance=editing)
    errors: list[str] = []
    if request.method == "POST":
        try:
            if action == "save":
                if not form.is_valid():
                    raise ValidationError(_("Check the form below."))
                data = {**form.cleaned_data, "weekdays": "".join(form.cleaned_data["weekdays"])}
                if editing is None:
                    staffing_rules.staffing_rule_add(scheme=scheme, author=author, **data)
                else:
                    staffing_rules.staffing_rule_update(rule=editing, author=author, **data)
            elif action == "remove" and editing is not None:
                staffing_rules.staffing_rule_remove(rule=editing, author=author)
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and action == "save":
                apply_errors(form, exc)
            elif not form.errors:
                errors = [str(m) for m in exc.messages]
        else:
            messages.success(request, _("Saved."))
            return redirect(
                "schemes:settings_section", slug=scheme.slug, key=staffing_rules.STAFFING
            )
    context = {
        "rules": [(rule, staffing_rules.staffing_rule_text(rule)) for rule in rules],
        "form": form,
        "editing": editing,
        "errors": errors,
    }
    status = 400 if errors or form.errors else 200
    return render_section(
        request, scheme, staffing_rules.STAFFING, "settings/staffing.html", context, status=status
    )
