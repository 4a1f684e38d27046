"""Reports handed to partners: configuration (categories, routing rules, settings) and the
reports with their occurrences, photos and history."""

from voisinage.reports.models.config import (
    CategoryGroup,
    PlaceKind,
    ReportCategory,
    ReportSettings,
    RoutingRule,
)
from voisinage.reports.models.reports import (
    ANSWER_TRANSITIONS,
    ANSWERABLE,
    OPEN_STATUSES,
    Answer,
    EventKind,
    Occurrence,
    OccurrenceSource,
    Report,
    ReportEvent,
    ReportPhoto,
    ReportStatus,
    Urgency,
    report_perimeter_rule,
)

__all__ = [
    "ANSWERABLE",
    "ANSWER_TRANSITIONS",
    "OPEN_STATUSES",
    "Answer",
    "CategoryGroup",
    "EventKind",
    "Occurrence",
    "OccurrenceSource",
    "PlaceKind",
    "Report",
    "ReportCategory",
    "ReportEvent",
    "ReportPhoto",
    "ReportSettings",
    "ReportStatus",
    "RoutingRule",
    "Urgency",
    "report_perimeter_rule",
]
