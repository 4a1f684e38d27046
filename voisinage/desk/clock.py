"""The desk's clock: one seam, so pages and tests agree on "now" (tests fix it by replacing
:func:`now`; services also take an explicit ``at``)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()
