"""Bodies of a scheme and the operator's yearly attendance quotas."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from voisinage.governance.models.access import SchemeScopedQuerySet

MONTH_LABELS = [
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
]


class BodyKind(models.TextChoices):
    STEERING = "steering", _("Steering committee")
    TECHNICAL = "technical", _("Technical committee")
    MONITORING = "monitoring", _("Monitoring committee")
    WATCH_UNIT = "watch_unit", _("Watch unit")
    CRIME_PREVENTION = "crime_prevention", _("Crime-prevention council (CLSPD/CLSPDR)")
    SECURITY_CORRESPONDENTS = "security_correspondents", _("Security correspondents")
    NEIGHBOURHOOD_EVENT = "neighbourhood_event", _("Neighbourhood event")
    CRISIS = "crisis", _("Crisis meeting")
    OTHER = "other", _("Other")


class Frequency(models.TextChoices):
    ON_DEMAND = "on_demand", _("On demand")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Once a year")
    MONTHS = "months", _("In given months")
    MILESTONES = "milestones", _("At milestones")


def parse_months(value: str) -> tuple[int, ...]:
    """ "1, 9" → (1, 9). Raises ValueError on anything else."""
    parts = [p for p in re.split(r"[\s,;]+", value.strip()) if p]
    months = tuple(int(p) for p in parts)
    if any(not 1 <= m <= 12 for m in months) or len(set(months)) != len(months):
        raise ValueError(value)
    return tuple(sorted(months))


def validate_months(value: str) -> None:
    try:
        parse_months(value)
    except ValueError as exc:
        raise ValidationError(
            _("Give months as distinct numbers from 1 to 12, e.g. 1, 9."), code="months"
        ) from exc


class BodyQuerySet(SchemeScopedQuerySet["Body"]):
    pass


class Body(models.Model):
    """A standing body of a scheme (steering committee, technical committee…)."""

    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="governance_bodies",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("purpose"), blank=True)
    frequency = models.CharField(_("expected frequency"), max_length=20, choices=Frequency.choices)
    months = models.CharField(
        _("months"),
        max_length=40,
        blank=True,
        validators=[validate_months],
        help_text=_("For “in given months”: month numbers, e.g. 1, 9 for January and September."),
    )
    frequency_note = models.CharField(
        _("frequency note"),
        max_length=200,
        blank=True,
        help_text=_("E.g. launch, mid-term review, annual review."),
    )
    usual_invitees = models.ManyToManyField(
        "territory.Organisation",
        verbose_name=_("usual invitees"),
        blank=True,
        related_name="+",
        help_text=_("Invited by default to a new meeting of this body."),
    )
    default_duration_minutes = models.PositiveSmallIntegerField(
        _("usual duration (minutes)"),
        default=120,
        validators=[MinValueValidator(15), MaxValueValidator(24 * 60)],
    )
    minutes_expected = models.BooleanField(_("minutes expected"), default=True)
    documents_expected = models.BooleanField(
        _("documents expected"),
        default=False,
        help_text=_("A past meeting without any document is listed on the compliance page."),
    )
    deck_required = models.BooleanField(
        _("review deck required"),
        default=False,
        help_text=_("The operator's review deck must reach the coordinator before each meeting."),
    )
    deck_lead_days = models.PositiveSmallIntegerField(
        _("deck due (days before)"), default=7, validators=[MaxValueValidator(90)]
    )
    deck_reminder_days = models.PositiveSmallIntegerField(
        _("deck reminder (days before)"), default=10, validators=[MaxValueValidator(120)]
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["scheme", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "name"], name="governance_body_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.frequency == Frequency.MONTHS and not self.months.strip():
            errors["months"] = _("List the months in which this body meets.")
        if self.frequency != Frequency.MONTHS and self.months.strip():
            errors["months"] = _("Months are only for the “in given months” frequency.")
        if self.deck_required and self.deck_reminder_days <= self.deck_lead_days:
            errors["deck_reminder_days"] = _(
                "The reminder must come before the deck is due (more days before the meeting)."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def month_numbers(self) -> tuple[int, ...]:
        try:
            return parse_months(self.months)
        except ValueError:
            return ()

    @property
    def expected_per_year(self) -> int | None:
        per_year = {Frequency.MONTHLY: 12, Frequency.QUARTERLY: 4, Frequency.YEARLY: 1}
        if self.frequency == Frequency.MONTHS:
            return len(self.month_numbers)
        return per_year.get(Frequency(self.frequency))

    @property
    def frequency_display(self) -> str:
        text = str(self.get_frequency_display())
        if self.frequency == Frequency.MONTHS and self.month_numbers:
            text += " (" + ", ".join(str(MONTH_LABELS[m - 1]) for m in self.month_numbers) + ")"
        if self.frequency_note:
            text += f" — {self.frequency_note}"
        return text


class AttendanceQuotaQuerySet(SchemeScopedQuerySet["AttendanceQuota"]):
    pass


class AttendanceQuota(models.Model):
    """A yearly minimum of meetings the scheme's operator must attend, over one or more bodies
    (Besançon: at least 14 technical or steering committees a year)."""

    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="attendance_quotas",
    )
    label = models.CharField(_("label"), max_length=200)
    minimum_per_year = models.PositiveSmallIntegerField(
        _("minimum per year"), validators=[MinValueValidator(1)]
    )
    bodies = models.ManyToManyField(Body, verbose_name=_("bodies"), related_name="quotas")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    # The years the quota applies to (empty: from the start, until now): a quota added in the
    # settings area counts from its year, a retired one until the year before.
    from_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    until_year = models.PositiveSmallIntegerField(_("until year"), null=True, blank=True)

    objects = AttendanceQuotaQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance quota")
        verbose_name_plural = _("attendance quotas")
        ordering = ["scheme", "position", "label"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "label"], name="governance_quota_unique")
        ]

    def __str__(self) -> str:
        return self.label

    def minimum_for(self, year: int) -> int:
        """The minimum that applied in ``year``: a change never rewrites past years (the
        minimum before each change is kept with the last year it applied to)."""
        past = [p for p in self.past_minimums.all() if p.until_year >= year]
        if past:
            return min(past, key=lambda p: p.until_year).minimum_per_year
        return self.minimum_per_year


class AttendanceQuotaPast(models.Model):
    """A quota's minimum as it was until a year, kept when the minimum changes."""

    quota = models.ForeignKey(
        AttendanceQuota,
        verbose_name=_("attendance quota"),
        on_delete=models.CASCADE,
        related_name="past_minimums",
    )
    until_year = models.PositiveSmallIntegerField(_("until year"))
    minimum_per_year = models.PositiveSmallIntegerField(_("minimum per year"))

    class Meta:
        verbose_name = _("past attendance quota")
        verbose_name_plural = _("past attendance quotas")
        ordering = ["quota", "until_year"]
        constraints = [
            models.UniqueConstraint(fields=["quota", "until_year"], name="governance_quota_past")
        ]

    def __str__(self) -> str:
        return f"{self.quota} ≤ {self.until_year}: {self.minimum_per_year}"
