"""Reads of schemes for a user. One object: access_scheme(); lists: Scheme.objects.visible_to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from voisinage.accounts.access import get_or_404
from voisinage.schemes.models import Activity, Scheme

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from voisinage.accounts.access import AnyUser


def access_scheme(user: AnyUser, slug: str, *, write: bool = False) -> Scheme:
    """The scheme if the user may see it (or manage it, with ``write``); 404 otherwise."""
    qs = Scheme.objects.visible_to(user, require="can_manage" if write else None)
    return get_or_404(qs.select_related("operator"), slug=slug, is_active=True)


def scheme_activities(scheme: Scheme, *, include_retired: bool = False) -> QuerySet[Activity]:
    qs = Activity.objects.filter(scheme=scheme)
    return qs if include_retired else qs.in_use()
