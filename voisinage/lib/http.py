"""Requests: what several views and API handlers read the same way."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest

IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_KEY_LENGTH = 80  # the column's length; clients send UUIDs (36 characters)


def idempotency_key(request: HttpRequest) -> str | None:
    """The request's ``Idempotency-Key`` header (a phone that retries sends the same one, so the
    service returns the first record instead of a duplicate), trimmed and cut to the stored
    length; ``None`` when it is absent or blank."""
    key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    return key[:IDEMPOTENCY_KEY_LENGTH] or None
