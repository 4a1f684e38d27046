"""What ``/healthz`` reports: the database, the task queue's lag, the scheduler's last tick,
and what the apps add through their ``health.py`` (``health_checks(now) -> list[HealthCheck]``:
the digests app reports each scheme's last morning dispatch).

Everyone gets each check's name and whether it is ok; the details (ages, schemes, moments) are
for platform administrators and monitoring holding ``VOISINAGE_HEALTH_TOKEN``. Nothing in it is
personal data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection

from voisinage.core.extensions import HEALTH
from voisinage.core.models import Heartbeat
from voisinage.core.tasks import queue_lag


@dataclass(frozen=True)
class HealthCheck:
    name: str
    ok: bool
    detail: dict[str, Any] = field(default_factory=dict)


def _database() -> HealthCheck:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure of the database is the answer
        return HealthCheck("database", False, {"error": type(exc).__name__})
    return HealthCheck("database", True, {"vendor": connection.vendor})


def _queue(now: datetime) -> HealthCheck:
    lag, ready = queue_lag(now)
    return HealthCheck(
        "task_queue",
        lag <= settings.VOISINAGE_HEALTH_MAX_QUEUE_LAG,
        {"lag_seconds": round(lag), "tasks_due": ready},
    )


def _scheduler(now: datetime) -> HealthCheck:
    last = Heartbeat.objects.filter(name="scheduler").values_list("at", flat=True).first()
    if last is None:
        return HealthCheck("scheduler", False, {"last_tick": None})
    age = (now - last).total_seconds()
    return HealthCheck(
        "scheduler",
        age <= settings.VOISINAGE_HEALTH_MAX_TICK_AGE,
        {"last_tick": last.isoformat(), "age_seconds": round(age)},
    )


def health_report(now: datetime) -> list[HealthCheck]:
    database = _database()
    if not database.ok:
        return [database]  # nothing else can be read
    checks = [database, _queue(now), _scheduler(now)]
    for hook in HEALTH.values():
        checks.extend(hook(now))
    return checks
