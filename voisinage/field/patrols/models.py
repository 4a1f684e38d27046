from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import Grant, PerimeterKind, grants_q

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PatrolPlanQuerySet(models.QuerySet["PatrolPlan"]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> PatrolPlanQuerySet:
        def rule(grant: Grant) -> models.Q:
            return models.Q(scheme_id=grant.scheme_id)

        return self.filter(grants_q(user, rule, require=require))


class PatrolPlan(models.Model):
    """The monthly patrol plan: which entrances to visit on which night."""

    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="patrol_plans",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    neighbourhoods = models.ManyToManyField(
        "territory.Neighbourhood", verbose_name=_("neighbourhoods"), related_name="+"
    )
    weekly_target = models.PositiveIntegerField(_("entrances to visit per week"))
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = PatrolPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("patrol plan")
        verbose_name_plural = _("patrol plans")
        ordering = ["scheme", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "month"], name="patrol_plan_unique_month")
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.month:%m/%Y}"


class PatrolPlanEntryQuerySet(models.QuerySet["PatrolPlanEntry"]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> PatrolPlanEntryQuerySet:
        """The stock rule, on the landlord and neighbourhood the passage carries (those of its
        entrance on its night: docs/authorization.md, "When an entrance changes landlord")."""

        def rule(grant: Grant) -> models.Q:
            q = models.Q(plan__scheme_id=grant.scheme_id)
            if grant.perimeter == PerimeterKind.LANDLORD:
                q &= models.Q(landlord_id=grant.organisation_id)
            elif grant.perimeter == PerimeterKind.NEIGHBOURHOODS:
                q &= models.Q(neighbourhood_id__in=grant.neighbourhood_ids)
            return q

        return self.filter(grants_q(user, rule, require=require))


class PatrolPlanEntry(models.Model):
    plan = models.ForeignKey(PatrolPlan, on_delete=models.CASCADE, related_name="entries")
    night = models.DateField(_("service night"))
    entrance = models.ForeignKey(
        "territory.Entrance",
        verbose_name=_("entrance"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    team = models.CharField(_("team"), max_length=40, blank=True)
    # Where the passage is, as on its night: the entrance's landlord and neighbourhood, copied
    # when it is planned and moved with the entrance only for nights still to come.
    landlord = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("landlord"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    neighbourhood = models.ForeignKey(
        "territory.Neighbourhood",
        verbose_name=_("neighbourhood"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = PatrolPlanEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("planned passage")
        verbose_name_plural = _("planned passages")
        ordering = ["plan", "night", "entrance__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "night", "entrance"], name="patrol_entry_unique"
            )
        ]
        indexes = [models.Index(fields=["plan", "night"], name="patrol_entry_night")]

    def __str__(self) -> str:
        return f"{self.night:%d/%m} {self.entrance_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A passage is located where its entrance is when it is planned.
        if self.landlord_id is None or self.neighbourhood_id is None:
            self.landlord_id = self.entrance.landlord_id
            self.neighbourhood_id = self.entrance.neighbourhood_id
        super().save(*args, **kwargs)
