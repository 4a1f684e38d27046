"""iCalendar documents for meetings: e-mail invitations (METHOD:REQUEST / CANCEL) and feeds.

Times are written in UTC (``DTSTART:20270112T130000Z``), which every client converts to its own
zone and which needs no VTIMEZONE block. The UID is stable per meeting; SEQUENCE follows
``Meeting.sequence``, raised by the services whenever the date, place or title changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from email.utils import parseaddr
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress

if TYPE_CHECKING:
    from voisinage.accounts.models import User
    from voisinage.governance.models import Meeting

PRODID = "-//Voisinage//Gouvernance//FR"
UID_DOMAIN = "voisinage"


def meeting_uid(meeting: Meeting) -> str:
    return f"{meeting.uid}@{UID_DOMAIN}"


def meeting_url(meeting: Meeting) -> str:
    """Absolute link to the meeting page, from BASE_URL (never from a request's Host)."""
    path = reverse("governance:meeting", args=[meeting.scheme.slug, meeting.pk])
    return f"{settings.BASE_URL}{path}"


def organizer(meeting: Meeting) -> vCalAddress:
    """Invitations come from the platform's address, in the scheme's name; we set RSVP=FALSE
    on attendees, so calendar clients do not send replies to it."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL or "")
    value = vCalAddress(f"mailto:{address or 'noreply@voisinage.invalid'}")
    value.params["CN"] = meeting.scheme.name
    return value


def attendee(user: User) -> vCalAddress:
    value = vCalAddress(f"mailto:{user.email}")
    value.params["CN"] = user.display_name
    value.params["ROLE"] = "REQ-PARTICIPANT"
    value.params["PARTSTAT"] = "NEEDS-ACTION"
    value.params["RSVP"] = "FALSE"
    return value


def meeting_event(
    meeting: Meeting,
    *,
    stamp: datetime,
    attendees: Sequence[User] = (),
    cancelled: bool = False,
) -> Event:
    """One VEVENT. ``cancelled`` marks it cancelled for these attendees even if the meeting
    itself still takes place (an organisation removed from the invitations)."""
    url = meeting_url(meeting)
    description = "\n\n".join(
        part
        for part in (
            f"{meeting.scheme.name} — {meeting.body.name}",
            meeting.agenda.strip(),
            _("In Voisinage: %(url)s") % {"url": url},
        )
        if part
    )
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("sequence", meeting.sequence)
    event.add("summary", meeting.display_title)
    if meeting.place:
        event.add("location", meeting.place)
    event.add("description", description)
    event.add("url", url)
    event.add("categories", [str(meeting.body.get_kind_display())])
    event.add("status", "CANCELLED" if cancelled or meeting.is_cancelled else "CONFIRMED")
    event.add("organizer", organizer(meeting))
    for user in attendees:
        event.add("attendee", attendee(user))
    return event


def calendar_document(
    events: Iterable[Event], *, method: str | None = None, name: str | None = None
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def feed_document(meetings: Iterable[Meeting], *, name: str, stamp: datetime) -> bytes:
    """A published feed (no METHOD, no attendees: it is read, not answered)."""
    return calendar_document((meeting_event(m, stamp=stamp) for m in meetings), name=name)
