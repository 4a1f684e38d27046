"""Schemes: the co-funded service, its partners, contract, hours, staffing and referential."""

from __future__ import annotations

import re
from datetime import date, time
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import Grant, grants_q
from voisinage.lib.staffing import parse_date_ranges, parse_iso_weeks

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser

WEEKDAY_LABELS = [
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
]


def validate_weekdays(value: str) -> None:
    """Weekdays are stored as digits, 0 = Monday … 6 = Sunday, e.g. "012345"."""
    if not value or not re.fullmatch(r"[0-6]{1,7}", value) or len(set(value)) != len(value):
        raise ValidationError(
            _("Give the weekdays as distinct digits from 0 (Monday) to 6 (Sunday)."),
            code="weekdays",
        )


def weekdays_set(value: str) -> frozenset[int]:
    return frozenset(int(c) for c in value)


class Capability(models.TextChoices):
    """The parts of the product a scheme may or may not use (the logbook, digests, steering and
    the territory are always there). A scheme that does not use one does not show it in its
    navigation nor on its home pages; its pages stay reachable for what was recorded."""

    PATROLS = "patrols", _("Patrols and coverage")
    COURTESY_VISITS = "courtesy_visits", _("Courtesy visits")
    STAFFING = "staffing", _("Night staffing")
    PHONE_DESK = "phone_desk", _("Phone desk")
    INSTRUCTIONS = "instructions", _("Landlords' instructions")
    REPORTS = "reports", _("Reports to partners")


def all_capabilities() -> list[str]:
    """A new scheme uses everything until its managers say otherwise."""
    return list(Capability.values)


def validate_capabilities(value: object) -> None:
    if not isinstance(value, list) or not all(c in Capability.values for c in value):
        raise ValidationError(
            _("Capabilities are a list among: %(known)s.") % {"known": ", ".join(Capability)},
            code="capabilities",
        )


class MediationField(models.Model):
    """A domain a scheme or an activity serves (« champ d'intervention »): public tranquillity,
    education, access to rights and services, transport (loaded by migration), and those a
    network adds. Labels are data, in French like the activity presets."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=120)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("mediation field")
        verbose_name_plural = _("mediation fields")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label


class SchemeQuerySet(models.QuerySet["Scheme"]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> SchemeQuerySet:
        def rule(grant: Grant) -> models.Q:
            return models.Q(pk=grant.scheme_id)

        return self.filter(grants_q(user, rule, require=require))


class Scheme(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    operator = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        related_name="operated_schemes",
    )
    description = models.TextField(_("description"), blank=True)
    public_phone = models.CharField(
        _("public phone line"),
        max_length=40,
        blank=True,
        help_text=_("The number residents and partners call during service hours."),
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=60, default="Europe/Paris")
    holidays_included = models.BooleanField(
        _("service on public holidays"),
        default=True,
        help_text=_("When unticked, there is no service night on a public holiday."),
    )
    day_boundary = models.TimeField(
        _("day boundary"),
        default=time(6, 0),
        help_text=_(
            "Outside service hours, a moment before this time belongs to the previous night."
        ),
    )
    weekly_patrol_target = models.PositiveIntegerField(
        _("weekly patrol target (entrances)"), null=True, blank=True
    )
    annual_hours_basis = models.PositiveIntegerField(
        _("annual hours basis per full-time mediator"), null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    capabilities = models.JSONField(
        _("capabilities used"),
        default=all_capabilities,
        blank=True,
        validators=[validate_capabilities],
        help_text=_(
            "Which optional parts the scheme uses: patrols, courtesy_visits, staffing, "
            "phone_desk, instructions, reports."
        ),
    )
    fields = models.ManyToManyField(
        MediationField,
        verbose_name=_("mediation fields"),
        blank=True,
        related_name="schemes",
        help_text=_("The domains the scheme serves; its activities take one of them."),
    )

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("scheme")
        verbose_name_plural = _("schemes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def uses(self, capability: str) -> bool:
        """Whether the scheme uses this optional part (a ``Capability``)."""
        return capability in self.capabilities

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end cannot be before the start.")})
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValidationError({"time_zone": _("Unknown time zone.")}) from exc


class MemberRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    FUNDER = "funder", _("Funder")
    LANDLORD = "landlord", _("Landlord")
    OPERATOR = "operator", _("Operator")
    POLICE = "police", _("Police")
    OTHER = "other", _("Other partner")


class SchemeMemberQuerySet(models.QuerySet["SchemeMember"]):
    def in_force(self, on: date | None = None) -> SchemeMemberQuerySet:
        """The members that are part of the scheme on ``on`` (today by default): from their
        first day to their last day included."""
        from voisinage.lib import clock

        day = on or clock.today()
        return self.filter(
            models.Q(starts_on__isnull=True) | models.Q(starts_on__lte=day),
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=day),
        )


class SchemeMember(models.Model):
    """An organisation's part in a scheme; one row per role (loge.GBM is landlord and
    coordinator). A member leaves from a date (``ends_on``, its last day): the row stays, so
    what was recorded with it keeps its organisation; coming back starts a new row."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="members"
    )
    organisation = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="scheme_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    starts_on = models.DateField(
        _("first day"), null=True, blank=True, help_text=_("Empty: from the start.")
    )
    ends_on = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("Empty: until further notice.")
    )

    objects = SchemeMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("scheme member")
        verbose_name_plural = _("scheme members")
        ordering = ["scheme", "role", "organisation__name"]
        constraints = [
            # One open row per organisation and role; rows that ended stay as history.
            models.UniqueConstraint(
                fields=["scheme", "organisation", "role"],
                condition=models.Q(ends_on__isnull=True),
                name="scheme_member_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="scheme_member_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class OperatorContract(models.Model):
    """The public contract with the operator: initial term and renewals."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="contracts"
    )
    operator = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    notified_on = models.DateField(_("notified on"), null=True, blank=True)
    starts_on = models.DateField(_("start"))
    initial_term_months = models.PositiveSmallIntegerField(_("initial term (months)"), default=12)
    renewals = models.PositiveSmallIntegerField(_("possible renewals"), default=0)
    renewal_term_months = models.PositiveSmallIntegerField(_("renewal term (months)"), default=12)
    annual_amount_cents = models.BigIntegerField(
        _("annual amount incl. tax (cents)"), validators=[MinValueValidator(0)]
    )
    ceiling_cents = models.BigIntegerField(
        _("ceiling of a framework contract incl. tax (cents)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("A purchasing group's framework contract: orders draw on this ceiling."),
    )
    weekly_hours = models.DecimalField(
        _("weekly hours (average)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(168))],
        help_text=_("The average working week the contract provides for, e.g. 35."),
    )
    supervision_days_per_week = models.DecimalField(
        _("supervision (days a week)"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(7))],
        help_text=_("Supervision time included, e.g. 0.5 for half a day a week."),
    )

    class Meta:
        verbose_name = _("operator contract")
        verbose_name_plural = _("operator contracts")
        ordering = ["scheme", "-starts_on"]

    def __str__(self) -> str:
        return self.reference or f"{self.operator} — {self.starts_on:%Y}"


class ServiceHoursRule(models.Model):
    """A seasonal rule: date range × weekdays × start and end (end may be after midnight)."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="hours_rules"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    start_month = models.PositiveSmallIntegerField(
        _("from month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    start_day = models.PositiveSmallIntegerField(
        _("from day"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    end_month = models.PositiveSmallIntegerField(
        _("to month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    end_day = models.PositiveSmallIntegerField(
        _("to day"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    weekdays = models.CharField(
        _("weekdays"),
        max_length=7,
        validators=[validate_weekdays],
        help_text=_("Digits from 0 (Monday) to 6 (Sunday), e.g. 012345 for Monday–Saturday."),
    )
    starts_at = models.TimeField(_("start time"))
    ends_at = models.TimeField(
        _("end time"), help_text=_("An end before the start means the next day.")
    )

    class Meta:
        verbose_name = _("service hours rule")
        verbose_name_plural = _("service hours rules")
        ordering = ["scheme", "position", "pk"]

    def __str__(self) -> str:
        return (
            f"{self.start_day:02d}/{self.start_month:02d}–{self.end_day:02d}/{self.end_month:02d} "
            f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"
        )


class StaffPosition(models.TextChoices):
    SUPERVISOR = "supervisor", _("Supervisor")
    AGENT = "agent", _("Field agent")


class StaffingRule(models.Model):
    """How many people of a position a night needs; the highest priority matching rule wins."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="staffing_rules"
    )
    label = models.CharField(_("label"), max_length=100)
    position = models.CharField(_("position"), max_length=20, choices=StaffPosition.choices)
    headcount = models.PositiveSmallIntegerField(_("headcount"))
    weekdays = models.CharField(_("weekdays"), max_length=7, validators=[validate_weekdays])
    priority = models.SmallIntegerField(_("priority"), default=0)
    date_ranges = models.CharField(
        _("date ranges"),
        max_length=200,
        blank=True,
        help_text=_("Optional, e.g. 25/07-31/07, 01/08-14/08 (day/month, inclusive)."),
    )
    iso_weeks = models.CharField(
        _("ISO weeks"), max_length=100, blank=True, help_text=_("Optional, e.g. 51, 52.")
    )

    class Meta:
        verbose_name = _("staffing rule")
        verbose_name_plural = _("staffing rules")
        ordering = ["scheme", "position", "-priority", "pk"]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        errors = {}
        try:
            parse_date_ranges(self.date_ranges)
        except ValueError:
            errors["date_ranges"] = _("Write ranges as 25/07-31/07, separated by commas.")
        try:
            parse_iso_weeks(self.iso_weeks)
        except ValueError:
            errors["iso_weeks"] = _("Write week numbers from 1 to 53, separated by commas.")
        if errors:
            raise ValidationError(errors)


class ActivityQuerySet(models.QuerySet["Activity"]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> ActivityQuerySet:
        def rule(grant: Grant) -> models.Q:
            return models.Q(scheme_id=grant.scheme_id)

        return self.filter(grants_q(user, rule, require=require))

    def in_use(self) -> ActivityQuerySet:
        return self.filter(retired_at__isnull=True)


class Activity(models.Model):
    """An entry of the scheme's activity referential. Retired, never deleted."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="activities"
    )
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    field = models.ForeignKey(
        MediationField,
        verbose_name=_("mediation field"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["scheme", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="activity_unique_code")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class SettingChangeQuerySet(models.QuerySet["SettingChange"]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> SettingChangeQuerySet:
        """The change log is the settings area's: its managers only."""

        def rule(grant: Grant) -> models.Q:
            return models.Q(scheme_id=grant.scheme_id)

        return self.filter(grants_q(user, rule, require=require or "can_manage"))


class SettingChange(models.Model):
    """One line of a scheme's change log: who changed which setting, when, from what to what.
    Appended by the services of the settings area, never edited."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="setting_changes"
    )
    at = models.DateTimeField(_("at"), db_index=True)
    author = models.ForeignKey(
        "accounts.User",
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    section = models.CharField(_("section"), max_length=40)
    subject = models.CharField(_("subject"), max_length=200)
    before = models.TextField(_("before"), blank=True)
    after = models.TextField(_("after"), blank=True)

    objects = SettingChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("setting change")
        verbose_name_plural = _("setting changes")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject}: {self.before} → {self.after}"
