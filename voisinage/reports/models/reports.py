"""Reports handed to partners, their occurrences, photos and append-only history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from voisinage.accounts.access import Grant, PerimeterKind, grants_q
from voisinage.lib.clock import local
from voisinage.territory.located import LandlordLocated, Located, Positioned

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser


class ReportStatus(models.TextChoices):
    TO_ROUTE = "to_route", _("To route")
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (
    ReportStatus.TO_ROUTE,
    ReportStatus.SENT,
    ReportStatus.ACKNOWLEDGED,
    ReportStatus.PLANNED,
)
# Statuses a recipient may still answer from.
ANSWERABLE = (ReportStatus.SENT, ReportStatus.ACKNOWLEDGED, ReportStatus.PLANNED)


class Answer(models.TextChoices):
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    NOT_OURS = "not_ours", _("Not ours")


# The transitions a recipient's answer makes (the Signalen workflow table).
ANSWER_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ReportStatus.SENT: (Answer.ACKNOWLEDGED, Answer.PLANNED, Answer.DONE, Answer.NOT_OURS),
    ReportStatus.ACKNOWLEDGED: (Answer.PLANNED, Answer.DONE, Answer.NOT_OURS),
    ReportStatus.PLANNED: (Answer.PLANNED, Answer.DONE, Answer.NOT_OURS),
}


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class OccurrenceSource(models.TextChoices):
    INTERVENTION = "intervention", _("From an intervention")
    FORM = "form", _("Reported directly")
    API = "api", _("Through the API")


def report_perimeter_rule(grant: Grant) -> models.Q:
    """Scheme-wide grants see every report of the scheme; a landlord's people see the reports
    sent to their organisation or made at their entrances; a neighbourhood perimeter sees the
    reports made in its neighbourhoods, as for everything located (whoever they were sent to:
    limited to some neighbourhoods means limited). Never another landlord's."""
    q = models.Q(scheme_id=grant.scheme_id)
    if grant.perimeter == PerimeterKind.LANDLORD:
        q &= models.Q(recipient_id=grant.organisation_id) | models.Q(
            landlord_id=grant.organisation_id
        )
    elif grant.perimeter == PerimeterKind.NEIGHBOURHOODS:
        q &= models.Q(neighbourhood_id__in=grant.neighbourhood_ids)
    return q


class ReportQuerySet(models.QuerySet["Report"]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> ReportQuerySet:
        return self.filter(grants_q(user, report_perimeter_rule, require=require))

    def open(self) -> ReportQuerySet:
        return self.filter(status__in=OPEN_STATUSES)


class Report(LandlordLocated, Positioned):
    """A problem noticed in the field and handed to the partner who must act."""

    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # report_scheme_id leads with it
    )
    category = models.ForeignKey(
        "reports.ReportCategory",
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.TO_ROUTE
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    description = models.TextField(_("description"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"))
    # Place (territory.located): an entrance (landlord and neighbourhood follow), or another
    # place, named or positioned.
    place_label = models.CharField(_("place name or address"), max_length=255, blank=True)
    # Routing: to whom, by which rule, by when.
    recipient = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_reports",
    )
    routing_rule = models.ForeignKey(
        "reports.RoutingRule",
        verbose_name=_("routing rule"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    planned_for = models.DateField(_("planned for"), null=True, blank=True)
    answered_at = models.DateTimeField(_("last answer at"), null=True, blank=True)
    # The earliest of the recipient's answers (acknowledged, planned, done, not ours): the
    # feedback rate and delay of analytics read it instead of the events.
    first_answered_at = models.DateTimeField(_("first answer at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    last_reminded_on = models.DateField(_("last reminded on"), null=True, blank=True)
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    # Bumped by every answer: an answer link carries the value it was made with, so a link
    # serves once (docs/adr/0016-signed-single-report-links.md).
    answer_seq = models.PositiveIntegerField(default=0)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["scheme", "status", "created_at"], name="report_scheme_status"),
            models.Index(fields=["scheme", "recipient", "status"], name="report_recipient"),
            models.Index(fields=["scheme", "landlord", "created_at"], name="report_landlord"),
            models.Index(fields=["scheme", "category", "created_at"], name="report_category"),
            models.Index(fields=["scheme", "lat", "lon"], name="report_position"),
            # The analytics' counts of a period: reports created, reports closed.
            # A scheme's report ids without the table (the occurrences' visibility, ADR 0030).
            models.Index(fields=["scheme", "id"], name="report_scheme_id"),
            # Covering on PostgreSQL, for the counts and the feedback delay (ADR 0030).
            models.Index(
                fields=["scheme", "created_at"],
                include=["sent_at", "first_answered_at"],
                name="report_scheme_created",
            ),
            models.Index(
                fields=["scheme", "closed_at"], include=["status"], name="report_scheme_closed"
            ),
            models.Index(fields=["status", "due_on"], name="report_due"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.category} — {self.where}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reports:detail", args=[self.scheme.slug, self.pk])

    @property
    def where(self) -> str:
        if self.entrance_id is not None and self.entrance is not None:
            return self.entrance.address
        return self.place_label or str(_("Public space"))

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Occurrence(Located, Positioned):
    """One time the problem was noticed. A merged duplicate becomes an occurrence of the report
    it duplicates, so the triggering event is counted once; each keeps its time, author and
    source, and its own place so that a wrong merge can be split back."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="occurrences")
    # The report's scheme, copied (an occurrence only moves between reports of one scheme), so
    # a period's occurrences are read by scheme and moment (ADR 0030).
    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # occurrence_scheme_at leads with it
    )
    at = models.DateTimeField(_("at"))
    # Not the report's first occurrence (by time, then id): a duplicate merged into it. Kept by
    # the services that add or move occurrences (report_occurrences_rank); analytics count it.
    merged = models.BooleanField(_("merged duplicate"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("source"), max_length=20, choices=OccurrenceSource.choices)
    intervention = models.ForeignKey(
        "field.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    place_label = models.CharField(_("place name or address"), max_length=255, blank=True)
    idempotency_key = models.CharField(max_length=80, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")
        ordering = ["report", "at", "pk"]
        # A scheme's occurrences of a period (analytics' duplicates share: covering on
        # PostgreSQL, ADR 0030) and a report's earlier ones.
        indexes = [
            models.Index(
                fields=["scheme", "at"],
                include=["id", "report", "merged"],
                name="occurrence_scheme_at",
            ),
            models.Index(fields=["report", "at"], name="occurrence_report_at"),
        ]

    def __str__(self) -> str:
        return f"{local(self.at):%Y-%m-%d %H:%M}"


def _photo_path(instance: ReportPhoto, filename: str) -> str:
    import uuid

    return f"reports/{instance.occurrence.report.scheme_id}/{uuid.uuid4().hex}.jpg"


class ReportPhoto(models.Model):
    """A photo of an occurrence, re-encoded without its metadata (EXIF, GPS…) when stored."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to=_photo_path, max_length=200)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["occurrence", "pk"]

    def __str__(self) -> str:
        return str(self.image.name)


class EventKind(models.TextChoices):
    CREATED = "created", _("reported")
    ROUTED = "routed", _("routed")
    REROUTED = "rerouted", _("re-routed by hand")
    SENT = "sent", _("e-mailed to the recipient")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    # The same word as the status « Planifié » (not « prévu »).
    PLANNED = "planned", pgettext_lazy("report status", "planned")
    DONE = "done", _("done")
    NOT_OURS = "not_ours", _("not ours: back to the supervisor")
    REMINDED = "reminded", _("reminder sent")
    ESCALATED = "escalated", _("escalated to the manager")
    MERGED = "merged", _("duplicate merged")
    SPLIT = "split", _("occurrence split off")
    CLOSED = "closed", _("closed")


class ReportEvent(models.Model):
    """The history of a report: appended, never edited. Routing decisions name their rule."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"))
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # An answer given through a signed link has no user: the organisation answered.
    organisation = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    via_link = models.BooleanField(_("through the e-mailed link"), default=False)
    rule = models.ForeignKey(
        "reports.RoutingRule",
        verbose_name=_("routing rule"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    rule_label = models.CharField(_("rule"), max_length=200, blank=True)
    recipient = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    planned_for = models.DateField(_("planned for"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["report", "at", "pk"]
        indexes = [models.Index(fields=["kind", "at"], name="report_event_kind_at")]

    def __str__(self) -> str:
        return f"{self.kind} {local(self.at):%Y-%m-%d %H:%M}"
