from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from voisinage.digests.ambiance import LEVELS
from voisinage.field.models import Climate


class OverrideForm(forms.Form):
    neighbourhood = forms.IntegerField(widget=forms.HiddenInput)
    level = forms.ChoiceField(
        label=_("Level"), choices=[(level, Climate(level).label) for level in LEVELS]
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class SettingsForm(forms.Form):
    dispatch_time = forms.TimeField(
        label=_("Dispatch time"),
        help_text=_("Local time; the digest leaves then, validated or not (before 08:00)."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    is_enabled = forms.BooleanField(label=_("Send automatically every morning"), required=False)
    organisations = forms.MultipleChoiceField(
        label=_("Recipients"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each member receives only the lines of their own perimeter."),
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].choices = choices  # type: ignore[attr-defined]
