"""Personal data as the GDPR expects (docs/personal-data.md, ADR 0051): each scheme's retention
rules and the history of the anonymisation runs."""

from __future__ import annotations

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
