"""Phone calls to the scheme's platform, the events they are about, their status timeline,
the emergency services alerted and the caller's satisfaction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import grants_q
from voisinage.desk.models.common import Urgency
from voisinage.lib.clock import local
from voisinage.territory.located import LandlordLocated, OtherPlaced
from voisinage.territory.models import stock_perimeter_rule

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser


class CallStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    DISPATCHED = "dispatched", _("Dispatched")
    ON_SITE = "on_site", _("Agents on site")
    CLOSED = "closed", _("Closed")
    CALLED_BACK = "called_back", _("Caller called back")


# The allowed moves (one table, as in Signalen's workflow): a call may be closed without a
# dispatch (handled on the phone, or by the police alone); "done" needs the callback.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    CallStatus.RECEIVED: (CallStatus.DISPATCHED, CallStatus.CLOSED),
    CallStatus.DISPATCHED: (CallStatus.ON_SITE, CallStatus.CLOSED),
    CallStatus.ON_SITE: (CallStatus.CLOSED,),
    CallStatus.CLOSED: (CallStatus.CALLED_BACK,),
    CallStatus.CALLED_BACK: (),
}
OPEN_STATUSES = (
    CallStatus.RECEIVED,
    CallStatus.DISPATCHED,
    CallStatus.ON_SITE,
    CallStatus.CLOSED,
)


class EmergencyService(models.TextChoices):
    POLICE = "17", _("Police (17)")
    FIRE = "18", _("Fire brigade (18)")
    SAMU = "15", _("SAMU (15)")


class EventQuerySet(models.QuerySet["Event"]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> EventQuerySet:
        return self.filter(grants_q(user, stock_perimeter_rule, require=require))


class Event(models.Model):
    """What happened, however many people called about it: counted once."""

    scheme = models.ForeignKey(
        "schemes.Scheme", verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="+"
    )
    night = models.DateField(_("service night"))
    # Copied from the first call: the perimeter filters on them.
    landlord = models.ForeignKey(
        "territory.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    neighbourhood = models.ForeignKey(
        "territory.Neighbourhood",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["scheme", "night"], name="desk_event_night")]

    def __str__(self) -> str:
        return f"{self.night:%d/%m/%Y} #{self.pk}"


class CallQuerySet(models.QuerySet["Call"]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> CallQuerySet:
        """Like interventions: scheme-wide grants see every call; a landlord's referent those at
        its entrances; a neighbourhood perimeter its neighbourhoods. Callers' names and phones
        are a further rule (desk.access.sees_call_person)."""
        return self.filter(grants_q(user, stock_perimeter_rule, require=require))


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class Call(LandlordLocated, OtherPlaced):
    """A call to the scheme's phone platform, taken by the supervisor."""

    scheme = models.ForeignKey(
        "schemes.Scheme", verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="+"
    )
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="calls"
    )
    night = models.DateField(_("service night"))
    received_at = models.DateTimeField(_("received at"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The caller: personal data (docs/adr/0018-desk-personal-data.md).
    caller_name = models.CharField(_("caller's name"), max_length=150, blank=True)
    caller_phone = models.CharField(_("caller's phone"), max_length=40, blank=True)
    caller_email = models.EmailField(_("caller's e-mail"), blank=True)
    caller_dwelling = models.CharField(_("caller's dwelling"), max_length=20, blank=True)
    # Place (territory.located): an entrance, or another place.
    nature = models.ForeignKey(
        "desk.CallNature", verbose_name=_("nature"), on_delete=models.PROTECT, related_name="+"
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    description = models.TextField(_("what the caller says"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CallStatus.choices, default=CallStatus.RECEIVED
    )
    # The moments of the timeline, copied from its rows so response times are one query.
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    on_site_at = models.DateTimeField(_("on site at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    called_back_at = models.DateTimeField(_("called back at"), null=True, blank=True)
    team = models.CharField(_("team dispatched"), max_length=40, blank=True)
    # The answered survey's "Are you satisfied with the service?" (blank while unanswered),
    # copied by the services so the desk's figures read the calls alone (ADR 0030).
    satisfaction = models.CharField(
        _("caller satisfied"), max_length=10, choices=Answer.choices, blank=True
    )
    intervention = models.ForeignKey(
        "field.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    idempotency_key = models.CharField(max_length=80, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["scheme", "night", "received_at"], name="desk_call_night"),
            # Covering on PostgreSQL: a period's counts and response times are an index-only
            # scan (ADR 0030).
            models.Index(
                fields=["scheme", "night"],
                include=[
                    "id",
                    "event",
                    "received_at",
                    "on_site_at",
                    "called_back_at",
                    "satisfaction",
                ],
                name="desk_call_figures",
            ),
            models.Index(fields=["scheme", "status"], name="desk_call_status"),
            models.Index(fields=["scheme", "landlord", "night"], name="desk_call_landlord"),
        ]

    def __str__(self) -> str:
        return f"{local(self.received_at):%d/%m/%Y %H:%M} — {self.place_label}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("desk:call", args=[self.scheme.slug, self.pk])

    @property
    def place_label(self) -> str:
        if self.entrance_id is not None and self.entrance is not None:
            return self.entrance.address
        return self.other_place_label or str(self.get_other_place_kind_display())

    @property
    def is_done(self) -> bool:
        return self.status == CallStatus.CALLED_BACK


class CallStatusChange(models.Model):
    """The timeline of a call: appended, never edited."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="timeline")
    status = models.CharField(_("status"), max_length=20, choices=CallStatus.choices)
    at = models.DateTimeField(_("at"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("call status change")
        verbose_name_plural = _("call status changes")
        ordering = ["call", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.status} {local(self.at):%Y-%m-%d %H:%M}"


class EmergencyAlert(models.Model):
    """The supervisor alerted an emergency service about a call (appended, never edited)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="alerts")
    service = models.CharField(_("service"), max_length=4, choices=EmergencyService.choices)
    at = models.DateTimeField(_("alerted at"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("emergency alert")
        verbose_name_plural = _("emergency alerts")
        ordering = ["call", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.service} {local(self.at):%Y-%m-%d %H:%M}"


class SurveyChannel(models.TextChoices):
    CALLBACK = "callback", _("Asked at the callback")
    LINK = "link", _("Answered through the link")


class SatisfactionSurvey(models.Model):
    """The caller's three answers, asked at the callback or through a signed link."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="survey")
    # The link's single-use nonce: answering clears nothing, it sets answered_at.
    nonce = models.CharField(max_length=32, blank=True)
    link_sent_at = models.DateTimeField(_("link sent at"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=SurveyChannel.choices)
    quick = models.CharField(
        _("Did the agents come quickly?"), max_length=10, choices=Answer.choices, blank=True
    )
    solved = models.CharField(
        _("Was the problem solved?"), max_length=10, choices=Answer.choices, blank=True
    )
    satisfied = models.CharField(
        _("Are you satisfied with the service?"), max_length=10, choices=Answer.choices, blank=True
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")

    def __str__(self) -> str:
        return f"{self.call_id} {self.satisfied}"


class PersonalDataView(models.Model):
    """Someone was shown a caller's or a tenant's name and phone: who, when, which record, from
    which page or API route, and whom it showed."""

    scheme = models.ForeignKey(
        "schemes.Scheme", verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("when"))
    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, null=True, blank=True
    )
    instruction = models.ForeignKey(
        "desk.Instruction",
        verbose_name=_("instruction"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    # A record of another app (a report's photo, a courtesy visit), as its label.
    record = models.CharField(_("record"), max_length=60, blank=True)
    where = models.CharField(_("where"), max_length=40)  # the page's or API route's name
    # Whom the record shows (name and phone as shown), so the log is read per person; the line
    # goes with the log's own retention (docs/personal-data.md).
    person = models.CharField(_("person"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("view of personal data")
        verbose_name_plural = _("views of personal data")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["scheme", "at"], name="desk_pdview_at")]

    def __str__(self) -> str:
        return f"{self.user_id} {local(self.at):%Y-%m-%d %H:%M}"
