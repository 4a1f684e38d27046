"""The scheduler: periodic jobs queued as django.tasks, executed by ``manage.py db_worker``.

``manage.py run_scheduler`` calls :func:`tick` every minute. Apps declare their jobs in
``<app>/schedule.py`` (``jobs() -> list[Job]``, the ``SCHEDULE`` extension point). A daily job
(``daily_at``) is claimed once a day in ``ScheduledRun`` (a unique key), so two scheduler
processes, or a restart, never queue it twice, and a scheduler that was down catches up at its
next tick. A job without ``daily_at`` runs at every tick and claims what it queues itself with
:func:`claim` (the morning digest of each scheme's night, for instance).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction

from voisinage.core.extensions import SCHEDULE
from voisinage.core.models import Heartbeat, ScheduledRun
from voisinage.core.tasks import requeue_stalled
from voisinage.lib import clock


@dataclass(frozen=True)
class Job:
    """``run(now)`` queues the job's tasks and returns what it queued, for the log (``None``:
    the job's name). ``daily_at`` (local time, settings.TIME_ZONE) makes it a once-a-day job
    from that time on; without it the job runs at every tick."""

    name: str
    run: Callable[[datetime], list[str] | None]
    daily_at: time | None = None


def app_jobs() -> list[Job]:
    """Core's own job (tasks whose worker died run again), then every app's."""
    return [Job("task-recovery", requeue_stalled)] + [
        job for jobs in SCHEDULE.values() for job in jobs()
    ]


def beat(name: str) -> None:
    """Record that the process ``name`` is alive now (read by /healthz)."""
    Heartbeat.objects.update_or_create(name=name, defaults={"at": clock.now()})


def claim(job: str, key: str, now: datetime) -> bool:
    """Record that ``job`` ran for ``key``; False when it already had."""
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(job=job, key=key, at=now)
    except IntegrityError:
        return False
    return True


def tick(now: datetime | None = None) -> list[str]:
    """Queue what is due at ``now`` (default: the clock's now); returns what was queued."""
    beat("scheduler")
    now = now or clock.now()
    local = now.astimezone(ZoneInfo(settings.TIME_ZONE))
    queued: list[str] = []
    for job in app_jobs():
        if job.daily_at is not None and (
            local.time() < job.daily_at or not claim(job.name, local.date().isoformat(), now)
        ):
            continue
        done = job.run(now)
        queued.extend([job.name] if done is None else done)
    return queued
