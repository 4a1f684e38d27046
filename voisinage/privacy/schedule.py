"""The privacy app's daily job for the scheduler (core.scheduler): each scheme's personal data
past its retention period is anonymised, at night when nobody reads it."""

from __future__ import annotations

from datetime import datetime, time

from voisinage.core.scheduler import Job
from voisinage.privacy.tasks import anonymise_personal_data
from voisinage.schemes.models import Scheme


def _anonymise(now: datetime) -> list[str]:
    queued = []
    for scheme in Scheme.objects.order_by("pk").only("pk", "slug"):
        anonymise_personal_data.enqueue(scheme.pk, now.isoformat())
        queued.append(f"anonymise:{scheme.slug}")
    return queued


def jobs() -> list[Job]:
    return [Job("personal-data-retention", _anonymise, daily_at=time(4, 30))]
