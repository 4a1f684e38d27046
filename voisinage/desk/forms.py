"""The desk's forms. They parse input; the services decide (and refuse in French)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from voisinage.desk.models import (
    Answer,
    CallNature,
    EmergencyService,
    IncidentKind,
    OnBehalfOf,
    Urgency,
)
from voisinage.lib.clock import time_label
from voisinage.territory.located import OtherPlaceKind

DATETIME = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})
TIME = forms.TimeInput(format="%H:%M", attrs={"type": "time"})


def _call_label(call: Any, zone: str) -> str:
    """« 22:40 — nature — place »: the time as the supervisor lived it, in the scheme's zone."""
    return f"{time_label(call.received_at, zone)} — {call.nature.label} — {call.place_label}"


def _nature_choices(natures: list[CallNature]) -> list[tuple[str, str]]:
    # No nature is chosen in advance: a call or an instruction left on the first one of the
    # list is recorded as what it is not.
    return [("", str(_("Choose…"))), *((str(n.pk), n.label) for n in natures)]


class CallForm(forms.Form):
    received_at = forms.DateTimeField(label=_("Received at"), widget=DATETIME)
    nature = forms.ChoiceField(label=_("Nature"))
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    entrance_code = forms.CharField(label=_("Entrance"), required=False, max_length=40)
    other_place_kind = forms.ChoiceField(
        label=_("Or another place"), required=False, choices=[("", "—"), *OtherPlaceKind.choices]
    )
    other_place_label = forms.CharField(
        label=_("Place name or address"), required=False, max_length=255
    )
    caller_name = forms.CharField(label=_("Caller's name"), required=False, max_length=150)
    caller_phone = forms.CharField(label=_("Caller's phone"), required=False, max_length=40)
    caller_email = forms.EmailField(label=_("Caller's e-mail"), required=False)
    caller_dwelling = forms.CharField(label=_("Dwelling"), required=False, max_length=20)
    description = forms.CharField(
        label=_("What the caller says"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    same_event_as = forms.ChoiceField(label=_("Same event as"), required=False)

    def __init__(
        self,
        natures: list[CallNature],
        tonight_calls: list[Any],
        *args: Any,
        zone: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nature"].choices = _nature_choices(natures)  # type: ignore[attr-defined]
        self.fields["same_event_as"].choices = [  # type: ignore[attr-defined]
            ("", _("A new event")),
            *[(str(c.pk), _call_label(c, zone)) for c in tonight_calls],
        ]


class TeamForm(forms.Form):
    team = forms.ChoiceField(label=_("Team"))

    def __init__(self, teams: list[Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # No team is chosen for the supervisor: dispatching the first one by mistake sends the
        # wrong people.
        self.fields["team"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose…")),
            *[(t.key, t.label) for t in teams],
        ]


class AlertForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"), choices=EmergencyService.choices)
    # An alert is recorded on the second tap only: the first asks to confirm.
    confirmed = forms.BooleanField(required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=255)


ANSWERS = [("", "—"), *Answer.choices]


class CallbackForm(forms.Form):
    note = forms.CharField(label=_("What the caller was told"), required=False, max_length=255)
    quick = forms.ChoiceField(
        label=_("Did the agents come quickly?"), choices=ANSWERS, required=False
    )
    solved = forms.ChoiceField(label=_("Was the problem solved?"), choices=ANSWERS, required=False)
    satisfied = forms.ChoiceField(
        label=_("Are you satisfied with the service?"), choices=ANSWERS, required=False
    )

    def answers(self) -> dict[str, str] | None:
        data = {k: self.cleaned_data[k] for k in ("quick", "solved", "satisfied")}
        return data if any(data.values()) else None


class SurveyForm(forms.Form):
    quick = forms.ChoiceField(
        label=_("Did the agents come quickly?"), choices=Answer.choices, widget=forms.RadioSelect
    )
    solved = forms.ChoiceField(
        label=_("Was the problem solved?"), choices=Answer.choices, widget=forms.RadioSelect
    )
    satisfied = forms.ChoiceField(
        label=_("Are you satisfied with the service?"),
        choices=Answer.choices,
        widget=forms.RadioSelect,
    )


class LinkForm(forms.Form):
    other = forms.ChoiceField(label=_("Same event as the call"))

    def __init__(self, calls: list[Any], *args: Any, zone: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other"].choices = [  # type: ignore[attr-defined]
            (str(c.pk), _call_label(c, zone)) for c in calls
        ]


class InstructionForm(forms.Form):
    received_at = forms.DateTimeField(
        label=_("Received at"),
        widget=DATETIME,
        help_text=_("When the landlord sent it (an e-mail's time): the cut-off applies to it."),
    )
    landlord = forms.ChoiceField(label=_("Landlord"))
    entrance_code = forms.CharField(label=_("Entrance"), required=False, max_length=40)
    residence = forms.ChoiceField(label=_("Or a whole residence"), required=False)
    tenant_name = forms.CharField(label=_("Tenant's name"), required=False, max_length=150)
    tenant_phone = forms.CharField(label=_("Tenant's phone"), required=False, max_length=40)
    dwelling = forms.CharField(label=_("Dwelling number"), required=False, max_length=20)
    nature = forms.ChoiceField(label=_("Nature"))
    details = forms.CharField(
        label=_("What to do"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    slot_start = forms.TimeField(label=_("From"), required=False, widget=TIME)
    slot_end = forms.TimeField(label=_("Until"), required=False, widget=TIME)
    urgent = forms.BooleanField(
        label=_("Urgent (after the cut-off: asks the supervisor for tonight)"), required=False
    )

    def __init__(
        self,
        landlords: list[Any],
        residences: list[Any],
        natures: list[CallNature],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["landlord"].choices = [(str(o.pk), o.name) for o in landlords]  # type: ignore[attr-defined]
        self.fields["residence"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *[(str(r.pk), f"{r.name} ({r.landlord.name})") for r in residences],
        ]
        self.fields["nature"].choices = _nature_choices(natures)  # type: ignore[attr-defined]


class EmailedInstructionForm(InstructionForm):
    """An e-mailed instruction, confirmed or corrected: its time received is the e-mail's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["received_at"]


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label=_("What the agents found and did"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=IncidentKind.choices)
    occurred_at = forms.DateTimeField(label=_("Occurred at"), widget=DATETIME)
    agent = forms.ChoiceField(label=_("Agent concerned"), required=False)
    place = forms.CharField(label=_("Place"), max_length=255)
    description = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3})
    )
    agent_withdrawn = forms.BooleanField(label=_("The agent withdrew"), required=False)
    supervisor_alerted_at = forms.DateTimeField(
        label=_("Supervisor alerted at"), required=False, widget=DATETIME
    )
    police_called_at = forms.DateTimeField(
        label=_("Police called at"), required=False, widget=DATETIME
    )

    def __init__(self, agents: list[Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agent"].choices = [("", "—"), *[(str(a.pk), a.display_name) for a in agents]]  # type: ignore[attr-defined]


class ComplaintForm(forms.Form):
    filed_on = forms.DateField(
        label=_("Filed on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    police_station = forms.CharField(label=_("Police station"), max_length=150)
    reference = forms.CharField(label=_("Reference"), required=False, max_length=60)
    on_behalf_of = forms.ChoiceField(label=_("On behalf of"), choices=OnBehalfOf.choices)
    landlord = forms.ChoiceField(label=_("Landlord"), required=False)
    agent = forms.ChoiceField(label=_("Agent"), required=False)
    incident = forms.ChoiceField(label=_("Serious incident"), required=False)
    facts = forms.CharField(
        label=_("Facts"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        landlords: list[Any],
        agents: list[Any],
        incidents: list[Any],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["landlord"].choices = [("", "—"), *[(str(o.pk), o.name) for o in landlords]]  # type: ignore[attr-defined]
        self.fields["agent"].choices = [("", "—"), *[(str(a.pk), a.display_name) for a in agents]]  # type: ignore[attr-defined]
        self.fields["incident"].choices = [("", "—"), *[(str(i.pk), str(i)) for i in incidents]]  # type: ignore[attr-defined]
