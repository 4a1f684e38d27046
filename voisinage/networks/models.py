"""Steering networks above schemes (docs/networks.md): a metropolis, a department, a regional
association or a national network groups schemes; its members read the network's indicators
across them. A network grant reads aggregates only: a scheme's own pages need a membership in
that scheme (docs/authorization.md, "Networks")."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import is_platform_admin

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser


class NetworkKind(models.TextChoices):
    METROPOLIS = "metropolis", _("Metropolis")
    DEPARTMENT = "department", _("Department")
    REGIONAL_ASSOCIATION = "regional_association", _("Regional association")
    NATIONAL = "national", _("National network")


def in_force_q(prefix: str = "", on: date | None = None) -> models.Q:
    """Network memberships in force on ``on`` (today by default): from their first to their
    last day, both included, like scheme memberships."""
    from voisinage.lib import clock

    day = on or clock.today()
    return (
        models.Q(**{f"{prefix}starts_on__isnull": True})
        | models.Q(**{f"{prefix}starts_on__lte": day})
    ) & (
        models.Q(**{f"{prefix}ends_on__isnull": True}) | models.Q(**{f"{prefix}ends_on__gte": day})
    )


class NetworkQuerySet(models.QuerySet["Network"]):
    def visible_to(self, user: AnyUser, *, manage: bool = False) -> NetworkQuerySet:
        """The active networks the user is a member of today (with ``manage``: those it
        manages); platform administrators see every network."""
        if is_platform_admin(user):
            return self.filter(is_active=True)
        if not user.is_authenticated or not user.is_active:
            return self.none()
        members = NetworkMember.objects.filter(in_force_q(), user_id=user.pk)
        if manage:
            members = members.filter(can_manage=True)
        return self.filter(is_active=True, pk__in=members.values("network_id"))


class Network(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=NetworkKind.choices)
    organisation = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("steering organisation"),
        on_delete=models.PROTECT,
        related_name="steered_networks",
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("steering network")
        verbose_name_plural = _("steering networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NetworkScheme(models.Model):
    """A scheme the network groups (once)."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="links"
    )
    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="network_links",
    )
    added_on = models.DateField(_("added on"))

    class Meta:
        verbose_name = _("scheme of a network")
        verbose_name_plural = _("schemes of a network")
        ordering = ["network", "scheme__name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "scheme"], name="network_scheme_unique")
        ]

    def __str__(self) -> str:
        return f"{self.network} — {self.scheme}"


class NetworkMember(models.Model):
    """A person's grant in a network: reads the network's indicators across the schemes it
    covers (all of the network's, or the listed ones — never a scheme outside the network);
    ``can_manage`` adds schemes and members."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="network_memberships",
    )
    organisation = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    can_manage = models.BooleanField(_("manages the network"), default=False)
    schemes = models.ManyToManyField(
        "schemes.Scheme",
        verbose_name=_("schemes covered"),
        blank=True,
        related_name="+",
        help_text=_("Empty: every scheme of the network."),
    )
    starts_on = models.DateField(_("first day"), null=True, blank=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        ordering = ["network", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} — {self.network}"


class NetworkField(models.Model):
    """A mediation field a network added (its schemes may then serve it)."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="own_fields"
    )
    field = models.OneToOneField(
        "schemes.MediationField",
        verbose_name=_("mediation field"),
        on_delete=models.CASCADE,
        related_name="network_owner",
    )

    class Meta:
        verbose_name = _("network's mediation field")
        verbose_name_plural = _("network's mediation fields")

    def __str__(self) -> str:
        return f"{self.network} — {self.field}"
