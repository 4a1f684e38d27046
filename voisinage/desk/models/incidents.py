"""Serious incidents (an agent attacked…) and police complaints filed by the supervisor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import Grant, PerimeterKind, RoleSide, grants_q
from voisinage.desk.models.common import operator_side_rule

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser


class IncidentKind(models.TextChoices):
    AGENT_ATTACKED = "agent_attacked", _("Agent attacked")
    AGENT_THREATENED = "agent_threatened", _("Agent threatened")
    OTHER = "other", _("Other serious incident")


class SeriousIncidentQuerySet(models.QuerySet["SeriousIncident"]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> SeriousIncidentQuerySet:
        """The operator's staff and the scheme's administrators (agents are named)."""
        return self.filter(grants_q(user, operator_side_rule, require=require))


class SeriousIncident(models.Model):
    scheme = models.ForeignKey(
        "schemes.Scheme", verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="+"
    )
    night = models.DateField(_("service night"))
    occurred_at = models.DateTimeField(_("occurred at"))
    kind = models.CharField(_("kind"), max_length=20, choices=IncidentKind.choices)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent concerned"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    place = models.CharField(_("place"), max_length=255)
    description = models.TextField(_("what happened"))
    agent_withdrawn = models.BooleanField(_("the agent withdrew"), default=False)
    supervisor_alerted_at = models.DateTimeField(_("supervisor alerted at"), null=True, blank=True)
    police_called_at = models.DateTimeField(_("police called at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SeriousIncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("serious incident")
        verbose_name_plural = _("serious incidents")
        ordering = ["-occurred_at"]

    def __str__(self) -> str:
        return f"{self.occurred_at:%d/%m/%Y} — {self.get_kind_display()}"


class OnBehalfOf(models.TextChoices):
    LANDLORD = "landlord", _("A landlord")
    AGENT = "agent", _("An agent")


class PoliceComplaintQuerySet(models.QuerySet["PoliceComplaint"]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> PoliceComplaintQuerySet:
        """The operator's staff and administrators; a landlord's people see the complaints filed
        on its behalf."""

        def rule(grant: Grant) -> models.Q:
            if grant.side != RoleSide.PARTNER:
                return models.Q(scheme_id=grant.scheme_id)
            if grant.perimeter == PerimeterKind.NEIGHBOURHOODS:
                return models.Q(pk__in=[])
            return models.Q(scheme_id=grant.scheme_id, landlord_id=grant.organisation_id)

        return self.filter(grants_q(user, rule, require=require))


class PoliceComplaint(models.Model):
    scheme = models.ForeignKey(
        "schemes.Scheme", verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="+"
    )
    filed_on = models.DateField(_("filed on"))
    police_station = models.CharField(_("police station"), max_length=150)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    on_behalf_of = models.CharField(_("on behalf of"), max_length=10, choices=OnBehalfOf.choices)
    landlord = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("landlord"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    incident = models.ForeignKey(
        SeriousIncident,
        verbose_name=_("serious incident"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    facts = models.TextField(_("facts"), blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PoliceComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("police complaint")
        verbose_name_plural = _("police complaints")
        ordering = ["-filed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(on_behalf_of="landlord", landlord__isnull=False))
                | (models.Q(on_behalf_of="agent", agent__isnull=False)),
                name="desk_complaint_has_party",
            )
        ]

    def __str__(self) -> str:
        return f"{self.filed_on:%d/%m/%Y} — {self.police_station}"
