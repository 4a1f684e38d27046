"""The library's own indicators: field, governance, funding and roadmaps (docs/analytics.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from voisinage.analytics.indicators import compute as c
from voisinage.core.indicators import Indicator, Level, Register, Unit
from voisinage.schemes.models import Capability

ALL_DIMENSIONS = (
    "month",
    "night",
    "neighbourhood",
    "landlord",
    "activity",
    "field",
    "origin",
    "time_band",
    "result",
    "climate",
)


def indicators() -> list[Indicator]:
    return [
        Indicator(
            "interventions",
            _("Interventions"),
            Level.OUTPUT,
            Unit.COUNT,
            _("Interventions recorded in the logbook on the period's service nights."),
            "count(intervention) where night in period",
            (Register.TRANQUILLITY,),
            compute=c.interventions,
            breakdown=c.intervention_breakdown,
            dimensions=ALL_DIMENSIONS,
            key=True,
        ),
        Indicator(
            "people_reached",
            _("People involved"),
            Level.OUTPUT,
            Unit.COUNT,
            _("Adults, young people and minors involved in the interventions."),
            "sum(adults + young_people + minors)",
            (Register.SOCIAL_COHESION,),
            compute=c.people_reached,
        ),
        Indicator(
            "young_people_reached",
            _("Young people and minors involved"),
            Level.OUTPUT,
            Unit.COUNT,
            _("Young people (18–25) and minors involved in the interventions."),
            "sum(young_people + minors)",
            (Register.SOCIAL_COHESION,),
            compute=c.young_people_reached,
        ),
        Indicator(
            "entrances_patrolled",
            _("Entrances patrolled"),
            Level.OUTPUT,
            Unit.COUNT,
            _("Distinct entrances with at least one intervention of origin “patrol”."),
            "count(distinct entrance) where origin = patrol",
            (Register.TRANQUILLITY,),
            capability=Capability.PATROLS,
            compute=c.entrances_patrolled,
            key=True,
        ),
        Indicator(
            "patrol_target_rate",
            _("Patrol target reached"),
            Level.OUTPUT,
            Unit.PERCENT,
            _(
                "Entrances visited on patrol each ISO week, summed over the weeks, against the "
                "weekly target times the number of weeks: the scheme's for the whole scheme, "
                "the sum of its sites' targets for an operator's sites. Without filters."
            ),
            "count(distinct (iso_week(night), entrance) where origin = patrol) "
            "/ (weekly_patrol_target × ceil(days / 7)) × 100",
            (Register.TRANQUILLITY,),
            capability=Capability.PATROLS,
            compute=c.patrol_target_rate,
        ),
        Indicator(
            "courtesy_visits",
            _("Courtesy visits made"),
            Level.OUTPUT,
            Unit.COUNT,
            _("Dwellings of the landlords' lists visited (met, absent, refused or to revisit)."),
            "count(courtesy_visit) where visited_at in period and outcome ≠ to_visit",
            (Register.SOCIAL_COHESION,),
            source="field",
            capability=Capability.COURTESY_VISITS,
            compute=c.courtesy_visits,
        ),
        Indicator(
            "courtesy_met_share",
            _("Tenants met on courtesy visits"),
            Level.OUTCOME,
            Unit.PERCENT,
            _("Share of courtesy visits where the tenant was met."),
            "count(outcome = met) / count(visits made) × 100",
            (Register.SOCIAL_COHESION,),
            capability=Capability.COURTESY_VISITS,
            compute=c.courtesy_met_share,
        ),
        Indicator(
            "activities_used",
            _("Activities of the referential used"),
            Level.OUTPUT,
            Unit.COUNT,
            _("Distinct activities of the scheme's referential given to interventions."),
            "count(distinct activity of the interventions)",
            (Register.INNOVATION,),
            compute=c.activities_used,
        ),
        Indicator(
            "presence_hours",
            _("Hours of presence"),
            Level.OUTPUT,
            Unit.HOURS,
            _("Hours worked by the staff on duty (the operator's staff only see the rota)."),
            "sum(duty_assignment.hours) where night in period",
            (Register.ECONOMIC,),
            source="field",
            capability=Capability.STAFFING,
            compute=c.presence_hours,
        ),
        Indicator(
            "meetings_attended",
            _("Meetings attended"),
            Level.OUTPUT,
            Unit.COUNT,
            _("Meetings of the scheme's bodies where the operator was present."),
            "count(meeting) where not cancelled and attendance(operator) = present",
            (Register.RECOGNITION,),
            source="governance",
            compute=c.meetings_attended,
            key=True,
        ),
        Indicator(
            "resolved_share",
            _("Resolved on the spot"),
            Level.OUTCOME,
            Unit.PERCENT,
            _("Share of interventions with a result that were resolved on the spot."),
            "count(result = resolved) / count(result given) × 100",
            (Register.TRANQUILLITY,),
            compute=c.resolved_share,
            key=True,
        ),
        Indicator(
            "handed_over_share",
            _("Handed over to a partner"),
            Level.OUTCOME,
            Unit.PERCENT,
            _("Share of interventions with a result that were handed over to a partner."),
            "count(result = handed_over) / count(result given) × 100",
            (Register.SOCIAL_COHESION,),
            compute=c.handed_over_share,
        ),
        Indicator(
            "roadmap_actions_done",
            _("Roadmap actions done"),
            Level.OUTCOME,
            Unit.PERCENT,
            _("Share of the year's planned actions due by the end of the period that are done."),
            "count(action done) / count(action due, not dropped) × 100",
            (Register.INNOVATION,),
            source="analytics",
            compute=c.roadmap_actions_done,
        ),
        Indicator(
            "climate_score",
            _("Residence climate (average of the rated interventions)"),
            Level.IMPACT,
            Unit.SCORE,
            _(
                "Average climate noted by the team: green 0 (calm), yellow 1 (recurrent "
                "incivilities), orange 2 (delinquent activity), red 3 (serious incident). "
                "Its trend against the previous period is the impact proxy; lower is better."
            ),
            "avg(score(climate)) over interventions with a climate",
            (Register.TRANQUILLITY,),
            compute=c.climate_score,
            lower_is_better=True,
            key=True,
        ),
        Indicator(
            "serious_climate_share",
            _("Tense climate"),
            Level.IMPACT,
            Unit.PERCENT,
            _("Share of interventions noted orange or red."),
            "count(climate in (orange, red)) / count(climate given) × 100",
            (Register.TRANQUILLITY,),
            compute=c.serious_climate_share,
            lower_is_better=True,
        ),
        Indicator(
            "recurring_entrances",
            _("Entrances with recurring problems"),
            Level.IMPACT,
            Unit.COUNT,
            _(
                "Entrances with at least three problem interventions in the period: "
                "interventions other than patrol passages (a call, an instruction, a partner's "
                "request, the team's own initiative…). Routine patrol passages are not problems."
            ),
            "count(entrance) having count(intervention where origin ≠ patrol) ≥ "
            f"{c.RECURRENCE_THRESHOLD}",
            (Register.TRANQUILLITY,),
            compute=c.recurring_entrances,
            lower_is_better=True,
        ),
        Indicator(
            "avoided_costs",
            _("Estimated avoided costs"),
            Level.IMPACT,
            Unit.EUROS,
            _(
                "Avoided events counted in the logbook times their unit cost, a setting of the "
                "scheme with its source (see the evaluation page)."
            ),
            "Σ count(avoided event) × unit cost(event)",
            (Register.ECONOMIC,),
            source="analytics",
            compute=c.avoided_costs,
            key=True,
        ),
        Indicator(
            "scheme_cost",
            _("Cost of the scheme"),
            Level.OUTPUT,
            Unit.EUROS,
            _("The funding agreements' annual target cost, pro rata of the days of the period."),
            "Σ over days annual_cost(in force) / 365",
            (Register.ECONOMIC,),
            source="funding",
            compute=c.scheme_cost,
        ),
        Indicator(
            "cost_per_intervention",
            _("Cost per intervention"),
            Level.OUTCOME,
            Unit.EUROS,
            _("The cost of the scheme over the period divided by its interventions."),
            "scheme_cost / interventions",
            (Register.ECONOMIC,),
            source="funding",
            compute=c.cost_per_intervention,
            lower_is_better=True,
        ),
    ]
