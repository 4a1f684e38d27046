"""The « Opérateurs et sites » section of the settings area: which operator holds which site of
the scheme, from a date to a date (ADR 0048). Only a manager of the whole scheme sets them: an
operator's manager, bounded to its own sites, gets 404 like anyone else."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voisinage.accounts.access import get_or_404, holds_whole_scheme
from voisinage.accounts.models import OperatorSite
from voisinage.lib import clock
from voisinage.lib.forms import apply_errors
from voisinage.schemes import services
from voisinage.schemes.models import Capability
from voisinage.schemes.selectors import operators_and_sites
from voisinage.schemes.settings.pages import error_text, render_section

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from voisinage.schemes.models import Scheme

_DATE = forms.DateInput(attrs={"type": "date"})


class SiteForm(forms.Form):
    operator_id = forms.TypedChoiceField(label=gettext_lazy("Operator"), coerce=int)
    neighbourhood_id = forms.TypedChoiceField(label=gettext_lazy("Site"), coerce=int)
    starts_on = forms.DateField(label=gettext_lazy("First day"), widget=_DATE)
    ends_on = forms.DateField(
        label=gettext_lazy("Last day"),
        widget=_DATE,
        required=False,
        help_text=gettext_lazy("Empty: until further notice."),
    )
    weekly_patrol_target = forms.IntegerField(
        label=gettext_lazy("Weekly patrol target"),
        required=False,
        min_value=0,
        max_value=100_000,
        help_text=gettext_lazy(
            "Entrances patrolled each week on this site; the operator's target is the sum of "
            "its sites'. Empty: none."
        ),
    )

    def __init__(self, *args: Any, scheme: Scheme, operators: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hoods = scheme.neighbourhoods.filter(is_active=True).order_by("name")
        choices = {
            "operator_id": [(m.organisation_id, m.organisation.name) for m in operators],
            "neighbourhood_id": list(hoods.values_list("pk", "name")),
        }
        for name, values in choices.items():
            field: Any = self.fields[name]
            field.choices = values
        if not scheme.uses(Capability.PATROLS):
            del self.fields["weekly_patrol_target"]  # no patrols, no target


class SiteEndForm(forms.Form):
    last_day = forms.DateField(label=gettext_lazy("Last day"))


def whole_scheme_manager(request: HttpRequest, scheme: Scheme) -> None:
    """404 unless the user manages the whole scheme (an operator bounded to its sites may not
    hand itself another's)."""
    if not holds_whole_scheme(request.user, scheme.pk, "can_manage"):
        raise Http404


def operator_sites(request: HttpRequest, scheme: Scheme) -> HttpResponse:
    whole_scheme_manager(request, scheme)
    author: Any = request.user
    operators = operators_and_sites(scheme)
    action = request.POST.get("action", "")
    form = SiteForm(
        request.POST if action == "add" else None,
        scheme=scheme,
        operators=[m for m, _sites in operators],
    )
    errors: list[str] = []
    if request.method == "POST":
        try:
            if action == "add":
                if form.is_valid():
                    services.operator_site_add(scheme=scheme, author=author, **form.cleaned_data)
            elif action == "end":
                site = get_or_404(
                    OperatorSite.objects.filter(scheme=scheme), pk=request.POST.get("site", "")
                )
                end = SiteEndForm(request.POST)
                if not end.is_valid():
                    raise ValidationError(_("Give the last day."))
                services.operator_site_end(
                    site=site, author=author, last_day=end.cleaned_data["last_day"]
                )
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as exc:
            if action == "add":
                apply_errors(form, exc)
            else:
                errors = error_text(exc)
        else:
            if not form.errors:
                messages.success(request, _("Saved."))
                return redirect("schemes:settings_section", slug=scheme.slug, key=services.SITES)
    status = 400 if errors or form.errors else 200
    context = {
        "operators": operators,
        "form": form,
        "errors": errors,
        "today": clock.today(),
        "patrols": scheme.uses(Capability.PATROLS),
    }
    return render_section(
        request, scheme, services.SITES, "settings/operator_sites.html", context, status=status
    )
