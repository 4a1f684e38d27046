"""Requests: what several views and API handlers read the same way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from voisinage.lib.bounds import check_idempotency_key

if TYPE_CHECKING:
    from django.http import HttpRequest

IDEMPOTENCY_HEADER = "Idempotency-Key"


def idempotency_key(request: HttpRequest) -> str | None:
    """The request's ``Idempotency-Key`` header (a phone that retries sends the same one, so the
    service returns the first record instead of a duplicate), trimmed; ``None`` when it is absent
    or blank. A key too long or not on one line raises ``ValueError`` with a French message —
    never cut, since a cut key could match another record's (the API turns it into a 422,
    ``voisinage.apitypes.idempotency_key``)."""
    raw = request.headers.get(IDEMPOTENCY_HEADER, "")
    if not raw.strip():
        return None
    return check_idempotency_key(raw)
