"""Personal calendar feed links: a random secret in the URL, only its hash stored (the same
SHA-256 scheme as API tokens), one active link per user, revocable and regenerable."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.db import transaction

from voisinage.accounts.models import User

# The project's token hashing (SHA-256 of the raw secret), shared with API tokens.
from voisinage.accounts.services import token_hash
from voisinage.governance.models import CalendarFeedToken
from voisinage.lib import clock

FEED_SECRET_BYTES = 32  # 256 random bits, as API tokens


@transaction.atomic
def calendar_feed_create(*, user: User) -> tuple[CalendarFeedToken, str]:
    """Make a new feed link, revoking the previous one. Returns the token and its secret,
    which is never stored nor shown again."""
    calendar_feed_revoke(user=user)
    raw = secrets.token_urlsafe(FEED_SECRET_BYTES)
    token = CalendarFeedToken.objects.create(user=user, key_hash=token_hash(raw))
    return token, raw


@transaction.atomic
def calendar_feed_revoke(*, user: User, now: datetime | None = None) -> int:
    """Revoke the user's active feed link; returns how many were revoked (0 or 1)."""
    User.objects.select_for_update().filter(pk=user.pk).first()  # serialises regenerations
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=now or clock.now()
    )


def calendar_feed_user(raw: str, *, now: datetime | None = None) -> User | None:
    """The active user behind a feed secret, or None. Marks the link used (once an hour)."""
    if not raw or len(raw) > 100:
        return None
    token = (
        CalendarFeedToken.objects.select_related("user")
        .filter(key_hash=token_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = now or clock.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(hours=1):
        CalendarFeedToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
