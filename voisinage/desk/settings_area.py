from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voisinage.core.settings_area import SettingsSection
from voisinage.desk.models import CallNature
from voisinage.desk.services import desk_settings, scheme_natures
from voisinage.desk.services import settings as desk_writes
from voisinage.lib.forms import apply_errors
from voisinage.schemes.models import Capability
from voisinage.schemes.settings.pages import CodedList, SideForm, coded_list_page

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from voisinage.schemes.models import Scheme


class CutoffForm(forms.Form):
    cutoff = forms.TimeField(
        label=gettext_lazy("Instruction cut-off"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=gettext_lazy("Instructions received before this local time are for tonight."),
    )


def calls(request: HttpRequest, scheme: Scheme) -> HttpResponse:
    author: Any = request.user
    scheme_natures(scheme)  # the French defaults on first use
    posted = request.POST.get("action") == "cutoff"
    cutoff_form = CutoffForm(
        request.POST if posted else None,
        initial={"cutoff": desk_settings(scheme).instruction_cutoff},
    )
    if posted and cutoff_form.is_valid():
        try:
            desk_writes.desk_cutoff_set(
                scheme=scheme, author=author, cutoff=cutoff_form.cleaned_data["cutoff"]
            )
        except ValidationError as exc:
            apply_errors(cutoff_form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("schemes:settings_section", slug=scheme.slug, key=desk_writes.CALLS)
    spec = CodedList(
        key=desk_writes.CALLS,
        intro=gettext_lazy(
            "The natures of calls and instructions, and the time after which an instruction "
            "is for the next night."
        ),
        entries=CallNature.objects.filter(scheme=scheme),
        add=lambda data: desk_writes.call_nature_add(
            scheme=scheme, author=author, code=data["code"], label=data["label"]
        ),
        rename=lambda e, label: desk_writes.call_nature_rename(
            nature=e, author=author, label=label
        ),
        move=lambda e, by: desk_writes.call_nature_move(nature=e, author=author, by=by),
        retire=lambda e, r: desk_writes.call_nature_retire(nature=e, author=author, retire=r),
        side_forms=[
            SideForm(
                "cutoff", gettext_lazy("Instruction cut-off"), gettext_lazy("Save"), cutoff_form
            )
        ],
    )
    return coded_list_page(request, scheme, spec)


def settings_sections(scheme: Scheme) -> list[SettingsSection]:
    if not (scheme.uses(Capability.PHONE_DESK) or scheme.uses(Capability.INSTRUCTIONS)):
        return []
    return [
        SettingsSection(
            60,
            desk_writes.CALLS,
            _("Calls and instructions"),
            calls,
            _("Call natures and the instruction cut-off."),
        )
    ]
