"""Access to one digest for a user (lists: ``digests.selectors``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from voisinage.accounts.access import get_or_404
from voisinage.digests.models import Digest
from voisinage.digests.selectors import sees_drafts

if TYPE_CHECKING:
    from datetime import date

    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def access_digest(user: AnyUser, scheme: Scheme, night: date) -> Digest:
    """One night's digest the user may see (a draft only for operator staff); 404 otherwise."""
    qs = Digest.objects.visible_to(user).filter(scheme=scheme)
    if not sees_drafts(user, scheme):
        qs = qs.filter(first_sent_at__isnull=False)
    return get_or_404(qs, night=night)
