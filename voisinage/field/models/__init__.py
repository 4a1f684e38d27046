"""The field logbook: interventions and their code lists, night staffing, patrol plans,
courtesy visits. One module per concern; everything is importable from here."""

from voisinage.field.logbook.models import (
    Climate,
    Coded,
    CodeKind,
    FieldCode,
    Intervention,
    InterventionChange,
    InterventionStatus,
    Origin,
    OtherPlaceKind,
    Result,
)
from voisinage.field.models.courtesy import CourtesyCampaign, CourtesyVisit, VisitOutcome
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
    "OtherPlaceKind",
    "PatrolPlan",
    "PatrolPlanEntry",
    "PlanStatus",
    "Result",
    "VisitOutcome",
]
