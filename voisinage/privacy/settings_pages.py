"""The settings area's page of the privacy app: how long each kind of personal data is kept."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voisinage.lib.forms import apply_errors
from voisinage.privacy import services
from voisinage.privacy.selectors import anonymisation_runs, retention_lines
from voisinage.schemes.settings.pages import render_section

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from voisinage.schemes.models import Scheme

RECENT_RUNS = 5


class RetentionForm(forms.Form):
    def __init__(self, *args: Any, lines: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for line in lines:
            # Not bounded here: the service refuses a period below the minimum in its words.
            self.fields[line.kind] = forms.IntegerField(
                label=line.label,
                initial=line.months,
                help_text=gettext_lazy("Months. Default: %(default)s.") % {"default": line.default},
            )


def retention(request: HttpRequest, scheme: Scheme) -> HttpResponse:
    author: Any = request.user
    lines = retention_lines(scheme)
    form = RetentionForm(request.POST if request.method == "POST" else None, lines=lines)
    if request.method == "POST" and form.is_valid():
        try:
            services.retention_rules_set(scheme=scheme, author=author, months=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("schemes:settings_section", slug=scheme.slug, key=services.RETENTION)
    context = {
        "form": form,
        "lines": lines,
        "runs": list(anonymisation_runs(scheme)[:RECENT_RUNS]),
    }
    return render_section(
        request,
        scheme,
        services.RETENTION,
        "privacy/settings_retention.html",
        context,
        status=400 if form.errors else 200,
    )
