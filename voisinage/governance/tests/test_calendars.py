"""Calendars: invitations go through Django's mail layer with an .ics attachment that parses
back; SEQUENCE rises on change; cancellations; the personal feed and the scheme's API feed."""

from datetime import UTC, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from voisinage.governance.models import CalendarFeedToken
from voisinage.governance.services import (
    calendar_feed_create,
    calendar_feed_revoke,
    meeting_cancel,
    meeting_create,
    meeting_crisis_create,
    meeting_invitations_resend,
    meeting_update,
)
from voisinage.governance.tests.conftest import at

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = pytest.mark.time_sensitive


def invitation(message):
    """The .ics part of an e-mail: its MIME part and the parsed calendar."""
    parts = [p for p in message.attachments if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, message.attachments
    part = parts[0]
    return part, Calendar.from_ical(part.get_content())


def event_of(calendar):
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def create(cast, gov, **extra):
    values = {
        "scheme": cast.scheme,
        "body": gov.technical,
        "starts_at": at(cast.scheme, 10, 14, 30),
        "place": "Mairie annexe",
        "agenda": "1. Bilan",
        "created_by": cast.supervisor,
    }
    return meeting_create(**(values | extra))


def test_a_new_meeting_e_mails_an_ics_invitation_to_each_invited_member(
    cast, gov, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = create(cast, gov)

    # The usual invitees of the technical committee: operator, Habitat Nord, Logis Sud — their
    # members in force today (Fanny's membership at Logis Sud ended yesterday).
    expected = {
        u.email
        for u in (
            cast.supervisor,
            cast.agent,
            cast.operator_manager,
            cast.centre_supervisor,
            cast.north_referent,
            cast.north_pres_referent,
            cast.south_referent,
        )
    }
    assert {m.to[0] for m in mailoutbox} == expected
    assert all(len(m.to) == 1 for m in mailoutbox)  # nobody sees the others' addresses
    message = next(m for m in mailoutbox if m.to == [cast.north_referent.email])
    assert "Comité technique" in message.subject
    assert reverse("governance:meeting", args=["rivebourg", meeting.pk]) in message.body

    part, calendar = invitation(message)
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "invitation.ics"
    assert "attachment" in part["Content-Disposition"]
    assert str(calendar["METHOD"]) == "REQUEST"
    event = event_of(calendar)
    assert str(event["UID"]) == f"{meeting.uid}@voisinage"
    assert event.decoded("DTSTART") == meeting.starts_at.astimezone(UTC)
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    assert event.decoded("DTEND") == meeting.ends_at
    assert str(event["SUMMARY"]) == "Comité technique"
    assert str(event["LOCATION"]) == "Mairie annexe"
    assert event.decoded("SEQUENCE") == 0
    assert str(event["ATTENDEE"]) == f"mailto:{cast.north_referent.email}"
    assert event["ATTENDEE"].params["RSVP"] == "FALSE"
    assert str(event["ORGANIZER"]).startswith("mailto:")
    assert event["ORGANIZER"].params["CN"] == "Rivebourg"


def test_the_invitation_starts_at_the_local_time_that_was_entered(
    cast, gov, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = create(cast, gov)
    _part, calendar = invitation(mailoutbox[0])
    start = event_of(calendar).decoded("DTSTART")
    assert start.astimezone(meeting.starts_at.tzinfo).strftime("%H:%M") == "14:30"


def test_a_change_of_time_sends_the_invitation_again_with_a_higher_sequence(
    cast, gov, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = create(cast, gov)
    first_uid = str(event_of(invitation(mailoutbox[0])[1])["UID"])
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_update(
            meeting=meeting,
            expected_version=meeting.version,
            body=meeting.body,
            starts_at=meeting.starts_at + timedelta(hours=1),
            ends_at=meeting.ends_at + timedelta(hours=1),
            place=meeting.place,
            title="",
            agenda=meeting.agenda,
            invited_organisation_ids=list(
                meeting.invited_organisations.values_list("pk", flat=True)
            ),
        )
    assert len(mailoutbox) == 7
    event = event_of(invitation(mailoutbox[0])[1])
    assert str(event["UID"]) == first_uid
    assert event.decoded("SEQUENCE") == 1 == meeting.sequence
    assert event.decoded("DTSTART") == meeting.starts_at


def test_an_agenda_change_alone_keeps_the_sequence_and_sends_nothing(
    cast, gov, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = create(cast, gov, notify=False)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_update(
            meeting=meeting,
            expected_version=meeting.version,
            body=meeting.body,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            place=meeting.place,
            title="",
            agenda="Nouvel ordre du jour",
            invited_organisation_ids=list(
                meeting.invited_organisations.values_list("pk", flat=True)
            ),
        )
    assert meeting.sequence == 0
    assert meeting.version == 2
    assert mailoutbox == []


def test_a_newly_invited_organisation_is_invited_and_a_removed_one_gets_a_cancellation(
    cast, gov, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = create(
        cast, gov, notify=False, invited_organisation_ids=[cast.operator.pk, cast.south.pk]
    )
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(
            meeting=meeting,
            expected_version=meeting.version,
            body=meeting.body,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            place=meeting.place,
            title="",
            agenda=meeting.agenda,
            invited_organisation_ids=[cast.operator.pk, cast.city.pk],
        )
    methods = {m.to[0]: str(invitation(m)[1]["METHOD"]) for m in mailoutbox}
    assert methods == {
        cast.city_officer.email: "REQUEST",
        cast.pres_viewer.email: "REQUEST",
        cast.south_referent.email: "CANCEL",
    }


def test_cancelling_sends_method_cancel_with_a_higher_sequence(
    cast, gov, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = create(cast, gov, notify=False)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=meeting)
    assert len(mailoutbox) == 7
    part, calendar = invitation(mailoutbox[0])
    assert part.get_param("method") == "CANCEL"
    event = event_of(calendar)
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("SEQUENCE") == 1
    assert str(event["UID"]) == f"{meeting.uid}@voisinage"


def test_a_crisis_meeting_invites_every_organisation_of_the_scheme_at_once(
    cast, gov, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_crisis_create(
            scheme=cast.scheme,
            starts_at=at(cast.scheme, 1, 18),  # tomorrow: a meeting already over invites nobody
            place="Local de l'opérateur",
            reason="Incendie de véhicules rue des Prés\nTrois véhicules en une nuit.",
            created_by=cast.supervisor,
        )
    assert meeting.body.kind == "crisis"
    assert meeting.title == "Incendie de véhicules rue des Prés"
    assert set(meeting.invited_organisations.all()) == {
        cast.operator,
        cast.north,
        cast.south,
        cast.city,
    }
    assert (meeting.ends_at - meeting.starts_at) == timedelta(hours=1)
    # Everyone of Rivebourg with an e-mail and a membership in force; nobody of Autreville.
    assert {m.to[0] for m in mailoutbox} == {
        u.email
        for name, u in cast.personas().items()
        if name not in {"admin", "nobody", "other_partner", "former_referent"}
    }


def test_a_meeting_recorded_after_the_fact_invites_nobody(
    cast, gov, mailoutbox, django_capture_on_commit_callbacks, english
):
    with django_capture_on_commit_callbacks(execute=True):
        past = create(cast, gov, starts_at=at(cast.scheme, -2))
        meeting_cancel(meeting=past)
    assert mailoutbox == []
    with pytest.raises(ValidationError, match="over"):
        meeting_invitations_resend(meeting=past)


def test_members_without_an_e_mail_are_skipped(
    cast, gov, mailoutbox, django_capture_on_commit_callbacks
):
    cast.agent.email = ""
    cast.agent.save()
    with django_capture_on_commit_callbacks(execute=True):
        create(cast, gov)
    assert len(mailoutbox) == 6
    assert "" not in {m.to[0] for m in mailoutbox}


def feed_url(raw):
    return reverse("governance:calendar_feed", args=[raw])


def test_the_personal_feed_serves_the_meetings_the_user_may_see(cast, client, gov, other_meeting):
    _token, raw = calendar_feed_create(user=cast.south_referent)
    response = client.get(feed_url(raw))  # no login: the secret is the credential
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert "METHOD" not in calendar
    events = calendar.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [f"{gov.meeting.uid}@voisinage"]
    assert str(events[0]["SUMMARY"]) == "Comité technique"
    assert events[0].decoded("DTSTART") == gov.meeting.starts_at

    _token, raw = calendar_feed_create(user=cast.other_partner)
    events = Calendar.from_ical(client.get(feed_url(raw)).content).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [f"{other_meeting.uid}@voisinage"]


def test_a_revoked_or_unknown_feed_answers_404(cast, client, gov):
    _token, raw = calendar_feed_create(user=cast.supervisor)
    assert client.get(feed_url(raw)).status_code == 200
    calendar_feed_revoke(user=cast.supervisor)
    assert client.get(feed_url(raw)).status_code == 404
    assert client.get(feed_url("not-a-token")).status_code == 404
    assert client.get(feed_url("x" * 300)).status_code == 404


def test_regenerating_the_link_kills_the_old_one_and_only_the_hash_is_stored(cast, client, gov):
    _old, old_raw = calendar_feed_create(user=cast.supervisor)
    token, raw = calendar_feed_create(user=cast.supervisor)
    assert client.get(feed_url(old_raw)).status_code == 404
    assert client.get(feed_url(raw)).status_code == 200
    assert (
        CalendarFeedToken.objects.filter(user=cast.supervisor, revoked_at__isnull=True).count() == 1
    )
    assert raw not in token.key_hash
    assert len(token.key_hash) == 64


def test_a_deactivated_user_s_feed_stops(cast, client, gov):
    _token, raw = calendar_feed_create(user=cast.supervisor)
    cast.supervisor.is_active = False
    cast.supervisor.save()
    assert client.get(feed_url(raw)).status_code == 404


def test_the_calendar_page_shows_the_new_link_once_then_revokes_it(cast, client, gov):
    client.force_login(cast.agent)
    page_url = reverse("governance:calendar", args=["rivebourg"])
    response = client.post(
        reverse("governance:calendar_regenerate", args=["rivebourg"]), follow=True
    )
    link = response.context["new_url"]
    assert link.startswith(f"{settings.BASE_URL}/dispositifs/agenda/")
    assert link.endswith(".ics")
    assert link in response.content.decode()
    link = link.removeprefix(settings.BASE_URL)
    assert client.get(link).status_code == 200
    again = client.get(page_url).content.decode()
    assert link not in again  # shown once
    client.post(reverse("governance:calendar_revoke", args=["rivebourg"]))
    assert client.get(link).status_code == 404


@pytest.mark.parametrize("persona", ["north_referent", "pres_viewer"])
def test_the_api_feed_lists_the_scheme_s_meetings_and_parses_back(
    cast, client, gov, other_meeting, persona
):
    client.force_login(cast.personas()[persona])
    response = client.get(reverse("api:meetings_ical", args=["rivebourg"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Rivebourg"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"{gov.meeting.uid}@voisinage"
    assert event.decoded("DTEND") == gov.meeting.ends_at
    assert "Planning des veilles" in str(event["DESCRIPTION"])
