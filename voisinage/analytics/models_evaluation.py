"""The evaluation's settings (docs/analytics.md, "Evaluation registers"): the avoided-cost
types of a scheme and the reference figures quoted from outside. Imported by ``models``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from voisinage.analytics.models import SchemeQuerySet
from voisinage.core.indicators import Register


class AvoidedCostUnitQuerySet(SchemeQuerySet["AvoidedCostUnit"]):
    pass


class CountedAs(models.TextChoices):
    """How the logbook counts an avoided-cost type's events (analytics/evaluation.py)."""

    CONFLICT_RESOLVED = "conflict_resolved", _("Resolved on the spot, behavioural situation")
    ANOMALY_REPORTED = "anomaly_reported", _("Material situation found")
    HANDED_OVER = "handed_over", _("Handed over to a partner")
    ACTIVITY = "activity", _("Interventions of an activity")
    FIELD = "field", _("Interventions of a mediation field")


class AvoidedCostUnit(models.Model):
    """An avoided-cost type of a scheme: what the logbook counts, in which unit, at what unit
    cost, from which reference figure and source. Every type a scheme has is on its evaluation
    page; the three defaults (analytics/evaluation.py) are created on first use."""

    scheme = models.ForeignKey(
        "schemes.Scheme", verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="+"
    )
    event = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    definition = models.TextField(_("definition"), blank=True)
    counted_as = models.CharField(_("counted as"), max_length=30, choices=CountedAs.choices)
    counted_code = models.SlugField(
        _("activity or field counted"),
        max_length=40,
        blank=True,
        help_text=_("The code of the activity or of the mediation field counted."),
    )
    unit = models.CharField(
        _("unit"), max_length=80, blank=True, help_text=_("What one event is, e.g. a conflict.")
    )
    unit_cost_cents = models.PositiveBigIntegerField(_("unit cost (cents)"))
    reference_figure = models.CharField(
        _("reference figure"),
        max_length=200,
        blank=True,
        help_text=_("The published figure the unit cost is drawn from."),
    )
    source = models.TextField(_("source of the figure"), blank=True)

    objects = AvoidedCostUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("avoided-cost type")
        verbose_name_plural = _("avoided-cost types")
        ordering = ["scheme", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "event"], name="avoided_cost_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.event}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not self.unit.strip():
            errors["unit"] = _("Give the unit counted (e.g. « conflit réglé »).")
        if not self.source.strip():
            errors["source"] = _("Give the source of the figure.")
        if self.counted_as in (CountedAs.ACTIVITY, CountedAs.FIELD) and not self.counted_code:
            errors["counted_code"] = _("Name the activity or the field counted.")
        if errors:
            raise ValidationError(errors)


class ReferenceFigureQuerySet(SchemeQuerySet["ReferenceFigure"]):
    pass


class ReferenceFigure(models.Model):
    """A figure quoted from outside (a study, another scheme's evaluation), filed under one of
    the social-utility registers: shown as a reference, never mixed with measured figures."""

    scheme = models.ForeignKey(
        "schemes.Scheme", verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="+"
    )
    register = models.CharField(_("register"), max_length=20, choices=Register.choices)
    label = models.CharField(_("what it measures"), max_length=200)
    figure = models.CharField(_("figure"), max_length=80)
    source = models.TextField(_("source"), blank=True)

    objects = ReferenceFigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("reference figure")
        verbose_name_plural = _("reference figures")
        ordering = ["scheme", "register", "pk"]

    def __str__(self) -> str:
        return f"{self.label}: {self.figure}"

    def clean(self) -> None:
        if not self.source.strip():
            raise ValidationError({"source": _("Give the source of the figure.")})
