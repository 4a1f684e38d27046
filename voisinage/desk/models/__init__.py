from voisinage.desk.models.calls import (
    TRANSITIONS,
    Answer,
    Call,
    CallStatus,
    CallStatusChange,
    EmergencyAlert,
    EmergencyService,
    Event,
    PersonalDataView,
    SatisfactionSurvey,
    SurveyChannel,
)
from voisinage.desk.models.common import CallNature, DeskSettings, Urgency
from voisinage.desk.models.inbound import InboundEmail, InboundStatus, QuarantineReason
from voisinage.desk.models.incidents import (
    IncidentKind,
    OnBehalfOf,
    PoliceComplaint,
    SeriousIncident,
)
from voisinage.desk.models.instructions import Instruction, InstructionStatus, UrgentDecision

__all__ = [
    "TRANSITIONS",
    "Answer",
    "Call",
    "CallNature",
    "CallStatus",
    "CallStatusChange",
    "DeskSettings",
    "EmergencyAlert",
    "EmergencyService",
    "Event",
    "InboundEmail",
    "InboundStatus",
    "IncidentKind",
    "Instruction",
    "InstructionStatus",
    "OnBehalfOf",
    "PersonalDataView",
    "PoliceComplaint",
    "QuarantineReason",
    "SatisfactionSurvey",
    "SeriousIncident",
    "SurveyChannel",
    "Urgency",
    "UrgentDecision",
]
