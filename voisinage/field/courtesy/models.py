from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import Grant, PerimeterKind, grants_q

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser


class CourtesyCampaignQuerySet(models.QuerySet["CourtesyCampaign"]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> CourtesyCampaignQuerySet:
        def rule(grant: Grant) -> models.Q:
            q = models.Q(scheme_id=grant.scheme_id)
            if grant.perimeter == PerimeterKind.LANDLORD:
                q &= models.Q(landlord_id=grant.organisation_id)
            elif grant.perimeter == PerimeterKind.NEIGHBOURHOODS:
                q &= models.Q(pk__in=[])
            return q

        return self.filter(grants_q(user, rule, require=require))


class CourtesyCampaign(models.Model):
    """A landlord's list of dwellings to visit (door-to-door presentation of the service)."""

    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="courtesy_campaigns",
    )
    landlord = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("landlord"),
        on_delete=models.PROTECT,
        related_name="courtesy_campaigns",
    )
    name = models.CharField(_("name"), max_length=150)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CourtesyCampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("courtesy-visit campaign")
        verbose_name_plural = _("courtesy-visit campaigns")
        ordering = ["scheme", "-starts_on"]

    def __str__(self) -> str:
        return self.name


class VisitOutcome(models.TextChoices):
    TO_VISIT = "to_visit", _("To visit")
    MET = "met", _("Met")
    ABSENT = "absent", _("Absent")
    REFUSED = "refused", _("Refused")
    REVISIT = "revisit", _("To visit again")


class CourtesyVisit(models.Model):
    campaign = models.ForeignKey(CourtesyCampaign, on_delete=models.CASCADE, related_name="visits")
    entrance = models.ForeignKey(
        "territory.Entrance",
        verbose_name=_("entrance"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    dwelling = models.CharField(_("dwelling number"), max_length=20)
    # Personal data: shown to the operator's staff and the landlord only.
    tenant_name = models.CharField(_("tenant's name"), max_length=150, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=VisitOutcome.choices, default=VisitOutcome.TO_VISIT
    )
    visited_at = models.DateTimeField(_("visited at"), null=True, blank=True)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visited by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    intervention = models.ForeignKey(
        "field.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("courtesy visit")
        verbose_name_plural = _("courtesy visits")
        ordering = ["campaign", "entrance__code", "dwelling"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "entrance", "dwelling"], name="courtesy_visit_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entrance_id} {self.dwelling}"
