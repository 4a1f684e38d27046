"""Forms of the governance pages. They parse and check input; the services decide."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from voisinage.governance.models import ActionStatus, AttendanceStatus, Body, Meeting
from voisinage.governance.selectors import scheme_zone
from voisinage.territory.models import Organisation

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from voisinage.accounts.models import Membership
    from voisinage.schemes.models import Scheme


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


def at(day: date, clock: time, scheme: Scheme) -> datetime:
    """A local date and time of the scheme, as an aware datetime."""
    return datetime.combine(day, clock, tzinfo=scheme_zone(scheme))


class MeetingForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none())
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Empty: the body's name."),
    )
    day = forms.DateField(label=_("Date"), widget=DateInput())
    start = forms.TimeField(label=_("Start"), widget=TimeInput())
    end = forms.TimeField(label=_("End"), widget=TimeInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    invited_organisations = forms.ModelMultipleChoiceField(
        label=_("Invited organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Their members receive the invitation by e-mail. None ticked on a new meeting: the "
            "body's usual invitees."
        ),
    )
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        scheme: Scheme,
        bodies: QuerySet[Body],
        organisations: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        body_field = self.fields["body"]
        assert isinstance(body_field, forms.ModelChoiceField)
        body_field.queryset = bodies
        invited_field = self.fields["invited_organisations"]
        assert isinstance(invited_field, forms.ModelMultipleChoiceField)
        invited_field.queryset = organisations

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict[str, object]:
        zone = scheme_zone(meeting.scheme)
        start, end = meeting.starts_at.astimezone(zone), meeting.ends_at.astimezone(zone)
        return {
            "body": meeting.body_id,
            "title": meeting.title,
            "day": start.date(),
            "start": start.time(),
            "end": end.time(),
            "place": meeting.place,
            "invited_organisations": list(meeting.invited_organisations.all()),
            "agenda": meeting.agenda,
            "version": meeting.version,
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day and start and end:
            if end <= start:
                self.add_error("end", _("The meeting must end after it starts."))
            else:
                data["starts_at"] = at(day, start, self.scheme)
                data["ends_at"] = at(day, end, self.scheme)
        return data


class CrisisForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput())
    start = forms.TimeField(label=_("Time"), widget=TimeInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The first line becomes the meeting's title."),
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 16}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


def membership_label(membership: Membership) -> str:
    return f"{membership.user.display_name} ({membership.organisation})"


class AttendanceForm(forms.Form):
    person = forms.TypedChoiceField(
        label=_("Person of the scheme"), coerce=int, required=False, empty_value=None
    )
    person_name = forms.CharField(label=_("Or a guest's name"), max_length=150, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Guest's organisation"), queryset=Organisation.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Attendance"), choices=AttendanceStatus.choices, initial=AttendanceStatus.PRESENT
    )

    def __init__(
        self,
        *args: Any,
        participants: list[Membership],
        organisations: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.participants = {m.pk: m for m in participants}
        person_field = self.fields["person"]
        assert isinstance(person_field, forms.TypedChoiceField)
        person_field.choices = [("", "—")] + [(m.pk, membership_label(m)) for m in participants]
        organisation_field = self.fields["organisation"]
        assert isinstance(organisation_field, forms.ModelChoiceField)
        organisation_field.queryset = organisations

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        person, name = data.get("person"), (data.get("person_name") or "").strip()
        if (person is None) == (not name):
            raise ValidationError(_("Choose a person of the scheme, or write a guest's name."))
        if person is not None:
            data["membership"] = self.participants[person]
        elif data.get("organisation") is None:
            self.add_error("organisation", _("Say which organisation the guest represents."))
        return data


def owner_choices(
    organisations: QuerySet[Organisation], participants: list[Membership]
) -> list[tuple[str, object]]:
    return [
        ("", "—"),
        (str(_("Organisations")), [(f"o{o.pk}", str(o)) for o in organisations]),
        (str(_("People")), [(f"m{m.pk}", membership_label(m)) for m in participants]),
    ]


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    action_title = forms.CharField(
        label=_("Action item (optional)"),
        max_length=300,
        required=False,
        help_text=_("What is to be done, followed from one meeting to the next."),
    )
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput())

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        participants: list[Membership],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {o.pk: o for o in organisations}
        self.participants = {m.pk: m for m in participants}
        owner_field = self.fields["owner"]
        assert isinstance(owner_field, forms.ChoiceField)
        owner_field.choices = owner_choices(organisations, participants)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        owner = data.get("owner") or ""
        data["owner_organisation"] = data["owner_user"] = None
        if owner.startswith("o") and owner[1:].isdigit():
            data["owner_organisation"] = self.organisations.get(int(owner[1:]))
        elif owner.startswith("m") and owner[1:].isdigit():
            membership = self.participants.get(int(owner[1:]))
            if membership is not None:
                data["owner_organisation"] = membership.organisation
                data["owner_user"] = membership.user
        if data.get("action_title") and data["owner_organisation"] is None:
            self.add_error("owner", _("Say who owns the action."))
        if not data.get("action_title") and (owner or data.get("due_on")):
            self.add_error("action_title", _("Say what is to be done, or clear the owner."))
        return data


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    upload = forms.FileField(label=_("File"), required=False)
    url = forms.CharField(
        label=_("Or a link"),
        max_length=500,
        required=False,
        help_text=_("A page of Voisinage (starting with /) or an https:// address."),
    )
    is_review_deck = forms.BooleanField(
        label=_("This is the review deck"),
        required=False,
        help_text=_(
            "Built for each reader with their own figures: leave the file and the link empty "
            "for the review of the half-year before the meeting."
        ),
    )


class DeckForm(forms.Form):
    day = forms.DateField(label=_("Sent on"), widget=DateInput())
    time = forms.TimeField(label=_("At"), widget=TimeInput())


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ActionStatus.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
