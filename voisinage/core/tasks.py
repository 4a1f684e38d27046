"""The task queue's own upkeep: tasks whose worker died are run again, and the queue's lag.

``manage.py db_worker`` marks a task RUNNING when it takes it and never looks back: a worker
killed mid-task (a crash, an out-of-memory kill, a host lost) leaves it RUNNING for ever. The
scheduler's ``task-recovery`` job puts such a task back in the queue once it has been running
longer than ``settings.VOISINAGE_TASK_TIMEOUT``; every task of ours is safe to run again (the
digest's deliveries are claimed one by one and never sent twice, docs/adr/0033).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from voisinage.lib import clock

logger = logging.getLogger(__name__)


def requeue_stalled(now: datetime) -> list[str]:
    """Put back in the queue the tasks running for longer than the timeout; returns what it
    requeued, for the scheduler's log. Measured on the real clock, as the worker stamps its
    tasks (``now`` may be a moment the scheduler replays)."""
    limit = clock.now() - timedelta(seconds=settings.VOISINAGE_TASK_TIMEOUT)
    requeued: list[str] = []
    with transaction.atomic():
        stalled = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, started_at__lt=limit
        )
        for task in stalled:
            task.status = TaskResultStatus.READY
            task.started_at = None
            task.save(update_fields=["status", "started_at"])
            logger.warning(
                "task %s (%s) ran for too long on %s: queued again",
                task.pk,
                task.task_path,
                task.worker_ids[-1:] or "?",
            )
            requeued.append(f"requeued {task.task_path}")
    return requeued


def queue_lag(now: datetime) -> tuple[float, int]:
    """Seconds the oldest task due has been waiting, and how many tasks are due."""
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    lag = max(0.0, (now - oldest).total_seconds()) if oldest else 0.0
    return lag, ready.count()
