"""This app's periodic jobs (see digests/scheduler.py): retrying digest e-mails that failed."""

from __future__ import annotations

from datetime import datetime

from voisinage.digests.scheduler import Job


def _retry(now: datetime) -> object:
    from voisinage.digests.models import DeliveryStatus, DigestDelivery
    from voisinage.digests.tasks import retry_deliveries

    due = DigestDelivery.objects.filter(
        status=DeliveryStatus.FAILED, next_attempt_at__lte=now
    ).exists()
    return retry_deliveries.enqueue(now.isoformat()) if due else None


def jobs() -> list[Job]:
    return [Job("digest-retries", _retry)]
