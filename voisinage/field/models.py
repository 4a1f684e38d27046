"""The field app's models, registered under the app label ``field``: the logbook's interventions
and code lists, night staffing, patrol plans, courtesy visits. Each sub-domain defines its own in
``<sub-domain>/models.py``; other apps import them from here."""

from voisinage.field.courtesy.models import CourtesyCampaign, CourtesyVisit, VisitOutcome
from voisinage.field.logbook.models import (
    Climate,
    Coded,
    CodeKind,
    FieldCode,
    Intervention,
    InterventionChange,
    InterventionStatus,
    Origin,
    Result,
)
from voisinage.field.patrols.models import PatrolPlan, PatrolPlanEntry, PlanStatus
from voisinage.field.staffing.models import DutyAssignment

__all__ = [
    "Climate",
    "CodeKind",
    "Coded",
    "CourtesyCampaign",
    "CourtesyVisit",
    "DutyAssignment",
    "FieldCode",
    "Intervention",
    "InterventionChange",
    "InterventionStatus",
    "Origin",
    "PatrolPlan",
    "PatrolPlanEntry",
    "PlanStatus",
    "Result",
    "VisitOutcome",
]
