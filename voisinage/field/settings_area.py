"""The field app's sections of the settings area: the logbook's three coded lists and its two
fixed scales (the logbook is always used) and, when the scheme uses night staffing, its staffing
rules."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from voisinage.core.settings_area import SettingsSection
from voisinage.field.logbook import code_settings, scale_settings
from voisinage.field.logbook.models import CodeKind, FieldCode, Scale
from voisinage.field.logbook.scale_pages import scale_page
from voisinage.field.logbook.services import field_codes_ensure_defaults
from voisinage.field.staffing import settings_pages as staffing_pages
from voisinage.lib.forms import apply_errors
from voisinage.schemes import staffing_rules
from voisinage.schemes.models import Capability
from voisinage.schemes.settings.pages import CodedAddForm, CodedList, SideForm, coded_list_page

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from voisinage.schemes.models import Scheme

INTROS: dict[str, Any] = {
    CodeKind.MATERIAL: _("What the team finds wrong with the buildings and their surroundings."),
    CodeKind.BEHAVIOUR: _("The behaviours the team meets on its rounds."),
    CodeKind.ACTION: _(
        "What the team does about it; an action that alerts an emergency service carries its "
        "number."
    ),
}
NUMBER_HELP = _("Optional: the number of the emergency service alerted, e.g. 17.")


class ActionAddForm(CodedAddForm):
    emergency_number = forms.CharField(
        label=_("Emergency number"), max_length=4, required=False, help_text=NUMBER_HELP
    )


class EmergencyForm(forms.Form):
    entry = forms.ModelChoiceField(label=_("Action"), queryset=FieldCode.objects.none())
    emergency_number = forms.CharField(
        label=_("Emergency number"), max_length=4, required=False, help_text=NUMBER_HELP
    )

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["entry"]
        field.queryset = FieldCode.objects.filter(scheme=scheme, kind=CodeKind.ACTION).in_use()


def codes(request: HttpRequest, scheme: Scheme, *, kind: str) -> HttpResponse:
    author: Any = request.user
    field_codes_ensure_defaults(scheme=scheme)  # the French defaults on first use
    key = code_settings.SECTIONS[kind]
    side_forms = []
    if kind == CodeKind.ACTION:
        posted = request.POST.get("action") == "emergency"
        form = EmergencyForm(request.POST if posted else None, scheme=scheme)
        if posted and form.is_valid():
            try:
                code_settings.field_code_emergency_set(
                    field_code=form.cleaned_data["entry"],
                    author=author,
                    emergency_number=form.cleaned_data["emergency_number"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("schemes:settings_section", slug=scheme.slug, key=key)
        side_forms.append(SideForm("emergency", _("Emergency number"), _("Save"), form))
    spec = CodedList(
        key=key,
        intro=INTROS[kind],
        entries=FieldCode.objects.filter(scheme=scheme, kind=kind),
        add=lambda data: code_settings.field_code_add(
            scheme=scheme,
            author=author,
            kind=kind,
            code=data["code"],
            label=data["label"],
            emergency_number=data.get("emergency_number", ""),
        ),
        rename=lambda e, label: code_settings.field_code_rename(
            field_code=e, author=author, label=label
        ),
        move=lambda e, by: code_settings.field_code_move(field_code=e, author=author, by=by),
        retire=lambda e, r: code_settings.field_code_retire(field_code=e, author=author, retire=r),
        add_form=ActionAddForm if kind == CodeKind.ACTION else CodedAddForm,
        side_forms=side_forms,
    )
    return coded_list_page(request, scheme, spec)


def settings_sections(scheme: Scheme) -> list[SettingsSection]:
    staffing = [
        SettingsSection(
            25,
            staffing_rules.STAFFING,
            _("Staffing"),
            staffing_pages.staffing,
            _("Staffing rules and reduced periods: how many people each night needs."),
        )
    ]
    return [
        *(staffing if scheme.uses(Capability.STAFFING) else []),
        SettingsSection(
            62,
            code_settings.SECTIONS[CodeKind.MATERIAL],
            _("Material situations"),
            partial(codes, kind=CodeKind.MATERIAL),
            _("The logbook's coded list of material situations."),
        ),
        SettingsSection(
            63,
            code_settings.SECTIONS[CodeKind.BEHAVIOUR],
            _("Behavioural situations"),
            partial(codes, kind=CodeKind.BEHAVIOUR),
            _("The logbook's coded list of behavioural situations."),
        ),
        SettingsSection(
            64,
            code_settings.SECTIONS[CodeKind.ACTION],
            _("Actions taken"),
            partial(codes, kind=CodeKind.ACTION),
            _("The logbook's coded list of actions, with their emergency numbers."),
        ),
        SettingsSection(
            65,
            scale_settings.SECTIONS[Scale.RESULT],
            _("Results"),
            partial(scale_page, scale=Scale.RESULT),
            _("The scheme's wording of the four results of an intervention."),
        ),
        SettingsSection(
            66,
            scale_settings.SECTIONS[Scale.CLIMATE],
            _("Climate levels"),
            partial(scale_page, scale=Scale.CLIMATE),
            _("The scheme's wording of the four climate levels, or no climate rating."),
        ),
    ]
