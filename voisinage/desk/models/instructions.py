"""Landlords' instructions: the visits a landlord orders for a given service night."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import grants_q
from voisinage.desk.models.common import Urgency
from voisinage.territory.located import Located
from voisinage.territory.models import stock_perimeter_rule

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser


class InstructionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    DISPATCHED = "dispatched", _("Dispatched to a team")
    HANDLED = "handled", _("Handled")


class UrgentDecision(models.TextChoices):
    NONE = "", _("Not urgent")
    REQUESTED = "requested", _("Urgent: awaiting the supervisor")
    ACCEPTED = "accepted", _("Urgent: accepted for tonight")
    REFUSED = "refused", _("Urgent: not accepted")


class InstructionQuerySet(models.QuerySet["Instruction"]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> InstructionQuerySet:
        """Scheme-wide grants see every instruction; a landlord's referent its landlord's; a
        neighbourhood perimeter those in its neighbourhoods (tenants masked, see desk.access)."""
        return self.filter(grants_q(user, stock_perimeter_rule, require=require))


class Instruction(Located):
    """An instruction ("consigne") a landlord sends for a service night."""

    scheme = models.ForeignKey(
        "schemes.Scheme", verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="+"
    )
    landlord = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("landlord"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    residence = models.ForeignKey(
        "territory.Residence",
        verbose_name=_("residence"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The tenant: personal data.
    tenant_name = models.CharField(_("tenant's name"), max_length=150, blank=True)
    tenant_phone = models.CharField(_("tenant's phone"), max_length=40, blank=True)
    dwelling = models.CharField(_("dwelling number"), max_length=20, blank=True)
    nature = models.ForeignKey(
        "desk.CallNature", verbose_name=_("nature"), on_delete=models.PROTECT, related_name="+"
    )
    details = models.TextField(_("what to do"), blank=True)
    slot_start = models.TimeField(_("from"), null=True, blank=True)
    slot_end = models.TimeField(_("until"), null=True, blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    urgent_decision = models.CharField(
        _("urgent request"), max_length=10, choices=UrgentDecision.choices, blank=True
    )
    service_night = models.DateField(_("service night"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InstructionStatus.choices,
        default=InstructionStatus.SCHEDULED,
    )
    team = models.CharField(_("team dispatched"), max_length=40, blank=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    outcome = models.TextField(_("outcome"), blank=True)
    idempotency_key = models.CharField(max_length=80, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = InstructionQuerySet.as_manager()

    class Meta:
        verbose_name = _("instruction")
        verbose_name_plural = _("instructions")
        ordering = ["-service_night", "-submitted_at"]
        indexes = [
            models.Index(fields=["scheme", "service_night"], name="desk_instr_night"),
            models.Index(fields=["scheme", "landlord", "service_night"], name="desk_instr_ll"),
        ]

    def __str__(self) -> str:
        return f"{self.service_night:%d/%m/%Y} — {self.place_label}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("desk:instruction", args=[self.scheme.slug, self.pk])

    @property
    def place_label(self) -> str:
        if self.entrance_id is not None and self.entrance is not None:
            return self.entrance.address
        if self.residence_id is not None and self.residence is not None:
            return self.residence.name
        return ""

    @property
    def slot_label(self) -> str:
        if self.slot_start and self.slot_end:
            return f"{self.slot_start:%H:%M}–{self.slot_end:%H:%M}"
        if self.slot_start:
            return f"{self.slot_start:%H:%M}"
        return ""
