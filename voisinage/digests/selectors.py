"""Reads of the digests app for a user: lists through visible_to (one digest: ``digests.access``).

Operator staff who record (``can_record``) see the draft of a night being prepared; everyone
else in the scheme sees only the versions sent. Lines are always restricted to the reader's
perimeter (``compile.reading_for``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils.dateparse import parse_date

from voisinage.accounts.access import has_capability
from voisinage.digests.deadlines import deadline_at, scheme_deadline
from voisinage.digests.models import (
    DeliveryStatus,
    Digest,
    DigestDelivery,
    DigestVersion,
)
from voisinage.lib import clock
from voisinage.lib.service_hours import latest_service_night
from voisinage.schemes.selectors import scheme_service_hours

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def sees_drafts(user: AnyUser, scheme: Scheme) -> bool:
    return has_capability(user, scheme.pk, "can_record")


def scheme_digests(user: AnyUser, scheme: Scheme) -> QuerySet[Digest]:
    qs = Digest.objects.visible_to(user).filter(scheme=scheme)
    if not sees_drafts(user, scheme):
        qs = qs.filter(first_sent_at__isnull=False)
    return qs.annotate(
        sent_versions=Count("versions", filter=Q(versions__sent_at__isnull=False)),
        last_sent_at=Max("versions__sent_at"),
    ).order_by("-night")


def versions_for(user: AnyUser, digest: Digest) -> list[DigestVersion]:
    qs = digest.versions.order_by("number")
    if not sees_drafts(user, digest.scheme):
        qs = qs.filter(sent_at__isnull=False)
    return list(qs)


def version_for(user: AnyUser, digest: Digest, number: int | None = None) -> DigestVersion:
    """The version asked for, or the newest the user may see; 404 when there is none."""
    versions = versions_for(user, digest)
    if number is not None:
        versions = [v for v in versions if v.number == number]
    if not versions:
        raise Http404
    return versions[-1]


def night_or_404(value: str) -> date:
    """A night from a URL (YYYY-MM-DD); 404 for anything else, impossible dates included."""
    try:
        night = parse_date(value) if value else None
    except ValueError:  # well-formed but impossible, e.g. 2025-13-40
        night = None
    if night is None:
        raise Http404
    return night


def last_night(scheme: Scheme) -> date:
    """The last night that had a service (tonight's, during the night): the default night of
    the digest and ambiance pages and API."""

    return latest_service_night(clock.now(), scheme_service_hours(scheme))


@dataclass(frozen=True)
class Undelivered:
    """A night's digest e-mails not delivered yet: the supervisor's alert."""

    night: date
    count: int
    late: bool  # the scheme's deadline has passed
    last_error: str
    next_attempt_at: datetime | None


def undelivered(user: AnyUser, scheme: Scheme, now: datetime) -> list[Undelivered]:
    """Deliveries not sent yet (pending, being sent or failed), by night, for those who
    supervise (one query)."""
    if not has_capability(user, scheme.pk, "can_supervise"):
        return []
    rows: dict[date, list[DigestDelivery]] = {}
    for delivery in (
        DigestDelivery.objects.filter(
            version__digest__scheme=scheme,
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.FAILED],
        )
        .select_related("version__digest")
        .order_by("version__digest__night", "pk")[:500]
    ):
        rows.setdefault(delivery.version.digest.night, []).append(delivery)
    at = scheme_deadline(scheme)
    return [
        Undelivered(
            night=night,
            count=len(found),
            late=now > deadline_at(scheme, night, at),
            last_error=next((d.last_error for d in reversed(found) if d.last_error), ""),
            next_attempt_at=min(
                (d.next_attempt_at for d in found if d.next_attempt_at), default=None
            ),
        )
        for night, found in rows.items()
    ]
