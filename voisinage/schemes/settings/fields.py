"""The mediation fields section of the settings area: the fields the scheme serves and the one
each of its activities serves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voisinage.accounts.access import get_or_404
from voisinage.schemes import services
from voisinage.schemes.models import Activity, MediationField
from voisinage.schemes.settings.pages import render_section

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from voisinage.schemes.models import Scheme


class SchemeFieldsForm(forms.Form):
    fields_served = forms.MultipleChoiceField(
        label=gettext_lazy("Fields the scheme serves"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["fields_served"]
        services.mediation_fields_ensure()
        field.choices = [(f.code, f.label) for f in MediationField.objects.all()]


def fields(request: HttpRequest, scheme: Scheme) -> HttpResponse:
    author: Any = request.user
    served = list(scheme.fields.all())
    action = request.POST.get("action")
    form = SchemeFieldsForm(
        request.POST if action == "fields" else None,
        initial={"fields_served": [f.code for f in served]},
    )
    errors: list[str] = []
    if request.method == "POST":
        try:
            if action == "fields":
                if form.is_valid():
                    services.scheme_fields_set(
                        scheme=scheme, author=author, codes=form.cleaned_data["fields_served"]
                    )
            elif action == "activity":
                activity = get_or_404(
                    Activity.objects.filter(scheme=scheme), pk=request.POST.get("activity", "")
                )
                services.activity_field_set(
                    activity=activity, author=author, code=request.POST.get("field", "")
                )
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as exc:
            errors = [str(m) for m in exc.messages]
        else:
            if not form.errors:
                messages.success(request, _("Saved."))
                return redirect("schemes:settings_section", slug=scheme.slug, key=services.FIELDS)
    context = {
        "form": form,
        "errors": errors,
        "served": served,
        "activities": list(
            Activity.objects.filter(scheme=scheme, retired_at__isnull=True).select_related("field")
        ),
    }
    status = 400 if errors or form.errors else 200
    return render_section(
        request, scheme, services.FIELDS, "settings/fields.html", context, status=status
    )
