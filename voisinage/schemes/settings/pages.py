"""What every page of the settings area shares: the frame (the list of sections, the section's
own recent changes) and the page of a coded list (activities, call natures, report categories),
so that each app's section is a few lines that name its services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voisinage.accounts.access import get_or_404
from voisinage.core.extensions import SETTINGS
from voisinage.schemes.access import access_scheme
from voisinage.schemes.selectors import scheme_changes

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet
    from django.http import HttpRequest, HttpResponse
    from django.utils.functional import Promise

    from voisinage.accounts.access import AnyUser
    from voisinage.core.settings_area import SettingsSection
    from voisinage.schemes.models import Scheme

RECENT_CHANGES = 10


def settings_sections(scheme: Scheme) -> list[SettingsSection]:
    """Every app's sections for this scheme, in their order."""
    sections = [s for hook in SETTINGS.values() for s in hook(scheme)]
    return sorted(sections, key=lambda s: s.order)


def section_of(scheme: Scheme, key: str) -> SettingsSection:
    """The scheme's section ``key``; 404 when the scheme does not show it (a section of a part
    the scheme does not use, ADR 0036), as when it does not exist. The pages and the API routes
    of a section both ask here."""
    found = next((s for s in settings_sections(scheme) if s.key == key), None)
    if found is None:
        raise Http404
    return found


def access_settings_section(user: AnyUser, slug: str, key: str) -> Scheme:
    """The scheme whose section ``key`` the user may change: a manager of the scheme, in a
    section the scheme shows; 404 alike otherwise."""
    scheme = access_scheme(user, slug, write=True)
    section_of(scheme, key)
    return scheme


def render_section(
    request: HttpRequest,
    scheme: Scheme,
    key: str,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    """Render a section's page inside the area's frame."""
    sections = settings_sections(scheme)
    current = next(s for s in sections if s.key == key)
    frame = {
        "scheme": scheme,
        "sections": sections,
        "current": current,
        "changes": list(scheme_changes(scheme, section=key)[:RECENT_CHANGES]),
    }
    return render(request, template, {**frame, **(context or {})}, status=status)


def error_text(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


class CodedAddForm(forms.Form):
    label = forms.CharField(label=gettext_lazy("Label"), max_length=200)
    code = forms.SlugField(
        label=gettext_lazy("Code"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("Optional: made from the label when left empty."),
    )


class LabelForm(forms.Form):
    label = forms.CharField(label=gettext_lazy("Label"), max_length=200)


CODED_ACTIONS = frozenset({"add", "rename", "up", "down", "retire", "restore"})


@dataclass
class SideForm:
    """A form of the section shown beside the list (a preset to start from, the cut-off…),
    posted with ``action``, handled by the section's own view."""

    action: str
    title: str | Promise
    button: str | Promise
    form: forms.Form


@dataclass
class CodedList:
    """A coded list of the scheme and the services that change it."""

    key: str
    intro: str | Promise
    entries: QuerySet[Any]
    add: Callable[[dict[str, Any]], Model]
    rename: Callable[[Any, str], Model]
    move: Callable[[Any, int], Model]
    retire: Callable[[Any, bool], Model]
    add_form: type[forms.Form] = CodedAddForm
    side_forms: list[SideForm] = field(default_factory=list)


def coded_list_page(request: HttpRequest, scheme: Scheme, spec: CodedList) -> HttpResponse:
    """The page of a coded list: each entry can be renamed, moved up or down, retired or
    brought back; a form at the end adds one. Bad input re-shows the page with the reason and
    changes nothing."""
    add_form = spec.add_form(request.POST if request.POST.get("action") == "add" else None)
    errors: list[str] = []
    action = request.POST.get("action", "")
    if request.method == "POST" and action in CODED_ACTIONS:
        try:
            if action == "add":
                if add_form.is_valid():
                    spec.add(add_form.cleaned_data)
                else:
                    raise ValidationError(_("Check the form below."))
            else:
                entry = get_or_404(spec.entries, pk=request.POST.get("entry", ""))
                if action == "rename":
                    label_form = LabelForm(request.POST)
                    if not label_form.is_valid():
                        raise ValidationError(_("Give a label."))
                    spec.rename(entry, label_form.cleaned_data["label"])
                elif action in ("up", "down"):
                    spec.move(entry, -1 if action == "up" else 1)
                else:
                    spec.retire(entry, action == "retire")
        except ValidationError as exc:
            errors = error_text(exc)
            if hasattr(exc, "error_dict") and action == "add":
                for name, field_errors in exc.error_dict.items():
                    add_form.add_error(name if name in add_form.fields else None, field_errors)
                errors = []
        else:
            if not add_form.errors:
                messages.success(request, _("Saved."))
                return redirect("schemes:settings_section", slug=scheme.slug, key=spec.key)
    context = {
        "entries": list(spec.entries.order_by("position", "code")),
        "add_form": add_form,
        "errors": errors,
        "intro": spec.intro,
        "side_forms": spec.side_forms,
    }
    bad_side = any(side.form.errors for side in spec.side_forms)
    status = 400 if errors or add_form.errors or bad_side else 200
    return render_section(request, scheme, spec.key, "settings/coded.html", context, status=status)
