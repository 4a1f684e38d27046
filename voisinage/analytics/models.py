"""Roadmaps, the texts people write for the monthly summary and the review deck, and the unit
costs of the avoided-costs calculator (docs/analytics.md). Indicator values are never stored:
they are computed from the other apps' data on each request."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import Grant, grants_q
from voisinage.territory.models import stock_perimeter_rule

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser


def _scheme_rule(field: str) -> Callable[[Grant], models.Q]:
    def rule(grant: Grant) -> models.Q:
        return models.Q(**{field: grant.scheme_id})

    return rule


def _editor_rule(field: str) -> Callable[[Grant], models.Q]:
    """The operator's manager and supervisor edit roadmaps and the texts of the documents."""

    def rule(grant: Grant) -> models.Q:
        if grant.can_manage or grant.can_supervise:
            return models.Q(**{field: grant.scheme_id})
        return models.Q(pk__in=[])

    return rule


class SchemeQuerySet[M: models.Model](models.QuerySet[M]):
    scheme_field = "scheme_id"

    def visible_to(self, user: AnyUser, *, require: str | None = None) -> Self:
        return self.filter(grants_q(user, _scheme_rule(self.scheme_field), require=require))

    def editable_by(self, user: AnyUser) -> Self:
        return self.filter(grants_q(user, _editor_rule(self.scheme_field)))


class RoadmapQuerySet(SchemeQuerySet["Roadmap"]):
    pass


class Roadmap(models.Model):
    """The annual roadmap of a scheme: axes, objectives with indicator targets, planned actions.
    Edited together by the operator's manager and supervisor: ``version`` refuses stale saves."""

    scheme = models.ForeignKey(
        "schemes.Scheme", verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = RoadmapQuerySet.as_manager()

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")
        ordering = ["scheme", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "year"], name="roadmap_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.year}"


class RoadmapAxis(models.Model):
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="axes")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("axis"), max_length=200)

    class Meta:
        verbose_name = _("roadmap axis")
        verbose_name_plural = _("roadmap axes")
        ordering = ["roadmap", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class RoadmapObjective(models.Model):
    """An objective, measured by one indicator of the library against a yearly target."""

    axis = models.ForeignKey(RoadmapAxis, on_delete=models.CASCADE, related_name="objectives")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("objective"), max_length=300)
    indicator = models.CharField(_("indicator"), max_length=60, blank=True)
    target = models.DecimalField(
        _("target for the year"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("roadmap objective")
        verbose_name_plural = _("roadmap objectives")
        ordering = ["axis", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class RoadmapAction(models.Model):
    """A planned action; its month places it in the monthly roadmap."""

    objective = models.ForeignKey(
        RoadmapObjective, on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("owner"), max_length=150, blank=True)
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )

    class Meta:
        verbose_name = _("planned action")
        verbose_name_plural = _("planned actions")
        ordering = ["objective", "month", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def month_first(self) -> date | None:
        """A date in the action's month, for showing the month's name."""
        return date(2000, self.month, 1) if self.month else None


class MonthlyNoteQuerySet(SchemeQuerySet["MonthlyNote"]):
    pass


class MonthlyNote(models.Model):
    """The supervisor's analysis and recommendations for a month's summary."""

    scheme = models.ForeignKey(
        "schemes.Scheme", verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    analysis = models.TextField(_("analysis"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MonthlyNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly analysis")
        verbose_name_plural = _("monthly analyses")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "month"], name="monthly_note_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.month:%m/%Y}"


class ReviewNoteQuerySet(SchemeQuerySet["ReviewNote"]):
    pass


class ReviewNote(models.Model):
    """The operator's proposals for a half-year or annual review (its last slides)."""

    scheme = models.ForeignKey(
        "schemes.Scheme", verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="+"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    proposals = models.TextField(_("proposals"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ReviewNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("review proposals")
        verbose_name_plural = _("review proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "starts_on", "ends_on"], name="review_note_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.starts_on}–{self.ends_on}"


# --- Roll-ups (ADR 0028) ------------------------------------------------------------------------


class RollupQuerySet[M: models.Model](models.QuerySet[M]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> Self:
        """The interventions' rule: every roll-up row has a scheme, a neighbourhood and a
        landlord."""
        return self.filter(grants_q(user, stock_perimeter_rule, require=require))


def _count(name: Any) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(name, default=0)


class PlacedRollup(models.Model):
    """What every roll-up row has (ADR 0028): its scheme, neighbourhood and landlord, so that
    ``visible_to(user)`` applies the interventions' own perimeter rule."""

    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.CASCADE, related_name="+")
    neighbourhood = models.ForeignKey(
        "territory.Neighbourhood", null=True, on_delete=models.CASCADE, related_name="+"
    )
    landlord = models.ForeignKey(
        "territory.Organisation", null=True, on_delete=models.CASCADE, related_name="+"
    )

    objects = RollupQuerySet.as_manager()

    class Meta:
        abstract = True


class InterventionCounts(PlacedRollup):
    """The counts of interventions the dashboards add up (ADR 0028), per scheme,
    neighbourhood and landlord; the concrete roll-ups add the night or the month."""

    interventions = _count(_("interventions"))
    origin_patrol = _count(_("patrol"))
    origin_phone_call = _count(_("phone call"))
    origin_landlord_instruction = _count(_("landlord instruction"))
    origin_partner_request = _count(_("partner request"))
    origin_own_initiative = _count(_("own initiative"))
    origin_event = _count(_("event"))
    origin_courtesy_visit = _count(_("courtesy visit"))
    result_resolved = _count(_("resolved"))
    result_partly_resolved = _count(_("partly resolved"))
    result_not_resolved = _count(_("not resolved"))
    result_handed_over = _count(_("handed over"))
    climate_green = _count(_("green"))
    climate_yellow = _count(_("yellow"))
    climate_orange = _count(_("orange"))
    climate_red = _count(_("red"))
    people = _count(_("people"))
    young = _count(_("young people and minors"))
    conflict_resolved = _count(_("conflicts settled"))
    anomaly_reported = _count(_("anomalies reported"))
    without_activity = _count(_("without an activity"))

    class Meta:
        abstract = True


class InterventionRollup(InterventionCounts):
    """The interventions of one night, neighbourhood and landlord, counted (ADR 0028).

    Derived data, rebuilt from ``field.Intervention`` (analytics/rollup.py): never edited.
    Distinct entrances and activities are not additive: see the monthly roll-ups below."""

    night = models.DateField()

    class Meta:
        verbose_name = _("interventions roll-up")
        verbose_name_plural = _("interventions roll-ups")
        indexes = [models.Index(fields=["scheme", "night"], name="rollup_scheme_night")]

    def __str__(self) -> str:
        return f"{self.scheme_id} {self.night} {self.neighbourhood_id} {self.landlord_id}"


class InterventionMonthRollup(InterventionCounts):
    """The same counts per month, summed from the nightly roll-up: whole-month periods (a
    year: twelve rows per neighbourhood and landlord) read these."""

    month = models.DateField(help_text=_("First day of the month."))

    class Meta:
        verbose_name = _("interventions month roll-up")
        verbose_name_plural = _("interventions month roll-ups")
        indexes = [models.Index(fields=["scheme", "month"], name="rollup_scheme_month")]

    def __str__(self) -> str:
        return f"{self.scheme_id} {self.month} {self.neighbourhood_id} {self.landlord_id}"


class EntranceCounts(PlacedRollup):
    """One entrance's interventions and patrols over a month or a year (the concrete roll-ups
    add which): ``Scope.entrance_rollups`` reads either."""

    entrance = models.ForeignKey("territory.Entrance", on_delete=models.CASCADE, related_name="+")
    interventions = _count(_("interventions"))
    patrols = _count(_("patrols"))

    class Meta:
        abstract = True


class EntranceMonthRollup(EntranceCounts):
    """The interventions at one entrance in one month (ADR 0028): distinct entrances over
    whole months read these rows, not the interventions."""

    month = models.DateField(help_text=_("First day of the month."))

    class Meta:
        verbose_name = _("entrance month roll-up")
        verbose_name_plural = _("entrance month roll-ups")
        # Covering on PostgreSQL: a year's distinct entrances are an index-only scan (the rows
        # of one month lie scattered in the table; reading them by the heap was 36 000 pages).
        indexes = [
            models.Index(
                fields=["scheme", "month"],
                include=["entrance", "interventions", "patrols", "neighbourhood", "landlord"],
                name="entrance_month_covering",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme_id} {self.month} {self.entrance_id}"


class EntranceYearRollup(EntranceCounts):
    """The interventions at one entrance in one calendar year, summed from the month rows
    (ADR 0030): a year's map and distinct entrances read one row per entrance instead of
    one per entrance and month."""

    year = models.DateField(help_text=_("1 January of the year."))

    class Meta:
        verbose_name = _("entrance year roll-up")
        verbose_name_plural = _("entrance year roll-ups")
        indexes = [
            models.Index(
                fields=["scheme", "year"],
                include=["entrance", "interventions", "patrols", "neighbourhood", "landlord"],
                name="entrance_year_covering",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme_id} {self.year:%Y} {self.entrance_id}"


class ActivityMonthRollup(PlacedRollup):
    """The interventions of one activity in one month (ADR 0028)."""

    month = models.DateField(help_text=_("First day of the month."))
    activity = models.ForeignKey("schemes.Activity", on_delete=models.CASCADE, related_name="+")
    interventions = _count(_("interventions"))

    class Meta:
        verbose_name = _("activity month roll-up")
        verbose_name_plural = _("activity month roll-ups")
        indexes = [models.Index(fields=["scheme", "month"], name="activity_month_rollup")]

    def __str__(self) -> str:
        return f"{self.scheme_id} {self.month} {self.activity_id}"


class HourMonthRollup(PlacedRollup):
    """The interventions started at one hour (scheme's time zone) in one month (ADR 0028): the
    breakdown by time band over whole months."""

    month = models.DateField(help_text=_("First day of the month."))
    hour = models.PositiveSmallIntegerField(_("hour"))
    interventions = _count(_("interventions"))

    class Meta:
        verbose_name = _("hour month roll-up")
        verbose_name_plural = _("hour month roll-ups")
        indexes = [models.Index(fields=["scheme", "month"], name="hour_month_rollup")]

    def __str__(self) -> str:
        return f"{self.scheme_id} {self.month} {self.hour}"


class PatrolWeekRollup(PlacedRollup):
    """The entrances patrolled in one ISO week, per neighbourhood and landlord (ADR 0028): an
    entrance belongs to one neighbourhood and one landlord, so the counts add up across them,
    and (week, entrance) pairs of different weeks are different: the patrol target's
    entrance-weeks are a sum over the weeks."""

    week = models.DateField(help_text=_("Monday of the week."))
    entrances = _count(_("entrances patrolled"))

    class Meta:
        verbose_name = _("patrol week roll-up")
        verbose_name_plural = _("patrol week roll-ups")
        indexes = [models.Index(fields=["scheme", "week"], name="patrol_week_rollup")]

    def __str__(self) -> str:
        return f"{self.scheme_id} {self.week}"


class RollupStale(models.Model):
    """A night whose roll-up rows must be rebuilt before they are read (ADR 0028)."""

    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.CASCADE, related_name="+")
    night = models.DateField()
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("stale roll-up night")
        verbose_name_plural = _("stale roll-up nights")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "night"], name="rollup_stale_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scheme_id} {self.night}"


# The evaluation's settings live in their own module (avoided-cost types, reference figures).
from voisinage.analytics.models_evaluation import AvoidedCostUnit as AvoidedCostUnit  # noqa: E402
from voisinage.analytics.models_evaluation import CountedAs as CountedAs  # noqa: E402
from voisinage.analytics.models_evaluation import ReferenceFigure as ReferenceFigure  # noqa: E402
