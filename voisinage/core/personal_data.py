"""The contract of the ``personal_data`` extension point: what personal data an app holds, and
how it is anonymised once its retention period is over (docs/personal-data.md, ADR 0051).

An app's ``personal_data.py`` defines ``holders() -> list[Holder]``. The privacy app reads the
scheme's retention rule of each ``kind`` and calls ``anonymise(scheme, before)`` with the moment
before which the data is past its period; the holder blanks identities and contacts, empties
free text, deletes photos or log lines — never the rows that indicators count, nor their codes —
and answers how many records it changed. It is idempotent: a second call changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from datetime import datetime

    from django.utils.functional import Promise


class DataKind(models.TextChoices):
    """The kinds of personal data a retention rule applies to."""

    CALLER = "caller", _("Caller's identity and contact")
    TENANT = "tenant", _("Tenant named in an instruction or a visit")
    NARRATIVE = "narrative", _("Narratives (free text that may name people)")
    PHOTO = "photo", _("Photos of reports")
    SURVEY = "survey", _("Satisfaction survey answers")
    ACCESS_LOG = "access_log", _("Access-log entries")


@dataclass(frozen=True)
class Holder:
    kind: str  # a DataKind
    label: str | Promise  # what is held, e.g. "Callers of the phone desk"
    # (scheme, before) -> records changed; "before": the end of the period, aware UTC.
    anonymise: Callable[[Any, datetime], int]
