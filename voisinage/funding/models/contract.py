"""Amendments to an operator contract: dated, numbered, effective from a date."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Amendment(models.Model):
    """What every amendment records: its number, when it was signed and from when it applies,
    its object, and who recorded it when (contracts' and agreements' alike)."""

    number = models.PositiveSmallIntegerField(_("number"))
    signed_on = models.DateField(_("signed on"))
    effective_on = models.DateField(_("effective from"))
    note = models.CharField(_("object"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return _("Amendment %(n)s") % {"n": self.number}


class ContractAmendment(Amendment):
    """An amendment (avenant) to an operator contract: recorded, never edited. From
    ``effective_on`` it changes the end date, the annual amount (directly or by a price
    revision), and/or the list of sites; every earlier period stays as it was."""

    contract = models.ForeignKey(
        "schemes.OperatorContract",
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    ends_on = models.DateField(_("new end of the contract"), null=True, blank=True)
    annual_amount_cents = models.BigIntegerField(
        _("annual amount incl. tax from then (cents)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    revision_percent = models.DecimalField(
        _("price revision (%)"),
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-100))],
    )
    index_base = models.DecimalField(
        _("reference index"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    index_new = models.DecimalField(
        _("new index"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    sites = models.TextField(
        _("sites from then"), blank=True, help_text=_("One site a line; empty: unchanged.")
    )

    class Meta:
        verbose_name = _("contract amendment")
        verbose_name_plural = _("contract amendments")
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"], name="funding_amendment_unique_number"
            )
        ]


class AgreementAmendment(Amendment):
    """An amendment to a funding agreement: recorded, numbered, never edited. From
    ``effective_on`` it may set a new annual cost (a new cost period) and/or revise every cap
    of the agreement (its rules' and its checks') by a percentage or an index; every earlier
    period keeps its figures."""

    agreement = models.ForeignKey(
        "funding.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="amendments",
    )
    annual_cost_cents = models.BigIntegerField(
        _("annual target cost incl. tax from then (cents)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    cap_percent = models.DecimalField(
        _("revision of the caps (%)"),
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-100))],
    )
    cap_index_base = models.DecimalField(
        _("reference index of the caps"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    cap_index_new = models.DecimalField(
        _("new index of the caps"), max_digits=12, decimal_places=4, null=True, blank=True
    )

    class Meta:
        verbose_name = _("agreement amendment")
        verbose_name_plural = _("agreement amendments")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="funding_agreement_amendment_unique_number"
            )
        ]

    @property
    def revises_caps(self) -> bool:
        return self.cap_percent is not None or self.cap_index_base is not None
