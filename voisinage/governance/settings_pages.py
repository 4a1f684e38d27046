"""The settings area's pages of governance: the scheme's bodies and the operator's attendance
quotas — writes through ``governance.services.settings``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voisinage.accounts.access import get_or_404
from voisinage.governance.models import AttendanceQuota, Body
from voisinage.governance.services import settings as writes
from voisinage.lib.forms import apply_errors
from voisinage.schemes.settings.pages import render_section
from voisinage.territory.models import Organisation
from voisinage.territory.selectors import member_organisations

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from voisinage.schemes.models import Scheme


class BodyForm(forms.ModelForm[Body]):
    invitees = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Usually invited"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy(
            "The organisations invited to its meetings unless a meeting says otherwise."
        ),
    )

    class Meta:
        model = Body
        fields = writes.BODY_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The members in force; a body keeps showing the invitees it has, members or not.
        current = list(self.instance.usual_invitees.all()) if self.instance.pk else []
        field: Any = self.fields["invitees"]
        field.queryset = member_organisations(scheme, keep=current)
        field.initial = current

    def _post_clean(self) -> None:
        """The service checks the body (and says why in French); the form only reads it."""


class QuotaForm(forms.Form):
    label = forms.CharField(label=gettext_lazy("Label"), max_length=200)
    # Not bounded here: the service refuses a quota below zero with its own words.
    minimum_per_year = forms.IntegerField(label=gettext_lazy("Minimum per year"))
    bodies = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Bodies"),
        queryset=Body.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Fixed once the quota is added: retire it and add another."),
    )

    def __init__(self, *args: Any, scheme: Scheme, editing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["bodies"]
        field.queryset = Body.objects.filter(scheme=scheme, is_active=True)
        if editing:
            del self.fields["bodies"]


def _saved(scheme: Scheme, key: str) -> HttpResponse:
    return redirect("schemes:settings_section", slug=scheme.slug, key=key)


def bodies(request: HttpRequest, scheme: Scheme) -> HttpResponse:
    author: Any = request.user
    rows = Body.objects.filter(scheme=scheme).order_by("position", "name")
    action = request.POST.get("action", "")
    source = request.POST if request.method == "POST" else request.GET
    editing = get_or_404(rows, pk=source["body"]) if source.get("body") else None
    form = BodyForm(request.POST if action == "save" else None, instance=editing, scheme=scheme)
    errors: list[str] = []
    if request.method == "POST":
        try:
            if action == "save":
                if not form.is_valid():
                    raise ValidationError(_("Check the form below."))
                if editing is None:
                    writes.body_add(scheme=scheme, author=author, **form.cleaned_data)
                else:
                    writes.body_update(body=editing, author=author, **form.cleaned_data)
            elif action in ("retire", "restore") and editing is not None:
                writes.body_retire(body=editing, author=author, retire=action == "retire")
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and action == "save":
                apply_errors(form, exc)
            elif not form.errors:
                errors = [str(m) for m in exc.messages]
        else:
            messages.success(request, _("Saved."))
            return _saved(scheme, writes.BODIES)
    context = {"rows": list(rows), "form": form, "editing": editing, "errors": errors}
    status = 400 if errors or form.errors else 200
    return render_section(
        request, scheme, writes.BODIES, "settings/bodies.html", context, status=status
    )


def quotas(request: HttpRequest, scheme: Scheme) -> HttpResponse:
    author: Any = request.user
    rows = (
        AttendanceQuota.objects.filter(scheme=scheme)
        .prefetch_related("bodies")
        .order_by("position", "label")
    )
    action = request.POST.get("action", "")
    source = request.POST if request.method == "POST" else request.GET
    editing = get_or_404(rows, pk=source["quota"]) if source.get("quota") else None
    initial = (
        {"label": editing.label, "minimum_per_year": editing.minimum_per_year} if editing else None
    )
    form = QuotaForm(
        request.POST if action == "save" else None,
        initial=initial,
        scheme=scheme,
        editing=editing is not None,
    )
    errors: list[str] = []
    if request.method == "POST":
        try:
            if action == "save":
                if not form.is_valid():
                    raise ValidationError(_("Check the form below."))
                data = form.cleaned_data
                if editing is None:
                    writes.attendance_quota_add(scheme=scheme, author=author, **data)
                else:
                    writes.attendance_quota_update(quota=editing, author=author, **data)
            elif action == "retire" and editing is not None:
                writes.attendance_quota_retire(quota=editing, author=author)
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and action == "save":
                apply_errors(form, exc)
            elif not form.errors:
                errors = [str(m) for m in exc.messages]
        else:
            messages.success(request, _("Saved."))
            return _saved(scheme, writes.QUOTAS)
    context = {"rows": list(rows), "form": form, "editing": editing, "errors": errors}
    status = 400 if errors or form.errors else 200
    return render_section(
        request, scheme, writes.QUOTAS, "settings/quotas.html", context, status=status
    )
