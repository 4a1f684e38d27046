"""Governance: the bodies of a scheme, their meetings, attendance, documents, the decision log
with its action items, the operator's yearly attendance quotas, and personal calendar feeds.

Who sees what (docs/governance.md): every member of a scheme sees its bodies and meetings
(perimeters do not apply); editing needs ``can_manage`` or ``can_supervise``, or
``can_act_as_partner`` for the organisation that coordinates the scheme; an action item's status
may also be changed by the organisation (or the person) that owns it.
"""

from voisinage.governance.models.access import (
    FUNDING_ROLES,
    SchemeScopedQuerySet,
    compliance_rule,
    editor_rule,
    member_rule,
)
from voisinage.governance.models.bodies import (
    MONTH_LABELS,
    AttendanceQuota,
    AttendanceQuotaPast,
    Body,
    BodyKind,
    Frequency,
    parse_months,
    validate_months,
)
from voisinage.governance.models.decisions import (
    OPEN_STATUSES,
    TRANSITIONS,
    ActionItem,
    ActionItemStatusChange,
    ActionStatus,
    Decision,
)
from voisinage.governance.models.feeds import CalendarFeedToken
from voisinage.governance.models.meetings import (
    DOCUMENT_EXTENSIONS,
    DOCUMENT_MAX_BYTES,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingDocument,
    document_path,
)

__all__ = [
    "DOCUMENT_EXTENSIONS",
    "DOCUMENT_MAX_BYTES",
    "FUNDING_ROLES",
    "MONTH_LABELS",
    "OPEN_STATUSES",
    "TRANSITIONS",
    "ActionItem",
    "ActionItemStatusChange",
    "ActionStatus",
    "Attendance",
    "AttendanceQuota",
    "AttendanceQuotaPast",
    "AttendanceStatus",
    "Body",
    "BodyKind",
    "CalendarFeedToken",
    "Decision",
    "Frequency",
    "Meeting",
    "MeetingDocument",
    "SchemeScopedQuerySet",
    "compliance_rule",
    "document_path",
    "editor_rule",
    "member_rule",
    "parse_months",
    "validate_months",
]
