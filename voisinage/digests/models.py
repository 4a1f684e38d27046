"""The daily digest of a service night, its versions and deliveries; neighbourhood ambiance
overrides."""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import Grant, grants_q

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser

DEFAULT_DISPATCH_TIME = time(7, 30)
DEFAULT_DEADLINE = time(8, 0)  # the usual contract's "by 08:00", in the scheme's time zone


def _scheme_rule(grant: Grant) -> models.Q:
    return models.Q(scheme_id=grant.scheme_id)


class SchemeMembersQuerySet[M: models.Model](models.QuerySet[M]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> Self:
        """Every member of a scheme sees its digests; their *lines* are restricted to the
        member's perimeter (``digests.selectors.lines_for``)."""
        return self.filter(grants_q(user, _scheme_rule, require=require))


class DigestSettings(models.Model):
    """Per-scheme settings of the morning dispatch (created with defaults on first use)."""

    scheme = models.OneToOneField(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="digest_settings",
    )
    dispatch_time = models.TimeField(
        _("dispatch time"),
        default=DEFAULT_DISPATCH_TIME,
        help_text=_("Local time at which the digest is sent, validated or not."),
    )
    is_enabled = models.BooleanField(_("automatic dispatch"), default=True)
    deadline = models.TimeField(
        _("latest sending time"),
        default=DEFAULT_DEADLINE,
        help_text=_(
            "Local time by which the contract wants the digest sent, the morning after the "
            "night; a digest first sent later is late."
        ),
    )

    class Meta:
        verbose_name = _("digest settings")
        verbose_name_plural = _("digest settings")

    def __str__(self) -> str:
        return f"{self.scheme} — {self.dispatch_time:%H:%M}"


class OperatorDeadline(models.Model):
    """An operator's own contractual deadline for the digest, in a scheme with several
    operators (none: the scheme's). The digest is one document: the moment it was first sent
    is judged against each operator's deadline for that operator's punctuality."""

    scheme = models.ForeignKey(
        "schemes.Scheme", verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="+"
    )
    operator = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("operator"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    deadline = models.TimeField(_("latest sending time"))

    class Meta:
        verbose_name = _("operator's digest deadline")
        verbose_name_plural = _("operators' digest deadlines")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "operator"], name="digest_operator_deadline_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.operator} — {self.deadline:%H:%M}"


class DigestRecipient(models.Model):
    """An organisation whose members receive the digest, each within their own perimeter."""

    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="digest_recipients",
    )
    organisation = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("digest recipient")
        verbose_name_plural = _("digest recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "organisation"], name="digest_recipient_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class Digest(models.Model):
    """The digest of one service night of a scheme. Its content lives in versions: the current
    draft (recompiled until it is sent) and every version sent."""

    scheme = models.ForeignKey(
        "schemes.Scheme", verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="+"
    )
    night = models.DateField(_("service night"))
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    first_sent_at = models.DateTimeField(_("first sent at"), null=True, blank=True)
    on_time = models.BooleanField(_("sent on time"), null=True, blank=True)

    objects = SchemeMembersQuerySet.as_manager()

    class Meta:
        verbose_name = _("daily digest")
        verbose_name_plural = _("daily digests")
        ordering = ["-night"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "night"], name="digest_scheme_night")
        ]

    def __str__(self) -> str:
        return f"{self.scheme} — {self.night:%Y-%m-%d}"


class DigestVersion(models.Model):
    """One compiled content of a digest. Version 1 is the morning's; a correction after
    dispatch makes version 2, and so on. A sent version never changes."""

    digest = models.ForeignKey(
        Digest, verbose_name=_("digest"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    compiled_at = models.DateTimeField(_("compiled at"))
    content = models.JSONField(_("content"), default=dict)
    validated = models.BooleanField(_("validated by the supervisor"), default=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    changes = models.JSONField(_("changes since the previous version"), default=list)

    class Meta:
        verbose_name = _("digest version")
        verbose_name_plural = _("digest versions")
        ordering = ["digest", "number"]
        constraints = [
            models.UniqueConstraint(fields=["digest", "number"], name="digest_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.digest} v{self.number}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("To send")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed (will be retried)")


class DigestDelivery(models.Model):
    """One e-mail of one version to one person. Kept until sent: when the mail server is down,
    the scheduler retries it; nothing is lost."""

    version = models.ForeignKey(
        DigestVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    email = models.EmailField(_("e-mail"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="digest_delivery_once")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.version} → {self.email}"


class PeriodKind(models.TextChoices):
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")


class AmbianceOverride(models.Model):
    """The supervisor's correction of a computed ambiance level, with its reason."""

    scheme = models.ForeignKey(
        "schemes.Scheme", verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="+"
    )
    neighbourhood = models.ForeignKey(
        "territory.Neighbourhood",
        verbose_name=_("neighbourhood"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    period = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    starts_on = models.DateField(_("first night of the period"))
    level = models.CharField(_("level"), max_length=10)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))

    objects = SchemeMembersQuerySet.as_manager()

    class Meta:
        verbose_name = _("ambiance override")
        verbose_name_plural = _("ambiance overrides")
        constraints = [
            models.UniqueConstraint(
                fields=["neighbourhood", "period", "starts_on"], name="ambiance_override_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.neighbourhood} {self.period} {self.starts_on}: {self.level}"
