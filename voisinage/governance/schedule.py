"""Governance's daily job for the scheduler (digests/scheduler.py)."""

from __future__ import annotations

from datetime import datetime, time

from voisinage.digests.scheduler import Job


def _deck_reminders(now: datetime) -> object:
    from voisinage.governance.tasks import send_deck_reminders

    return send_deck_reminders.enqueue(now.isoformat())


def jobs() -> list[Job]:
    return [Job("governance-deck-reminders", _deck_reminders, daily_at=time(6, 0))]
