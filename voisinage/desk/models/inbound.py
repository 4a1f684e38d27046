"""Instructions received by e-mail: each message kept whole, as a draft instruction for the
supervisor to confirm, or in quarantine when its scheme or its sender is unknown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import PerimeterKind, grants_q
from voisinage.desk.models.common import operator_side_rule

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser, Grant


class InboundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft: to confirm")
    QUARANTINED = "quarantined", _("Quarantined")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")


class QuarantineReason(models.TextChoices):
    NONE = "", _("—")
    UNKNOWN_SCHEME = "unknown_scheme", _("No scheme has this address")
    UNKNOWN_SENDER = "unknown_sender", _("The sender is no landlord's member of the scheme")
    AMBIGUOUS_SENDER = "ambiguous_sender", _("Several accounts have the sender's address")


def _whole_scheme_staff(grant: Grant) -> models.Q:
    if grant.perimeter != PerimeterKind.SCHEME:
        return models.Q(pk__in=[])
    return operator_side_rule(grant)


class InboundEmailQuerySet(models.QuerySet["InboundEmail"]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> InboundEmailQuerySet:
        """The scheme's supervisors of the whole scheme (operator side): an e-mail is not
        located until someone reads it, and may name any entrance, tenant or landlord; a
        supervisor limited to some neighbourhoods reads the instruction once confirmed. Messages
        of no known scheme: platform administrators only."""
        return self.filter(grants_q(user, _whole_scheme_staff, require=require or "can_supervise"))


class InboundEmail(models.Model):
    """One e-mail received at an instruction address (SMTP/LMTP listener or IMAP polling)."""

    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    received_at = models.DateTimeField(_("received at"))
    sender = models.CharField(_("sender"), max_length=254)
    recipients = models.TextField(_("recipients"))
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    # The original message, attachments included, as received.
    raw = models.BinaryField(_("original e-mail"))
    channel = models.CharField(_("channel"), max_length=10)
    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=12, choices=InboundStatus.choices)
    reason = models.CharField(
        _("reason"), max_length=20, choices=QuarantineReason.choices, blank=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender's account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    landlord = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("landlord"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # What the body said, as read by desk.inbound.parse (the supervisor corrects it).
    parsed = models.JSONField(_("fields read in the e-mail"), default=dict, blank=True)
    service_night = models.DateField(_("service night"), null=True, blank=True)
    instruction = models.OneToOneField(
        "desk.Instruction",
        verbose_name=_("instruction"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="email",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    objects = InboundEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mailed instruction")
        verbose_name_plural = _("e-mailed instructions")
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["scheme", "status"], name="desk_inbound_status")]

    def __str__(self) -> str:
        return f"{self.sender} — {self.subject}"
