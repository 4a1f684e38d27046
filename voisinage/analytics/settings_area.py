"""The evaluation section of the settings area: the scheme's avoided-cost types and the
reference figures quoted from outside (docs/analytics.md, "Evaluation registers")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voisinage.accounts.access import get_or_404
from voisinage.analytics import services
from voisinage.analytics.evaluation import AVOIDED_EVENTS, avoided_cost_units, reference_lines
from voisinage.analytics.models import AvoidedCostUnit, CountedAs, ReferenceFigure
from voisinage.core.indicators import Register
from voisinage.core.settings_area import SettingsSection
from voisinage.lib.forms import EurosField, apply_errors
from voisinage.schemes.settings.pages import render_section

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from voisinage.schemes.models import Scheme


class AvoidedCostTypeForm(forms.Form):
    code = forms.SlugField(label=gettext_lazy("Code"), max_length=40)
    label = forms.CharField(label=gettext_lazy("Label"), max_length=200)
    counted_as = forms.ChoiceField(label=gettext_lazy("Counted as"), choices=CountedAs.choices)
    counted_code = forms.SlugField(
        label=gettext_lazy("Activity or field counted (code)"), max_length=40, required=False
    )
    unit = forms.CharField(label=gettext_lazy("Unit"), max_length=80, required=False)
    unit_cost = EurosField(label=gettext_lazy("Unit cost"))
    reference_figure = forms.CharField(
        label=gettext_lazy("Reference figure"), max_length=200, required=False
    )
    source = forms.CharField(
        label=gettext_lazy("Source of the figure"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class ReferenceFigureForm(forms.Form):
    register = forms.ChoiceField(label=gettext_lazy("Register"), choices=Register.choices)
    label = forms.CharField(label=gettext_lazy("What it measures"), max_length=200)
    figure = forms.CharField(label=gettext_lazy("Figure"), max_length=80)
    source = forms.CharField(
        label=gettext_lazy("Source"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


def evaluation(request: HttpRequest, scheme: Scheme) -> HttpResponse:
    author: Any = request.user
    action = request.POST.get("action")
    type_form = AvoidedCostTypeForm(request.POST if action == "type" else None)
    figure_form = ReferenceFigureForm(request.POST if action == "figure" else None)
    errors: list[str] = []
    if request.method == "POST":
        try:
            if action == "type":
                if type_form.is_valid():
                    data = type_form.cleaned_data
                    try:
                        services.avoided_cost_type_save(
                            scheme=scheme,
                            author=author,
                            code=data["code"],
                            label=data["label"],
                            counted_as=data["counted_as"],
                            counted_code=data["counted_code"],
                            unit=data["unit"],
                            unit_cost_cents=data["unit_cost"],
                            reference_figure=data["reference_figure"],
                            source=data["source"],
                        )
                    except ValidationError as exc:
                        apply_errors(type_form, exc)
            elif action == "figure":
                if figure_form.is_valid():
                    try:
                        services.reference_figure_add(
                            scheme=scheme, author=author, **figure_form.cleaned_data
                        )
                    except ValidationError as exc:
                        apply_errors(figure_form, exc)
            elif action == "remove_type":
                unit = get_or_404(
                    AvoidedCostUnit.objects.filter(scheme=scheme), pk=request.POST.get("id", "")
                )
                services.avoided_cost_type_remove(unit=unit, author=author)
            elif action == "remove_figure":
                figure = get_or_404(
                    ReferenceFigure.objects.filter(scheme=scheme), pk=request.POST.get("id", "")
                )
                services.reference_figure_remove(figure=figure, author=author)
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as exc:
            errors = [str(m) for m in exc.messages]
        if not errors and not type_form.errors and not figure_form.errors:
            messages.success(request, _("Saved."))
            return redirect("schemes:settings_section", slug=scheme.slug, key=services.EVALUATION)
    context = {
        "types": avoided_cost_units(scheme),
        "defaults": set(AVOIDED_EVENTS),
        "references": ReferenceFigure.objects.filter(scheme=scheme),
        "reference_lines": reference_lines(scheme),
        "type_form": type_form,
        "figure_form": figure_form,
        "errors": errors,
    }
    status = 400 if errors or type_form.errors or figure_form.errors else 200
    return render_section(
        request,
        scheme,
        services.EVALUATION,
        "analytics/settings_evaluation.html",
        context,
        status=status,
    )


def settings_sections(scheme: Scheme) -> list[SettingsSection]:
    return [
        SettingsSection(
            60,
            services.EVALUATION,
            gettext_lazy("Evaluation"),
            evaluation,
            gettext_lazy(
                "Avoided-cost types (what is counted, unit, unit cost, reference figure and "
                "source) and the reference figures quoted from outside."
            ),
        )
    ]
