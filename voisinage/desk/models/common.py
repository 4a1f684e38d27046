"""Shared pieces of the desk's models: the perimeter rules and the coded natures."""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import Grant, RoleSide, grants_q

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser


def operator_side_rule(grant: Grant) -> models.Q:
    """The operator's staff and the scheme's administrators; never a partner."""
    if grant.side == RoleSide.PARTNER:
        return models.Q(pk__in=[])
    return models.Q(scheme_id=grant.scheme_id)


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class DeskSettings(models.Model):
    """The desk's settings of one scheme (created with the defaults on first use)."""

    scheme = models.OneToOneField(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="desk_settings",
    )
    instruction_cutoff = models.TimeField(
        _("instruction cut-off"),
        default=time(17, 0),
        help_text=_("Instructions received before this local time are for tonight."),
    )
    survey_link_days = models.PositiveSmallIntegerField(
        _("days a satisfaction link stays valid"), default=7
    )
    instruction_address = models.EmailField(
        _("instruction address"),
        blank=True,
        help_text=_(
            "Landlords e-mail their instructions to this address; each one becomes a draft "
            "instruction on the board."
        ),
    )

    class Meta:
        verbose_name = _("desk settings")
        verbose_name_plural = _("desk settings")
        constraints = [
            models.UniqueConstraint(
                fields=["instruction_address"],
                condition=~models.Q(instruction_address=""),
                name="desk_instruction_address_unique",
            )
        ]

    def __str__(self) -> str:
        return str(self.scheme)


class CallNatureQuerySet(models.QuerySet["CallNature"]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> CallNatureQuerySet:
        def rule(grant: Grant) -> models.Q:
            return models.Q(scheme_id=grant.scheme_id)

        return self.filter(grants_q(user, rule, require=require))

    def in_use(self) -> CallNatureQuerySet:
        return self.filter(retired_at__isnull=True)


class CallNature(models.Model):
    """The nature of a call or an instruction: a coded list per scheme, with French defaults;
    a code is retired, never deleted."""

    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="call_natures",
    )
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=120)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    objects = CallNatureQuerySet.as_manager()

    class Meta:
        verbose_name = _("nature")
        verbose_name_plural = _("natures")
        ordering = ["scheme", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="desk_nature_unique")
        ]

    def __str__(self) -> str:
        return self.label
