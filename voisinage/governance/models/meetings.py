"""Meetings, their attendance and their documents."""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import Grant, PerimeterKind, grants_q
from voisinage.governance.models.access import SchemeScopedQuerySet
from voisinage.governance.models.bodies import Body

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser


class MeetingQuerySet(SchemeScopedQuerySet["Meeting"]):
    def active(self) -> Self:
        return self.filter(cancelled_at__isnull=True)


class Meeting(models.Model):
    """One meeting of a body. ``sequence`` is the iCalendar SEQUENCE (raised when the date, place
    or title changes); ``version`` guards against saving over someone else's change."""

    uid = models.UUIDField(
        _("calendar identifier"), default=uuid.uuid4, unique=True, editable=False
    )
    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Empty: the body's name.")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    invited_organisations = models.ManyToManyField(
        "territory.Organisation",
        verbose_name=_("invited organisations"),
        blank=True,
        related_name="governance_invitations",
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_updated_at = models.DateTimeField(_("minutes updated at"), null=True, blank=True)
    deck_sent_at = models.DateTimeField(_("deck sent to the coordinator at"), null=True, blank=True)
    deck_reminder_sent_at = models.DateTimeField(_("deck reminder sent at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["scheme", "starts_at"], name="gov_meeting_scheme_start"),
            models.Index(fields=["body", "starts_at"], name="gov_meeting_body_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="governance_meeting_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.display_title} ({self.starts_at:%Y-%m-%d})"

    @property
    def display_title(self) -> str:
        return self.title or self.body.name

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.body_id and self.scheme_id and self.body.scheme_id != self.scheme_id:
            errors["body"] = _("This body belongs to another scheme.")
        if self.starts_at and self.ends_at:
            if self.ends_at <= self.starts_at:
                errors["ends_at"] = _("The meeting must end after it starts.")
            elif (self.ends_at - self.starts_at).total_seconds() > 24 * 3600:
                errors["ends_at"] = _("A meeting lasts 24 hours at most.")
        if errors:
            raise ValidationError(errors)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class AttendanceQuerySet(SchemeScopedQuerySet["Attendance"]):
    scheme_field = "meeting__scheme_id"


class Attendance(models.Model):
    """Who attended a meeting, for which organisation (a user of the scheme, or a named guest)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    organisation = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    person_name = models.CharField(_("name"), max_length=150, blank=True)
    status = models.CharField(
        _("attendance"),
        max_length=10,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.PRESENT,
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "organisation__name", "person_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(person_name=""),
                name="governance_attendance_has_person",
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(user__isnull=False),
                name="governance_attendance_unique_user",
            ),
            models.UniqueConstraint(
                fields=["meeting", "organisation", "person_name"],
                condition=models.Q(user__isnull=True),
                name="governance_attendance_unique_name",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="gov_attendance_org")]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.organisation})"

    @property
    def display_name(self) -> str:
        if self.person_name:
            return self.person_name
        return self.user.display_name if self.user else ""


DOCUMENT_EXTENSIONS = (
    ".pdf",
    ".pptx",
    ".ppt",
    ".odp",
    ".docx",
    ".doc",
    ".odt",
    ".xlsx",
    ".xls",
    ".ods",
    ".csv",
    ".txt",
    ".png",
    ".jpg",
    ".jpeg",
)
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024


def document_path(instance: MeetingDocument, filename: str) -> str:
    """Uploaded files get a random name under the scheme's folder; the original name is kept
    in ``filename`` for downloads."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"governance/{instance.meeting.scheme_id}/{uuid.uuid4().hex}{suffix}"


class MeetingDocumentQuerySet(SchemeScopedQuerySet["MeetingDocument"]):
    scheme_field = "meeting__scheme_id"

    def visible_to(self, user: AnyUser, *, require: str | None = None) -> Self:
        """Every member of the scheme reads its meetings' documents, except a review deck
        stored as a file (attached before decks became links built for each reader, ADR 0035):
        it holds the figures of whoever built it, so only whole-scheme grants read it."""

        def rule(grant: Grant) -> models.Q:
            q = models.Q(meeting__scheme_id=grant.scheme_id)
            if grant.perimeter != PerimeterKind.SCHEME:
                q &= ~(models.Q(is_review_deck=True) & ~models.Q(file=""))
            return q

        return self.filter(grants_q(user, rule, require=require))


class MeetingDocument(models.Model):
    """A file uploaded for a meeting, or a link to a page of the application (e.g. a review)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path, blank=True, max_length=200)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    url = models.CharField(
        _("link"),
        max_length=500,
        blank=True,
        help_text=_("A page of Voisinage (starting with /) or an https:// address."),
    )
    is_review_deck = models.BooleanField(_("review deck"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = MeetingDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["meeting", "added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(url=""))
                | (~models.Q(file="") & models.Q(url="")),
                name="governance_document_file_or_link",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_link(self) -> bool:
        return bool(self.url)
