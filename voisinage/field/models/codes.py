from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import Grant, grants_q

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser


class CodeKind(models.TextChoices):
    MATERIAL = "material", _("Material situation")
    BEHAVIOUR = "behaviour", _("Behavioural situation")
    ACTION = "action", _("Action taken")


class FieldCodeQuerySet(models.QuerySet["FieldCode"]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> FieldCodeQuerySet:
        def rule(grant: Grant) -> models.Q:
            return models.Q(scheme_id=grant.scheme_id)

        return self.filter(grants_q(user, rule, require=require))

    def in_use(self) -> FieldCodeQuerySet:
        return self.filter(retired_at__isnull=True)


class FieldCode(models.Model):
    """A code of one of the scheme's coded lists (situations found, actions taken).
    Codes are data per scheme, with French defaults; a code is retired, never deleted."""

    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="field_codes",
    )
    kind = models.CharField(_("list"), max_length=20, choices=CodeKind.choices)
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=120)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    # Actions that alert an emergency service carry its number (17, 18, 15).
    emergency_number = models.CharField(_("emergency number"), max_length=4, blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    objects = FieldCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("field code")
        verbose_name_plural = _("field codes")
        ordering = ["scheme", "kind", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "kind", "code"], name="field_code_unique")
        ]

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True, slots=True)
class Coded:
    """A code as a list shows it: its code, label and kind (prints as its label).

    ``field.selectors.with_list_details`` builds these from plain tuples for a page of
    interventions; ``kind`` is empty for activities."""

    code: str
    label: str
    kind: str = ""

    def __str__(self) -> str:
        return self.label
