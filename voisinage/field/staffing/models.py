from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import Grant, RoleSide, grants_q
from voisinage.accounts.models import Membership
from voisinage.schemes.models import StaffPosition

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser


class DutyAssignmentQuerySet(models.QuerySet["DutyAssignment"]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> DutyAssignmentQuerySet:
        """Who was on duty: the operator's staff and the scheme's administrators; partners see
        staffing levels through aggregates, not the rota. An operator bounded to its sites
        reads its own people's lines only."""

        def rule(grant: Grant) -> models.Q:
            if grant.side == RoleSide.PARTNER:
                return models.Q(pk__in=[])
            if grant.bounded_by_sites:
                # One operator among several: its own people's rota only (ADR 0048).
                own = Membership.objects.filter(
                    user_id=models.OuterRef("user_id"),
                    scheme_id=grant.scheme_id,
                    organisation_id=grant.organisation_id,
                )
                return models.Q(models.Exists(own), scheme_id=grant.scheme_id)
            return models.Q(scheme_id=grant.scheme_id)

        return self.filter(grants_q(user, rule, require=require))


class DutyAssignment(models.Model):
    """A person on duty for a service night, in a position and a team."""

    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="duty_assignments",
    )
    night = models.DateField(_("service night"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="duty_assignments",
    )
    position = models.CharField(_("position"), max_length=20, choices=StaffPosition.choices)
    team = models.CharField(_("team"), max_length=40, blank=True)
    hours = models.DecimalField(
        _("hours worked"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )

    objects = DutyAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("duty assignment")
        verbose_name_plural = _("duty assignments")
        ordering = ["scheme", "night", "position", "team", "user"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "night", "user"], name="duty_unique")
        ]
        indexes = [models.Index(fields=["scheme", "night"], name="duty_scheme_night")]

    def __str__(self) -> str:
        return f"{self.night:%d/%m/%Y} {self.user} ({self.get_position_display()})"
