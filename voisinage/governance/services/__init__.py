"""Every write of the governance app (keyword-only, typed, one transaction each)."""

from voisinage.governance.services.decisions import (
    ActionSpec,
    action_item_add,
    action_item_transition,
    decision_record,
)
from voisinage.governance.services.feeds import (
    calendar_feed_create,
    calendar_feed_revoke,
    calendar_feed_user,
)
from voisinage.governance.services.meetings import (
    attendance_record,
    attendance_remove,
    document_add,
    document_remove,
    meeting_cancel,
    meeting_create,
    meeting_crisis_create,
    meeting_deck_record,
    meeting_invitations_resend,
    meeting_minutes_record,
    meeting_update,
)
from voisinage.governance.services.notifications import (
    deck_reminders_send,
    meeting_cancellations_send,
    meeting_invitations_send,
)

__all__ = [
    "ActionSpec",
    "action_item_add",
    "action_item_transition",
    "attendance_record",
    "attendance_remove",
    "calendar_feed_create",
    "calendar_feed_revoke",
    "calendar_feed_user",
    "decision_record",
    "deck_reminders_send",
    "document_add",
    "document_remove",
    "meeting_cancel",
    "meeting_cancellations_send",
    "meeting_create",
    "meeting_crisis_create",
    "meeting_deck_record",
    "meeting_invitations_resend",
    "meeting_invitations_send",
    "meeting_minutes_record",
    "meeting_update",
]
