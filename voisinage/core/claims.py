"""Claim → commit → work → record: how a task sends an e-mail (or renders a document) that must
leave once, with nothing slow inside a write transaction (docs/adr/0053).

The claim is one conditional UPDATE, committed at once: the queryset matches the row only while
nobody has claimed it, so of two workers racing for it exactly one updates it and the other
skips it. The slow work (templates, documents, the mail server) then runs with no transaction
open and no lock held, so recordings in the field and other workers never wait for it. A
failure releases the claim (the next run tries again) and is raised as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import Model, Q, QuerySet


def claim(unclaimed: QuerySet[Any], **values: Any) -> bool:
    """Set ``values`` on the row(s) of ``unclaimed`` (a filter that matches only while nobody
    has claimed them); True when this caller won. Must be called outside any transaction, so
    that the claim is committed before the work starts."""
    return unclaimed.update(**values) > 0


def claimed_work[T](
    model: type[Model],
    pk: int,
    *,
    unclaimed: Q,
    claim_values: Mapping[str, Any],
    release_values: Mapping[str, Any],
    work: Callable[[], T],
) -> tuple[bool, T | None]:
    """Claim row ``pk`` of ``model`` (``unclaimed``: the lookups it matches while free), run
    ``work`` with no transaction open, and give the claim back (``release_values``) if the work
    raises. Returns (False, None) when another worker had the claim."""
    manager = model._default_manager
    if not claim(manager.filter(unclaimed, pk=pk), **claim_values):
        return False, None
    try:
        return True, work()
    except BaseException:
        manager.filter(pk=pk, **claim_values).update(**release_values)
        raise
