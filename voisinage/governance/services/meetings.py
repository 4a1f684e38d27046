"""Writes on meetings: create (and the crisis shortcut), update, minutes, review deck, cancel,
attendance and documents. Calendar invitations leave through tasks, after commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import partial
from pathlib import PurePath
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from voisinage.governance.models import (
    DOCUMENT_EXTENSIONS,
    DOCUMENT_MAX_BYTES,
    Attendance,
    AttendanceStatus,
    Body,
    BodyKind,
    Frequency,
    Meeting,
    MeetingDocument,
)
from voisinage.lib import clock
from voisinage.territory.models import Organisation

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from voisinage.accounts.models import User
    from voisinage.schemes.models import Scheme

# Changing one of these changes what calendars show: SEQUENCE goes up and invitations go again.
CALENDAR_FIELDS = ("starts_at", "ends_at", "place", "title")
STALE_MESSAGE = "Someone else changed this meeting in the meantime. Reload the page and try again."


def _scheme_organisation_ids(scheme: Scheme) -> set[int]:
    return set(
        Organisation.objects.filter(scheme_memberships__scheme=scheme).values_list("pk", flat=True)
    )


def _check_invitees(scheme: Scheme, organisation_ids: Sequence[int]) -> list[int]:
    wanted = list(dict.fromkeys(organisation_ids))
    if set(wanted) - _scheme_organisation_ids(scheme):
        raise ValidationError(
            {"invited_organisations": _("Only organisations of the scheme can be invited.")}
        )
    return wanted


def _is_over(meeting: Meeting) -> bool:
    """Calendars are not bothered with meetings that already ended (recorded afterwards)."""
    return meeting.ends_at <= clock.now()


def _enqueue_invitations(meeting_id: int, organisation_ids: list[int] | None = None) -> None:
    from voisinage.governance.tasks import send_meeting_invitations

    transaction.on_commit(
        partial(
            send_meeting_invitations.enqueue,
            meeting_id=meeting_id,
            organisation_ids=organisation_ids,
        )
    )


def _enqueue_cancellations(meeting_id: int, organisation_ids: list[int] | None = None) -> None:
    from voisinage.governance.tasks import send_meeting_cancellations

    transaction.on_commit(
        partial(
            send_meeting_cancellations.enqueue,
            meeting_id=meeting_id,
            organisation_ids=organisation_ids,
        )
    )


def lock_meeting(meeting: Meeting, expected_version: int | None = None) -> Meeting:
    """The meeting's row, locked; refuses a stale form and a cancelled meeting.
    Must be called inside a transaction."""
    locked = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("body", "scheme")
        .get(pk=meeting.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(_(STALE_MESSAGE), code="stale")
    if locked.is_cancelled:
        raise ValidationError(_("This meeting is cancelled: it can no longer be changed."))
    return locked


@transaction.atomic
def meeting_create(
    *,
    scheme: Scheme,
    body: Body,
    starts_at: datetime,
    created_by: User | None,
    ends_at: datetime | None = None,
    place: str = "",
    title: str = "",
    agenda: str = "",
    invited_organisation_ids: Sequence[int] | None = None,
    notify: bool = True,
) -> Meeting:
    """Create a meeting. Without ``invited_organisation_ids``, the body's usual invitees are
    invited. With ``notify``, they receive an .ics invitation by e-mail after commit (unless
    the meeting is already over: recorded after the fact)."""
    if body.scheme_id != scheme.pk:
        raise ValidationError({"body": _("This body belongs to another scheme.")})
    if not body.is_active:
        raise ValidationError({"body": _("This body no longer meets.")})
    if ends_at is None:
        ends_at = starts_at + timedelta(minutes=body.default_duration_minutes)
    meeting = Meeting(
        scheme=scheme,
        body=body,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        agenda=agenda.strip(),
        created_by=created_by,
    )
    meeting.full_clean()
    if invited_organisation_ids is None:
        invited = list(body.usual_invitees.values_list("pk", flat=True))
    else:
        invited = _check_invitees(scheme, invited_organisation_ids)
    meeting.save()
    meeting.invited_organisations.set(invited)
    if notify and invited and not _is_over(meeting):
        _enqueue_invitations(meeting.pk)
    return meeting


@transaction.atomic
def meeting_crisis_create(
    *,
    scheme: Scheme,
    starts_at: datetime,
    place: str,
    reason: str,
    created_by: User | None,
    notify: bool = True,
) -> Meeting:
    """Call a crisis meeting in one step: the scheme's crisis body (created if missing), its
    usual invitees or else every organisation of the scheme, one hour by default."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the meeting is called.")})
    body = (
        Body.objects.filter(scheme=scheme, kind=BodyKind.CRISIS, is_active=True)
        .order_by("position", "pk")
        .first()
    )
    if body is None:
        body = Body(
            scheme=scheme,
            kind=BodyKind.CRISIS,
            name=_("Crisis meetings"),
            frequency=Frequency.ON_DEMAND,
            default_duration_minutes=60,
            position=99,
        )
        body.full_clean()
        body.save()
    invited = list(body.usual_invitees.values_list("pk", flat=True)) or sorted(
        _scheme_organisation_ids(scheme)
    )
    return meeting_create(
        scheme=scheme,
        body=body,
        starts_at=starts_at,
        place=place,
        title=reason.splitlines()[0][:200],
        agenda=reason,
        invited_organisation_ids=invited,
        created_by=created_by,
        notify=notify,
    )


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    expected_version: int,
    body: Body,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    title: str,
    agenda: str,
    invited_organisation_ids: Sequence[int],
    notify: bool = True,
) -> Meeting:
    """Change a meeting. A new date, place or title raises the calendar SEQUENCE and sends the
    invitation again; newly invited organisations get it, removed ones get a cancellation."""
    locked = lock_meeting(meeting, expected_version)
    if body.scheme_id != locked.scheme_id:
        raise ValidationError({"body": _("This body belongs to another scheme.")})
    before = {name: getattr(locked, name) for name in CALENDAR_FIELDS}
    locked.body = body
    locked.starts_at = starts_at
    locked.ends_at = ends_at
    locked.place = place.strip()
    locked.title = title.strip()
    locked.agenda = agenda.strip()
    calendar_changed = any(getattr(locked, name) != before[name] for name in CALENDAR_FIELDS)
    if calendar_changed:
        locked.sequence += 1
    if locked.starts_at != before["starts_at"]:
        locked.deck_reminder_sent_at = None  # a new date deserves a new reminder
    locked.version += 1
    locked.full_clean()
    invited = _check_invitees(locked.scheme, invited_organisation_ids)
    locked.save()
    previous = set(locked.invited_organisations.values_list("pk", flat=True))
    locked.invited_organisations.set(invited)
    added = sorted(set(invited) - previous)
    removed = sorted(previous - set(invited))
    if notify and not _is_over(locked):
        if calendar_changed and invited:
            _enqueue_invitations(locked.pk)
        elif added:
            _enqueue_invitations(locked.pk, added)
        if removed:
            _enqueue_cancellations(locked.pk, removed)
    return locked


@transaction.atomic
def meeting_minutes_record(
    *, meeting: Meeting, minutes: str, expected_version: int, now: datetime | None = None
) -> Meeting:
    locked = lock_meeting(meeting, expected_version)
    locked.minutes = minutes.strip()
    locked.minutes_updated_at = now or clock.now()
    locked.version += 1
    locked.full_clean()
    locked.save(update_fields=["minutes", "minutes_updated_at", "version", "updated_at"])
    return locked


@transaction.atomic
def meeting_deck_record(
    *, meeting: Meeting, sent_at: datetime, now: datetime | None = None
) -> Meeting:
    """Record when the operator's review deck reached the coordinator."""
    locked = lock_meeting(meeting)
    if not locked.body.deck_required:
        raise ValidationError(_("This body does not expect a review deck."))
    if sent_at > (now or clock.now()) + timedelta(minutes=5):
        raise ValidationError({"sent_at": _("The deck cannot have been sent in the future.")})
    locked.deck_sent_at = sent_at
    locked.version += 1
    locked.save(update_fields=["deck_sent_at", "version", "updated_at"])
    return locked


@transaction.atomic
def meeting_cancel(
    *, meeting: Meeting, now: datetime | None = None, notify: bool = True
) -> Meeting:
    """Cancel a meeting: calendars receive METHOD:CANCEL; it no longer counts anywhere."""
    locked = lock_meeting(meeting)
    locked.cancelled_at = now or clock.now()
    locked.sequence += 1
    locked.version += 1
    locked.save(update_fields=["cancelled_at", "sequence", "version", "updated_at"])
    if notify and not _is_over(locked) and locked.invited_organisations.exists():
        _enqueue_cancellations(locked.pk)
    return locked


def meeting_invitations_resend(*, meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting is cancelled: it can no longer be changed."))
    if _is_over(meeting):
        raise ValidationError(_("This meeting is over: there is nobody left to invite."))
    if not meeting.invited_organisations.exists():
        raise ValidationError(_("No organisation is invited to this meeting."))
    with transaction.atomic():
        _enqueue_invitations(meeting.pk)


# --- Attendance -------------------------------------------------------------------------------
@transaction.atomic
def attendance_record(
    *,
    meeting: Meeting,
    organisation: Organisation,
    status: str,
    user: User | None = None,
    person_name: str = "",
    now: datetime | None = None,
) -> Attendance:
    """Record (or correct) one person's attendance, for an organisation. A person is a user of
    the scheme, or a name."""
    locked = lock_meeting(meeting)
    person_name = person_name.strip()
    if user is None and not person_name:
        raise ValidationError(_("Choose a person or write a name."))
    if status not in AttendanceStatus.values:
        raise ValidationError({"status": _("Unknown attendance status.")})
    if status == AttendanceStatus.PRESENT and locked.starts_at > (now or clock.now()):
        raise ValidationError({"status": _("Presence is recorded once the meeting has started.")})
    allowed = _scheme_organisation_ids(locked.scheme) | set(
        locked.invited_organisations.values_list("pk", flat=True)
    )
    if organisation.pk not in allowed:
        raise ValidationError({"organisation": _("This organisation takes no part in the scheme.")})
    if user is not None:
        row = Attendance.objects.filter(meeting=locked, user=user).first()
        row = row or Attendance(meeting=locked, user=user)
        row.person_name = ""
    else:
        row = Attendance.objects.filter(
            meeting=locked, user__isnull=True, organisation=organisation, person_name=person_name
        ).first() or Attendance(meeting=locked, person_name=person_name)
    row.organisation = organisation
    row.status = status
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def attendance_remove(*, attendance: Attendance) -> None:
    lock_meeting(attendance.meeting)
    attendance.delete()


# --- Documents --------------------------------------------------------------------------------
def _check_link(url: str) -> str:
    url = url.strip()
    if url.startswith("/") and not url.startswith("//"):
        return url
    try:
        URLValidator(schemes=["https", "http"])(url)
    except ValidationError as exc:
        raise ValidationError(
            {"url": _("Give a page of Voisinage (starting with /) or an https:// address.")}
        ) from exc
    return url


def review_deck_url(meeting: Meeting) -> str:
    """The review deck a meeting looks at, built for whoever downloads it: the last complete
    half-year before the meeting (analytics' ``avant=``)."""
    day = meeting.starts_at.astimezone(ZoneInfo(meeting.scheme.time_zone)).date()
    path = reverse("analytics:review_download", args=[meeting.scheme.slug, "pptx"])
    return f"{path}?avant={day.isoformat()}"


@transaction.atomic
def document_add(
    *,
    meeting: Meeting,
    title: str,
    added_by: User | None,
    upload: UploadedFile | None = None,
    url: str = "",
    is_review_deck: bool = False,
) -> MeetingDocument:
    """Attach a file (stored under MEDIA_ROOT, served only through an access check) or a link.

    A review deck is never a file: its figures are each reader's own (ADR 0035). It is a link to
    the review built at download for whoever follows it — by default the review of the
    half-year before the meeting."""
    locked = lock_meeting(meeting)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the document a title.")})
    if is_review_deck and upload is not None:
        raise ValidationError(
            {
                "upload": _(
                    "A review deck is built for each reader with the figures of their own "
                    "perimeter: attach it as a link (leave both fields empty for the review "
                    "before this meeting), not as a file."
                )
            }
        )
    if is_review_deck and not url.strip():
        url = review_deck_url(locked)
    if (upload is None) == (not url.strip()):
        raise ValidationError(_("Give either a file or a link, not both."))
    document = MeetingDocument(
        meeting=locked, title=title, is_review_deck=is_review_deck, added_by=added_by
    )
    if upload is not None:
        name = PurePath(upload.name or "document").name
        if PurePath(name).suffix.lower() not in DOCUMENT_EXTENSIONS:
            raise ValidationError(
                {
                    "upload": _("Accepted files: %(extensions)s.")
                    % {"extensions": ", ".join(DOCUMENT_EXTENSIONS)}
                }
            )
        if upload.size is None or upload.size > DOCUMENT_MAX_BYTES:
            raise ValidationError(
                {
                    "upload": _("The file is larger than %(mb)s MB.")
                    % {"mb": DOCUMENT_MAX_BYTES // (1024 * 1024)}
                }
            )
        document.filename = name[-200:]
        document.size = upload.size
        document.file.save(name, upload, save=False)
        # If anything below fails, the row is rolled back: remove the stored file too.
        stored = document.file.name or ""
        storage = document.file.storage
        try:
            document.full_clean()
            document.save()
        except BaseException:
            storage.delete(stored)
            raise
    else:
        document.url = _check_link(url)
        document.full_clean()
        document.save()
    return document


@transaction.atomic
def document_remove(*, document: MeetingDocument) -> None:
    lock_meeting(document.meeting)
    file_name = document.file.name if document.file else ""
    storage = document.file.storage
    document.delete()
    if file_name:
        transaction.on_commit(partial(storage.delete, file_name))
