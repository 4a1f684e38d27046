from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from voisinage.digests.ambiance import LEVELS
from voisinage.field.logbook.scales import scale_labels
from voisinage.field.models import Climate, Scale

if TYPE_CHECKING:
    from voisinage.schemes.models import Scheme


class OverrideForm(forms.Form):
    neighbourhood = forms.IntegerField(widget=forms.HiddenInput)
    level = forms.ChoiceField(
        label=_("Level"), choices=[(level, Climate(level).label) for level in LEVELS]
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every level, worded the scheme's way: a neighbourhood's ambiance is always one of
        # the four, whatever levels the team may still record.
        labels = scale_labels(scheme).labels(Scale.CLIMATE)
        self.fields["level"].choices = [(level, labels[level]) for level in LEVELS]  # type: ignore[attr-defined]


class SettingsForm(forms.Form):
    dispatch_time = forms.TimeField(
        label=_("Dispatch time"),
        help_text=_("Local time; the digest leaves then, validated or not (before the deadline)."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    deadline = forms.TimeField(
        label=_("Latest sending time"),
        required=False,
        help_text=_(
            "Local time by which the contract wants the digest sent; a digest first sent later "
            "is late."
        ),
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


class OperatorDeadlineForm(forms.Form):
    operator_id = forms.IntegerField(widget=forms.HiddenInput)
    deadline = forms.TimeField(
        label=_("Latest sending time"),
        required=False,
        help_text=_("Empty: the scheme's."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
