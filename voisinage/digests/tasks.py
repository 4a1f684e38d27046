"""Background work of the digests app. Tasks take ids (and ISO strings) and call a service."""

from __future__ import annotations

from datetime import date, datetime

from django.tasks import task

from voisinage.digests.services import deliveries_send, digest_dispatch
from voisinage.schemes.models import Scheme


@task
def send_digest_deliveries(version_id: int | None = None, now: str | None = None) -> int:
    """Send a version's deliveries; ``now`` (the dispatch's moment) times the retries."""
    return deliveries_send(version_id=version_id, now=datetime.fromisoformat(now) if now else None)


@task
def dispatch_digest(scheme_id: int, night: str, now: str | None = None) -> int:
    """The scheduler's morning dispatch of one scheme's night (nothing if already sent)."""
    scheme = Scheme.objects.get(pk=scheme_id)
    version = digest_dispatch(
        scheme=scheme,
        night=date.fromisoformat(night),
        now=datetime.fromisoformat(now) if now else None,
        automatic=True,
    )
    return version.number if version else 0


@task
def retry_deliveries(now: str | None = None) -> int:
    return deliveries_send(now=datetime.fromisoformat(now) if now else None)
