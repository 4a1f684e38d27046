"""Personal data as the GDPR expects (docs/personal-data.md, ADR 0051): each scheme's retention
rules and the history of the anonymisation runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from voisinage.core.personal_data import DataKind
from voisinage.lib.clock import local

# Months, and why, in docs/personal-data.md ("Retention rules").
DEFAULT_MONTHS: dict[str, int] = {
    DataKind.CALLER: 6,
    DataKind.TENANT: 6,
    DataKind.NARRATIVE: 12,
    DataKind.PHOTO: 12,
    DataKind.SURVEY: 12,
    DataKind.ACCESS_LOG: 12,
}
# An access log kept less than six months cannot answer a person asking who saw their data
# (the CNIL's recommendation on logging: six months to a year).
MINIMUM_MONTHS: dict[str, int] = {DataKind.ACCESS_LOG: 6}
MAXIMUM_MONTHS = 120


class RetentionRule(models.Model):
    """How long a scheme keeps one kind of personal data after its record is over."""

    scheme = models.ForeignKey(
        "schemes.Scheme", verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind of data"), max_length=20, choices=DataKind.choices)
    months = models.PositiveSmallIntegerField(_("months kept"))

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "kind"], name="privacy_rule_unique_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.months}"


class AnonymisationRun(models.Model):
    """One run of the anonymisation (appended, never edited): what it changed, kind by kind."""

    scheme = models.ForeignKey(
        "schemes.Scheme", verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(_("at"))
    counts = models.JSONField(_("records changed"), default=dict)

    class Meta:
        verbose_name = _("anonymisation run")
        verbose_name_plural = _("anonymisation runs")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["scheme", "at"], name="privacy_run_at")]

    def __str__(self) -> str:
        return f"{local(self.at):%Y-%m-%d %H:%M}"

    @property
    def total(self) -> int:
        return sum(int(n) for n in self.counts.values())


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Access to their data")
    RECTIFICATION = "rectification", _("Rectification")
    ERASURE = "erasure", _("Erasure")


class RequestOutcome(models.TextChoices):
    PENDING = "", _("Pending")
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused")


class SubjectRequest(models.Model):
    """A person's request about their data (GDPR art. 15 to 17), answered within one month."""

    scheme = models.ForeignKey(
        "schemes.Scheme", verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("request"), max_length=20, choices=RequestKind.choices)
    person = models.CharField(_("person"), max_length=200)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("answer due by"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=RequestOutcome.choices, blank=True
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("data-protection request")
        verbose_name_plural = _("data-protection requests")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["scheme", "due_on"], name="privacy_request_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.person}"

    @property
    def is_open(self) -> bool:
        return self.outcome == RequestOutcome.PENDING
