"""The reports' daily job for the scheduler (core.scheduler): reminders of overdue reports to
their recipients, escalated to the organisation's manager after a set delay."""

from __future__ import annotations

from datetime import datetime, time

from voisinage.core.scheduler import Job
from voisinage.reports.tasks import send_report_reminders


def _reminders(now: datetime) -> None:
    send_report_reminders.enqueue(now.isoformat())


def jobs() -> list[Job]:
    return [Job("report-reminders", _reminders, daily_at=time(7, 25))]
