"""Organisations and the housing stock a scheme covers: neighbourhoods, residences, entrances.

The territory is held per scheme (see docs/adr/0006-territory-per-scheme.md): an entrance row
belongs to exactly one scheme, which keeps every perimeter filter a plain indexed column test.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import Grant, PerimeterKind, grants_q
from voisinage.territory.located import Positioned

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser


class OrganisationKind(models.TextChoices):
    CITY = "city", _("City")
    METROPOLIS = "metropolis", _("Metropolis")
    STATE = "state", _("State")
    LANDLORD = "landlord", _("Social landlord")
    OPERATOR = "operator", _("Mediation operator")
    COMPANY = "company", _("Company")
    ASSOCIATION = "association", _("Association")
    POLICE = "police", _("Police")
    OTHER = "other", _("Other")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> OrganisationQuerySet:
        """Organisations taking part in a scheme the user can see."""

        def rule(grant: Grant) -> models.Q:
            return models.Q(scheme_memberships__scheme_id=grant.scheme_id)

        return self.filter(grants_q(user, rule, require=require)).distinct()


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    manager_email = models.EmailField(
        _("manager's e-mail"),
        blank=True,
        help_text=_("Escalation contact when the organisation's referents do not answer."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class NeighbourhoodKind(models.TextChoices):
    PRIORITY = "priority", _("Priority neighbourhood")
    FRAGILE = "fragile", _("Fragile neighbourhood")
    OTHER = "other", _("Other area")


class NeighbourhoodQuerySet(models.QuerySet["Neighbourhood"]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> NeighbourhoodQuerySet:
        def rule(grant: Grant) -> models.Q:
            q = models.Q(scheme_id=grant.scheme_id)
            if grant.perimeter == PerimeterKind.LANDLORD:
                # A landlord sees the neighbourhoods where it owns entrances.
                owned = Entrance.objects.filter(
                    scheme_id=grant.scheme_id, landlord_id=grant.organisation_id, is_active=True
                ).values("neighbourhood_id")
                q &= models.Q(pk__in=owned)
            elif grant.perimeter == PerimeterKind.NEIGHBOURHOODS:
                q &= models.Q(pk__in=grant.neighbourhood_ids)
            return q

        return self.filter(grants_q(user, rule, require=require))


class Neighbourhood(Positioned):
    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="neighbourhoods",
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(
        _("kind"), max_length=20, choices=NeighbourhoodKind.choices, default=NeighbourhoodKind.OTHER
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "Untick to retire it: it leaves the choices of new entries and stays on what was "
            "recorded with it."
        ),
    )

    objects = NeighbourhoodQuerySet.as_manager()

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["scheme", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "name"], name="neighbourhood_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


def stock_perimeter_rule(grant: Grant) -> models.Q:
    """Perimeter rule of everything located by a scheme, a landlord and a neighbourhood
    (entrances, residences, interventions…): the fields must be named so."""
    q = models.Q(scheme_id=grant.scheme_id)
    if grant.perimeter == PerimeterKind.LANDLORD:
        q &= models.Q(landlord_id=grant.organisation_id)
    elif grant.perimeter == PerimeterKind.NEIGHBOURHOODS:
        q &= models.Q(neighbourhood_id__in=grant.neighbourhood_ids)
    return q


class ResidenceQuerySet(models.QuerySet["Residence"]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> ResidenceQuerySet:
        return self.filter(grants_q(user, stock_perimeter_rule, require=require))


class Residence(models.Model):
    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="residences",
    )
    landlord = models.ForeignKey(
        Organisation,
        verbose_name=_("landlord"),
        on_delete=models.PROTECT,
        related_name="residences",
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("neighbourhood"),
        on_delete=models.PROTECT,
        related_name="residences",
    )
    name = models.CharField(_("name"), max_length=160)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "Untick to retire it: it leaves the choices of new entries and stays on what was "
            "recorded with it."
        ),
    )

    objects = ResidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("residence")
        verbose_name_plural = _("residences")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "landlord", "name"], name="residence_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class EntranceQuerySet(models.QuerySet["Entrance"]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> EntranceQuerySet:
        return self.filter(grants_q(user, stock_perimeter_rule, require=require))


class Entrance(Positioned):
    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="entrances",
    )
    code = models.CharField(
        _("code"),
        max_length=40,
        help_text=_("The landlord's reference for the entrance, unique within the scheme."),
    )
    address = models.CharField(_("address"), max_length=255)
    landlord = models.ForeignKey(
        Organisation,
        verbose_name=_("landlord"),
        on_delete=models.PROTECT,
        related_name="entrances",
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("neighbourhood"),
        on_delete=models.PROTECT,
        related_name="entrances",
    )
    residence = models.ForeignKey(
        Residence,
        verbose_name=_("residence"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entrances",
    )
    dwellings = models.PositiveIntegerField(_("dwellings"), default=0)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Untick for a demolished or withdrawn entrance; its history is kept."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EntranceQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrance")
        verbose_name_plural = _("entrances")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="entrance_unique_code")
        ]
        indexes = [
            models.Index(fields=["scheme", "landlord"], name="entrance_scheme_landlord"),
            models.Index(fields=["scheme", "neighbourhood"], name="entrance_scheme_nbh"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.address}"
