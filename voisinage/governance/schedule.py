"""Governance's daily job for the scheduler (core.scheduler): the deck reminders."""

from __future__ import annotations

from datetime import datetime, time

from voisinage.core.scheduler import Job
from voisinage.governance.tasks import send_deck_reminders


def _deck_reminders(now: datetime) -> None:
    send_deck_reminders.enqueue(now.isoformat())


def jobs() -> list[Job]:
    return [Job("governance-deck-reminders", _deck_reminders, daily_at=time(6, 0))]
