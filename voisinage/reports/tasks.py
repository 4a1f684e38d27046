"""Background work of reports. Tasks take ids (and JSON values) and call a service."""

from __future__ import annotations

from datetime import datetime

from django.tasks import task

from voisinage.reports.services.mail import (
    answer_notify,
    report_dispatch_send,
    report_reminders_send,
)


@task
def send_report(report_id: int) -> int:
    return report_dispatch_send(report_id=report_id)


@task
def notify_supervisors(event_id: int) -> int:
    return answer_notify(event_id=event_id)


@task
def send_report_reminders(now: str | None = None) -> list[int]:
    """Run daily (``manage.py send_report_reminders`` from cron); ``now`` is an ISO datetime,
    for replaying a given day. Returns [reminded, escalated]."""
    result = report_reminders_send(now=datetime.fromisoformat(now) if now else None)
    return [result.reminded, result.escalated]
