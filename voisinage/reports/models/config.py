"""Configuration of reports per scheme: categories, routing rules and the scheme's settings."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CategoryGroup(models.TextChoices):
    TECHNICAL = "technical", _("Technical anomaly")
    CLEANLINESS = "cleanliness", _("Cleanliness")
    PARKING = "parking", _("Parking")
    OCCUPATION = "occupation", _("Occupation of premises")
    SOCIAL = "social", _("Social situation")
    PUBLIC_SPACE = "public_space", _("Public space")


class ReportCategoryQuerySet(models.QuerySet["ReportCategory"]):
    def in_use(self) -> ReportCategoryQuerySet:
        return self.filter(retired_at__isnull=True)


class ReportCategory(models.Model):
    """A kind of problem a report is about; the list is the scheme's own (data, not code)."""

    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="report_categories",
    )
    group = models.CharField(_("group"), max_length=20, choices=CategoryGroup.choices)
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=120)
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order in a list", "position"), default=0
    )
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    # Which logbook situations this category reports: a report raised from an intervention
    # starts with the category of its first situation found (« Panne d'éclairage » in the
    # logbook → « Éclairage en panne »).
    situation_codes = models.JSONField(
        _("logbook situations"),
        default=list,
        blank=True,
        help_text=_(
            "Codes of the situations found in the logbook that this category reports, e.g. "
            '["eclairage"].'
        ),
    )

    objects = ReportCategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("report category")
        verbose_name_plural = _("report categories")
        ordering = ["scheme", "position", "label"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="report_category_unique_code")
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        codes = self.situation_codes
        if not isinstance(codes, list) or not all(isinstance(c, str) and c for c in codes):
            raise ValidationError(
                {"situation_codes": _('Give a list of situation codes, e.g. ["eclairage"].')}
            )


class PlaceKind(models.TextChoices):
    ANY = "any", _("Any place")
    HOUSING = "housing", _("At an entrance (housing stock)")
    PUBLIC_SPACE = "public_space", _("Elsewhere (public space)")


class RoutingRule(models.Model):
    """One line of a scheme's routing table; the first matching rule (by position) wins."""

    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="routing_rules",
    )
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order in a list", "position"), default=0
    )
    # What the rule matches (an empty criterion matches anything).
    category = models.ForeignKey(
        ReportCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    category_group = models.CharField(
        _("category group"), max_length=20, choices=CategoryGroup.choices, blank=True
    )
    place = models.CharField(
        _("place"), max_length=20, choices=PlaceKind.choices, default=PlaceKind.ANY
    )
    landlord = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("landlord"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    neighbourhood = models.ForeignKey(
        "territory.Neighbourhood",
        verbose_name=_("neighbourhood"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Where it sends the report.
    recipient = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="routing_rules",
    )
    referents = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referents"),
        blank=True,
        related_name="+",
        help_text=_("People e-mailed; empty means the recipient's referents in the scheme."),
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("deadline (days)"), default=7, validators=[MinValueValidator(0), MaxValueValidator(365)]
    )
    working_days = models.BooleanField(
        _("working days"),
        default=False,
        help_text=_("Count the deadline in working days (no weekends nor public holidays)."),
    )
    label = models.CharField(_("label"), max_length=160, blank=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["scheme", "position", "pk"]

    def __str__(self) -> str:
        return self.label or f"#{self.position} → {self.recipient}"


class ReportSettings(models.Model):
    """Per-scheme settings of reports, created with defaults on first use."""

    scheme = models.OneToOneField(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="report_settings",
    )
    default_recipient = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("default recipient"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Receives the reports no rule matches; empty: the supervisor routes them."),
    )
    default_deadline_days = models.PositiveSmallIntegerField(
        _("default deadline (days)"), default=7
    )
    escalation_after_days = models.PositiveSmallIntegerField(
        _("escalate after (days overdue)"),
        default=7,
        help_text=_("Days past the due date before the organisation's manager is told."),
    )
    link_valid_days = models.PositiveSmallIntegerField(
        _("answer links valid for (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    duplicate_radius_m = models.PositiveSmallIntegerField(
        _("duplicate radius (metres)"), default=50
    )
    duplicate_window_days = models.PositiveSmallIntegerField(
        _("duplicate window (days)"), default=30
    )

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")

    def __str__(self) -> str:
        return str(self.scheme)
