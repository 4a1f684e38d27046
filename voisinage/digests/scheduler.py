"""The scheduler: periodic jobs queued as django.tasks, executed by ``manage.py db_worker``.

``manage.py run_scheduler`` calls :func:`tick` every minute. Apps declare their jobs in
``<app>/schedule.py`` (``jobs() -> list[Job]``); the morning dispatch of each scheme's digest is
this app's own. Each daily job and each digest dispatch is claimed once in ``ScheduledRun``
(unique key), so two scheduler processes, or a restart, never queue anything twice, and a
scheduler that was down catches up at its next tick.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import import_module
from importlib.util import find_spec
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction

from voisinage.digests.models import DigestSettings, ScheduledRun
from voisinage.lib import clock
from voisinage.schemes.models import Scheme
from voisinage.schemes.selectors import scheme_service_hours


@dataclass(frozen=True)
class Job:
    """``run(now)`` queues the job's task. ``daily_at`` (local time, settings.TIME_ZONE) makes
    it a once-a-day job from that time on; without it the job runs at every tick."""

    name: str
    run: Callable[[datetime], object]
    daily_at: time | None = None


def app_jobs() -> list[Job]:
    found: list[Job] = []
    for config in apps.get_app_configs():
        if config.name.startswith("voisinage.") and find_spec(f"{config.name}.schedule"):
            found.extend(import_module(f"{config.name}.schedule").jobs())
    return found


def claim(job: str, key: str, now: datetime) -> bool:
    """Record that ``job`` ran for ``key``; False when it already had."""
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(job=job, key=key, at=now)
    except IntegrityError:
        return False
    return True


def due_night(scheme: Scheme, now: datetime, dispatch_time: time) -> date | None:
    """The night whose digest should have left by ``now``: last night once the dispatch time
    has passed this morning, else the night before (catching up until this morning's time)."""
    hours = scheme_service_hours(scheme)
    local = now.astimezone(hours.zone)
    back = 1 if local.time() >= dispatch_time else 2
    night = local.date() - timedelta(days=back)
    if night < scheme.starts_on or (scheme.ends_on and night > scheme.ends_on):
        return None
    return night if hours.shift_for(night) is not None else None


def tick(now: datetime | None = None) -> list[str]:
    """Queue what is due at ``now``; returns what was queued (for the log)."""
    from voisinage.digests.tasks import dispatch_digest

    now = now or clock.now()
    queued: list[str] = []
    local_day = now.astimezone(ZoneInfo(settings.TIME_ZONE))
    for job in app_jobs():
        if job.daily_at is None or (
            local_day.time() >= job.daily_at and claim(job.name, local_day.date().isoformat(), now)
        ):
            job.run(now)
            queued.append(job.name)
    configured = {s.scheme_id: s for s in DigestSettings.objects.all()}
    for scheme in Scheme.objects.filter(is_active=True).order_by("pk"):
        setting = configured.get(scheme.pk)
        if setting is not None and not setting.is_enabled:
            continue
        dispatch_time = setting.dispatch_time if setting else DigestSettings().dispatch_time
        night = due_night(scheme, now, dispatch_time)
        if night is not None and claim("digest", f"{scheme.pk}:{night.isoformat()}", now):
            dispatch_digest.enqueue(scheme.pk, night.isoformat(), now.isoformat())
            queued.append(f"digest {scheme.slug} {night.isoformat()}")
    return queued
