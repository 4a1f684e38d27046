"""The intervention form, shared by the recording page and the edit page."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from voisinage.field.logbook.models import Climate, Origin, Result
from voisinage.field.logbook.selectors import CodeLists
from voisinage.forms import BoundedDateTimeField
from voisinage.lib import clock
from voisinage.lib.forms import apply_errors
from voisinage.territory.access import entrance_by_code
from voisinage.territory.located import OtherPlaceKind
from voisinage.territory.models import Neighbourhood


class InterventionForm(forms.Form):
    started_at = BoundedDateTimeField(
        label=_("Arrival"),
        widget=forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}),
    )
    ended_at = BoundedDateTimeField(
        label=_("Departure"),
        required=False,
        widget=forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}),
    )
    entrance_code = forms.CharField(label=_("Entrance"), required=False, max_length=40)
    other_place_kind = forms.ChoiceField(
        label=_("Or another place"),
        required=False,
        choices=[("", "—"), *OtherPlaceKind.choices],
    )
    other_place_label = forms.CharField(
        label=_("Place name or address"), required=False, max_length=255
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), required=False, queryset=Neighbourhood.objects.none()
    )
    origin = forms.ChoiceField(
        label=_("Origin"),
        choices=Origin.choices,
        initial=Origin.PATROL,
        widget=forms.RadioSelect,
    )
    agents = forms.MultipleChoiceField(
        label=_("Agents present"), required=False, widget=forms.CheckboxSelectMultiple
    )
    activities = forms.MultipleChoiceField(
        label=_("Activities"), required=False, widget=forms.CheckboxSelectMultiple
    )
    material = forms.MultipleChoiceField(
        label=_("Material situation"), required=False, widget=forms.CheckboxSelectMultiple
    )
    behaviour = forms.MultipleChoiceField(
        label=_("Behaviour"), required=False, widget=forms.CheckboxSelectMultiple
    )
    actions = forms.MultipleChoiceField(
        label=_("Actions taken"), required=False, widget=forms.CheckboxSelectMultiple
    )
    adults = forms.IntegerField(label=_("Adults"), min_value=0, max_value=999, initial=0)
    young_people = forms.IntegerField(
        label=_("Young people (18–25)"), min_value=0, max_value=999, initial=0
    )
    minors = forms.IntegerField(label=_("Minors"), min_value=0, max_value=999, initial=0)
    result = forms.ChoiceField(
        label=_("Result"), required=False, choices=Result.choices, widget=forms.RadioSelect
    )
    climate = forms.ChoiceField(
        label=_("Residence climate"),
        required=False,
        choices=Climate.choices,
        widget=forms.RadioSelect,
    )
    narrative = forms.CharField(
        label=_("What happened"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    sensitive = forms.BooleanField(
        label=_("Sensitive: hide the narrative from partners"), required=False
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        user: Any,
        scheme: Any,
        lists: CodeLists,
        agents: list[Any],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.user = user
        self.scheme = scheme
        # A place elsewhere than an entrance, in one of the recorder's neighbourhoods — those
        # in service, and the one an edited entry already names even if retired since.
        kept = self.initial.get("neighbourhood")
        kept_pk = getattr(kept, "pk", kept) or 0
        self.fields["neighbourhood"].queryset = (  # type: ignore[attr-defined]
            Neighbourhood.objects.visible_to(user)
            .filter(scheme=scheme)
            .filter(Q(is_active=True) | Q(pk=kept_pk))
            .order_by("name")
        )
        self.fields["agents"].choices = [(str(u.pk), u.display_name) for u in agents]  # type: ignore[attr-defined]
        self.fields["activities"].choices = [(a.code, a.label) for a in lists.activities]  # type: ignore[attr-defined]
        self.fields["material"].choices = [(c.code, c.label) for c in lists.material]  # type: ignore[attr-defined]
        self.fields["behaviour"].choices = [(c.code, c.label) for c in lists.behaviour]  # type: ignore[attr-defined]
        self.fields["actions"].choices = [(c.code, c.label) for c in lists.actions]  # type: ignore[attr-defined]
        if not self.is_bound and not self.initial.get("idempotency_key"):
            self.initial["idempotency_key"] = str(uuid.uuid4())
        if not self.is_bound and "started_at" not in self.initial:
            self.initial["started_at"] = clock.local_now().replace(second=0, microsecond=0)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = (data.get("entrance_code") or "").strip()
        data["entrance"] = None
        if code:
            try:
                data["entrance"] = entrance_by_code(self.user, self.scheme, code)
            except ValidationError as exc:
                apply_errors(self, exc)
        elif not data.get("other_place_kind"):
            self.add_error("entrance_code", _("Choose an entrance or another place."))
        start, end = data.get("started_at"), data.get("ended_at")
        if start and end and end < start:
            self.add_error("ended_at", _("The departure cannot be before the arrival."))
        return data
