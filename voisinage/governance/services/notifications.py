"""E-mails of the governance app, sent by tasks (voisinage/governance/tasks.py): calendar
invitations and cancellations with an .ics attachment, and the review-deck reminder."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from email.message import MIMEPart
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from voisinage.accounts.access import readers
from voisinage.accounts.models import User
from voisinage.core.claims import claimed_work
from voisinage.governance.calendars import calendar_document, meeting_event, meeting_url
from voisinage.governance.models import Meeting
from voisinage.governance.selectors import DeckStatus, deck_status, local_date, scheme_zone
from voisinage.lib import clock
from voisinage.lib.text import render_subject, render_text
from voisinage.schemes.models import MemberRole

MAX_DECK_REMINDER_DAYS = 120  # Body.deck_reminder_days is validated below this


def meeting_invitees(meeting: Meeting, organisation_ids: Sequence[int] | None = None) -> list[User]:
    """The users to invite: the meeting's readers (``accounts.access.readers``: memberships in
    force today) whose organisation is invited (or, with ``organisation_ids``, is one of these),
    and who have an e-mail address."""
    org_ids = (
        list(organisation_ids)
        if organisation_ids is not None
        else list(meeting.invited_organisations.values_list("pk", flat=True))
    )
    return [user for user in readers(meeting, organisations=org_ids) if user.email]


def _ics_part(ics: bytes, *, method: str) -> MIMEPart:
    """The .ics attachment, typed ``text/calendar; method=…`` so mail clients offer to add it."""
    part = MIMEPart()
    part.set_content(
        ics.decode(),
        subtype="calendar",
        charset="utf-8",
        params={"method": method},
        disposition="attachment",
        filename="invitation.ics",
    )
    return part


def _meeting_context(meeting: Meeting) -> dict[str, object]:
    zone = scheme_zone(meeting.scheme)
    return {
        "meeting": meeting,
        "starts_at": meeting.starts_at.astimezone(zone),
        "ends_at": meeting.ends_at.astimezone(zone),
        "url": meeting_url(meeting),
    }


def _send_calendar_messages(
    meeting: Meeting, users: list[User], *, method: str, template: str
) -> int:
    stamp = clock.now()
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for user in users:
            context = {**_meeting_context(meeting), "user": user}
            subject = render_subject(f"governance/email/{template}_subject.txt", context)
            body = render_text(f"governance/email/{template}.txt", context)
            ics = calendar_document(
                [
                    meeting_event(
                        meeting, stamp=stamp, attendees=[user], cancelled=method == "CANCEL"
                    )
                ],
                method=method,
            )
            message = EmailMessage(subject=subject, body=body, to=[user.email])
            message.attach(_ics_part(ics, method=method))
            messages.append(message)
    if not messages:
        return 0
    # One message per person: nobody learns the others' addresses.
    return mailers.default.send_messages(messages) or 0


def _meeting(meeting_id: int) -> Meeting | None:
    return Meeting.objects.select_related("body", "scheme").filter(pk=meeting_id).first()


def meeting_invitations_send(
    *, meeting_id: int, organisation_ids: Sequence[int] | None = None
) -> int:
    """Send the invitation (METHOD:REQUEST, current SEQUENCE) to the invited organisations'
    users, or only to those of ``organisation_ids``. Returns the number of e-mails sent."""
    meeting = _meeting(meeting_id)
    if meeting is None or meeting.is_cancelled or meeting.ends_at <= clock.now():
        return 0
    if organisation_ids is not None:
        invited = set(meeting.invited_organisations.values_list("pk", flat=True))
        organisation_ids = [pk for pk in organisation_ids if pk in invited]
    users = meeting_invitees(meeting, organisation_ids)
    return _send_calendar_messages(meeting, users, method="REQUEST", template="invitation")


def meeting_cancellations_send(
    *, meeting_id: int, organisation_ids: Sequence[int] | None = None
) -> int:
    """Send METHOD:CANCEL: to every invitee of a cancelled meeting, or to the users of
    organisations no longer invited (``organisation_ids``)."""
    meeting = _meeting(meeting_id)
    if meeting is None or meeting.ends_at <= clock.now():
        return 0
    users = meeting_invitees(meeting, organisation_ids)
    return _send_calendar_messages(meeting, users, method="CANCEL", template="cancellation")


def deck_reminder_recipients(meeting: Meeting) -> list[str]:
    """The operator's managers in the scheme (``can_manage``) who read the meeting, else the
    operator's address."""
    emails = [
        user.email
        for user in readers(
            meeting, require="can_manage", organisations=[meeting.scheme.operator_id]
        )
        if user.email
    ]
    if not emails and meeting.scheme.operator.email:
        emails = [meeting.scheme.operator.email]
    return emails


def deck_reminders_send(*, now: datetime | None = None) -> int:
    """Remind the operator's managers of each review deck not yet sent, once, from
    ``deck_reminder_days`` before the meeting (days counted in the scheme's time zone from
    ``now``). Returns the number of meetings reminded. Each meeting's reminder is claimed
    (``deck_reminder_sent_at``) before it is written and sent with no transaction open
    (``core.claims``), so two workers never remind twice."""
    now = now or clock.now()
    candidates = (
        Meeting.objects.filter(
            body__deck_required=True,
            cancelled_at__isnull=True,
            deck_sent_at__isnull=True,
            deck_reminder_sent_at__isnull=True,
            scheme__is_active=True,
            starts_at__gte=now,
            starts_at__lt=now + timedelta(days=MAX_DECK_REMINDER_DAYS + 1),
        )
        .select_related("body", "scheme__operator")
        .order_by("starts_at", "pk")
    )
    reminded = 0
    for candidate in candidates:
        day = local_date(now, candidate.scheme)
        status = deck_status(candidate, today=day)
        if status is None or day < status.remind_on:
            continue
        recipients = deck_reminder_recipients(candidate)
        if not recipients:  # nobody to tell yet: tried again tomorrow
            continue
        won, _sent = claimed_work(
            Meeting,
            candidate.pk,
            unclaimed=Q(deck_reminder_sent_at__isnull=True, deck_sent_at__isnull=True),
            claim_values={"deck_reminder_sent_at": now},
            release_values={"deck_reminder_sent_at": None},
            work=partial(_deck_reminder, candidate, status, day, recipients),
        )
        reminded += won
    return reminded


def _deck_reminder(meeting: Meeting, status: DeckStatus, day: date, recipients: list[str]) -> int:
    """The claimed reminder of one meeting's deck: write it and send it to the managers (or the
    operator's address)."""
    context = {
        **_meeting_context(meeting),
        "due_on": status.due_on,
        "lead_days": meeting.body.deck_lead_days,
        "is_late": day > status.due_on,
        "coordinators": list(
            meeting.scheme.members.filter(role=MemberRole.COORDINATOR).select_related(
                "organisation"
            )
        ),
        "compliance_url": settings.BASE_URL
        + reverse("governance:compliance", args=[meeting.scheme.slug]),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_subject("governance/email/deck_reminder_subject.txt", context)
        body = render_text("governance/email/deck_reminder.txt", context)
    return EmailMessage(subject=subject, body=body, to=recipients).send()
