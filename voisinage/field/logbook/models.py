"""The logbook's models: the scheme's code lists and the interventions with their history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import Grant, grants_q
from voisinage.lib.clock import local
from voisinage.territory.located import (
    LandlordLocated,
    OtherPlaced,
    Positioned,
)
from voisinage.territory.models import stock_perimeter_rule

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

    ``field.logbook.selectors.with_list_details`` builds these from plain tuples for a page of
    interventions; ``kind`` is empty for activities."""

    code: str
    label: str
    kind: str = ""

    def __str__(self) -> str:
        return self.label


class Origin(models.TextChoices):
    PATROL = "patrol", _("Patrol")
    PHONE_CALL = "phone_call", _("Phone call")
    LANDLORD_INSTRUCTION = "landlord_instruction", _("Landlord instruction")
    PARTNER_REQUEST = "partner_request", _("Partner request")
    OWN_INITIATIVE = "own_initiative", _("Own initiative")
    EVENT = "event", _("Event")
    COURTESY_VISIT = "courtesy_visit", _("Courtesy visit")


class Result(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    PARTLY_RESOLVED = "partly_resolved", _("Partly resolved")
    NOT_RESOLVED = "not_resolved", _("Not resolved")
    HANDED_OVER = "handed_over", _("Handed over")


class Climate(models.TextChoices):
    GREEN = "green", _("Green — calm")
    YELLOW = "yellow", _("Yellow — recurrent incivilities")
    ORANGE = "orange", _("Orange — delinquent activity")
    RED = "red", _("Red — serious incident")


class InterventionStatus(models.TextChoices):
    PENDING = "pending", _("Pending (dispatched, not yet on site)")
    RECORDED = "recorded", _("Recorded")
    VALIDATED = "validated", _("Validated")


class InterventionQuerySet(models.QuerySet["Intervention"]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> InterventionQuerySet:
        """Scheme-wide grants see every intervention; a landlord's referent sees those at its
        entrances (not public space); a neighbourhood perimeter sees its neighbourhoods."""
        return self.filter(grants_q(user, stock_perimeter_rule, require=require))


class Intervention(LandlordLocated, OtherPlaced, Positioned):
    """One recorded action in the field (an entry of the logbook, "main courante")."""

    # Set on the interventions of a page by logbook.selectors.with_list_details (not fields).
    agent_ids: list[int]
    agent_names: list[str]
    activity_list: list[Coded]
    situation_list: list[Coded]
    action_list: list[Coded]

    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.PROTECT,
        related_name="interventions",
    )
    night = models.DateField(
        _("service night"), help_text=_("The evening the night started (derived from the time).")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InterventionStatus.choices,
        default=InterventionStatus.RECORDED,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="authored_interventions",
    )
    agents = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agents present"),
        blank=True,
        related_name="interventions",
    )
    started_at = models.DateTimeField(_("arrival"))
    ended_at = models.DateTimeField(_("departure"), null=True, blank=True)
    # Place (territory.located): an entrance (landlord and neighbourhood follow), or another
    # place; the perimeter filters on the copied landlord and neighbourhood.
    origin = models.CharField(_("origin"), max_length=30, choices=Origin.choices)
    # The object the intervention answers (a call, an instruction, a courtesy visit…).
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    activities = models.ManyToManyField(
        "schemes.Activity", verbose_name=_("activities"), blank=True, related_name="+"
    )
    situations = models.ManyToManyField(
        "field.FieldCode",
        verbose_name=_("situations found"),
        blank=True,
        related_name="+",
    )
    actions = models.ManyToManyField(
        "field.FieldCode",
        verbose_name=_("actions taken"),
        blank=True,
        related_name="+",
    )
    adults = models.PositiveSmallIntegerField(_("adults involved"), default=0)
    young_people = models.PositiveSmallIntegerField(_("young people (18–25) involved"), default=0)
    minors = models.PositiveSmallIntegerField(_("minors involved"), default=0)
    result = models.CharField(_("result"), max_length=20, choices=Result.choices, blank=True)
    climate = models.CharField(
        _("residence climate"), max_length=10, choices=Climate.choices, blank=True
    )
    narrative = models.TextField(_("narrative"), blank=True)
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Hides the narrative from partners; the coded facts stay visible."),
    )
    idempotency_key = models.CharField(max_length=80, null=True, blank=True, unique=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = InterventionQuerySet.as_manager()

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["-started_at"]
        indexes = [
            # A night's list is read in arrival order: the index serves the filter and the sort.
            models.Index(fields=["scheme", "night", "started_at"], name="intervention_night_start"),
            models.Index(fields=["scheme", "started_at"], name="intervention_scheme_start"),
            # The dashboards' distinct entrances (analytics, ADR 0028): a covering index, so a
            # period is read from the index alone (perimeter columns included).
            models.Index(
                fields=["scheme", "night", "entrance", "origin", "landlord", "neighbourhood"],
                name="intervention_night_places",
            ),
            models.Index(fields=["scheme", "landlord", "night"], name="intervention_landlord"),
            models.Index(fields=["scheme", "neighbourhood", "night"], name="intervention_nbh"),
            models.Index(fields=["entrance", "started_at"], name="intervention_entrance"),
            models.Index(fields=["source_type", "source_id"], name="intervention_source"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True)
                | models.Q(ended_at__gte=models.F("started_at")),
                name="intervention_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.night:%d/%m/%Y} — {self.place_label}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("field:intervention", args=[self.scheme.slug, self.pk])

    @property
    def place_label(self) -> str:
        if self.entrance_id is not None and self.entrance is not None:
            return self.entrance.address
        return self.other_place_label or str(self.get_other_place_kind_display())


CHANGE_LABELS = {
    "created": _("recorded"),
    "edited": _("changed"),
    "validated": _("validated"),
    "reopened": _("reopened"),
}


class InterventionChange(models.Model):
    """The history of an intervention: appended, never edited."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(_("at"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20)  # created, edited, validated, reopened
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # The key a phone sent with an edit: a replay of the same edit answers without a second one.
    idempotency_key = models.CharField(max_length=80, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("intervention change")
        verbose_name_plural = _("intervention changes")
        ordering = ["intervention", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {local(self.at):%Y-%m-%d %H:%M}"

    @property
    def action_label(self) -> str:
        return str(CHANGE_LABELS.get(self.action, self.action))

    @property
    def changed_fields(self) -> list[str]:
        """The verbose names of the fields this change touched."""
        names = []
        for name in self.changes:
            try:
                field = Intervention._meta.get_field(name)
                names.append(str(getattr(field, "verbose_name", name)))
            except Exception:  # a field renamed since: show its code
                names.append(name)
        return names
