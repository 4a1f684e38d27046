"""Funding's daily job for the scheduler (core.scheduler): notice-deadline reminders."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings

from voisinage.core.scheduler import Job
from voisinage.funding.services import notice_reminders_schedule


def _notice_reminders(now: datetime) -> None:
    notice_reminders_schedule(today=now.astimezone(ZoneInfo(settings.TIME_ZONE)).date())


def jobs() -> list[Job]:
    return [Job("funding-notice-reminders", _notice_reminders, daily_at=time(6, 0))]
