"""Forms of the report pages (thin: the services check everything again)."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from voisinage.forms import BoundedDateField
from voisinage.reports.models import Answer, CategoryGroup, PlaceKind, ReportCategory, Urgency
from voisinage.reports.photos import MAX_PHOTOS, MAX_UPLOAD_BYTES
from voisinage.reports.selectors import new_recipient_choices, scheme_categories
from voisinage.schemes.models import Scheme
from voisinage.territory.models import Neighbourhood, Organisation
from voisinage.territory.selectors import in_service


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultiplePhotoInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("Five photos at most."))
        for f in files:
            if f.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(_("A photo may weigh 15 MB at most."))
        return list(files)


class ReportForm(forms.Form):
    category: forms.ModelChoiceField[ReportCategory] = forms.ModelChoiceField(
        label=_("Category"), queryset=ReportCategory.objects.none()
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        widget=forms.RadioSelect,
    )
    entrance_code = forms.CharField(label=_("Entrance code"), required=False, max_length=40)
    place_label = forms.CharField(
        label=_("Or the place (address, landmark)"), required=False, max_length=255
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), required=False, queryset=Neighbourhood.objects.none()
    )
    # Set by the pin on the map (static/js/report-pin.js), never typed.
    lat = forms.FloatField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90, widget=forms.HiddenInput
    )
    lon = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.HiddenInput,
    )
    description = forms.CharField(
        label=_("Description"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    photos = PhotosField(
        label=_("Photos"),
        required=False,
        help_text=_("Up to five; their metadata (position, phone, date) is removed."),
    )
    intervention = forms.IntegerField(required=False, widget=forms.HiddenInput)
    merge_into = forms.CharField(required=False, max_length=20)
    idempotency_key = forms.CharField(required=False, max_length=80, widget=forms.HiddenInput)

    def __init__(self, *args: Any, scheme: Scheme, neighbourhoods: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = scheme_categories(scheme)  # type: ignore[attr-defined]
        self.fields["neighbourhood"].queryset = neighbourhoods  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), choices=Answer.choices, widget=forms.RadioSelect)
    planned_for = BoundedDateField(
        label=_("Planned for"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RerouteForm(forms.Form):
    recipient: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Send to"), queryset=Organisation.objects.none()
    )
    deadline_days = forms.IntegerField(
        label=_("Deadline (days)"), min_value=0, max_value=365, initial=7
    )
    working_days = forms.BooleanField(label=_("Working days"), required=False)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000)

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = new_recipient_choices(scheme)  # type: ignore[attr-defined]


class CloseForm(forms.Form):
    comment = forms.CharField(label=_("Why close it"), required=False, max_length=2000)


class RuleForm(forms.Form):
    position = forms.IntegerField(
        label=pgettext_lazy("order in a list", "Position"), min_value=0, max_value=32_000
    )
    category: forms.ModelChoiceField[ReportCategory] = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=ReportCategory.objects.none()
    )
    category_group = forms.ChoiceField(
        label=_("Or a group of categories"),
        required=False,
        choices=[("", "—"), *CategoryGroup.choices],
    )
    place = forms.ChoiceField(label=_("Place"), choices=PlaceKind.choices)
    landlord: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Landlord"), required=False, queryset=Organisation.objects.none()
    )
    neighbourhood: forms.ModelChoiceField[Neighbourhood] = forms.ModelChoiceField(
        label=_("Neighbourhood"), required=False, queryset=Neighbourhood.objects.none()
    )
    recipient: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Send to"), queryset=Organisation.objects.none()
    )
    deadline_days = forms.IntegerField(
        label=_("Deadline (days)"), min_value=0, max_value=365, initial=7
    )
    working_days = forms.BooleanField(label=_("Working days"), required=False)
    label = forms.CharField(label=_("Label"), required=False, max_length=160)

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = scheme_categories(scheme)  # type: ignore[attr-defined]
        recipients = new_recipient_choices(scheme)
        self.fields["recipient"].queryset = recipients  # type: ignore[attr-defined]
        self.fields["landlord"].queryset = recipients.filter(  # type: ignore[attr-defined]
            scheme_memberships__scheme=scheme, scheme_memberships__role="landlord"
        )
        self.fields["neighbourhood"].queryset = in_service(  # type: ignore[attr-defined]
            Neighbourhood.objects.filter(scheme=scheme).order_by("name")
        )
