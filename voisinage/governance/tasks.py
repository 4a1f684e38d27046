"""Background work of the governance app. Tasks take ids (and JSON values) and call a service."""

from __future__ import annotations

from datetime import datetime

from django.tasks import task

from voisinage.governance.services import (
    deck_reminders_send,
    meeting_cancellations_send,
    meeting_invitations_send,
)


@task
def send_meeting_invitations(meeting_id: int, organisation_ids: list[int] | None = None) -> int:
    return meeting_invitations_send(meeting_id=meeting_id, organisation_ids=organisation_ids)


@task
def send_meeting_cancellations(meeting_id: int, organisation_ids: list[int] | None = None) -> int:
    return meeting_cancellations_send(meeting_id=meeting_id, organisation_ids=organisation_ids)


@task
def send_deck_reminders(now: str | None = None) -> int:
    """Run daily (``manage.py send_governance_reminders`` from cron); ``now`` is an ISO
    datetime, for replaying a given day."""
    return deck_reminders_send(now=datetime.fromisoformat(now) if now else None)
