"""This app's periodic jobs (the scheduler is core.scheduler): each scheme's morning digest at
its dispatch time, and the retries of digest e-mails that failed.

The morning dispatch runs at every tick and claims each scheme's night once in
``ScheduledRun`` (job ``digest``, key ``<scheme id>:<night>``), so it never leaves twice and a
scheduler that was down catches up."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from voisinage.core.scheduler import Job, claim
from voisinage.digests.models import DeliveryStatus, DigestDelivery, DigestSettings
from voisinage.digests.tasks import dispatch_digest, retry_deliveries
from voisinage.schemes.models import Scheme
from voisinage.schemes.selectors import scheme_service_hours


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


def _dispatch(now: datetime) -> list[str]:
    queued: list[str] = []
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


def _retry(now: datetime) -> None:
    due = DigestDelivery.objects.filter(
        status__in=[DeliveryStatus.FAILED, DeliveryStatus.SENDING], next_attempt_at__lte=now
    ).exists()
    if due:
        retry_deliveries.enqueue(now.isoformat())


def jobs() -> list[Job]:
    return [Job("digest-retries", _retry), Job("digest-dispatch", _dispatch)]
