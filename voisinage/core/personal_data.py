"""The contract of the ``personal_data`` extension point: what personal data an app holds, and
how it is anonymised once its retention period is over, and how a person's request finds,
erases or rectifies it (docs/personal-data.md, ADR 0051).

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

from voisinage.core.extensions import ACCESS_LOG

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
class PersonQuery:
    """Whom a data-protection request is about: any of name (part of), phone (digits
    compared), e-mail (exact); a dwelling number narrows to that dwelling."""

    name: str = ""
    phone: str = ""
    email: str = ""
    dwelling: str = ""

    @property
    def phone_digits(self) -> str:
        return "".join(c for c in self.phone if c.isdigit())

    @property
    def empty(self) -> bool:
        return not (self.name.strip() or self.phone_digits or self.email.strip())


@dataclass(frozen=True)
class HeldRecord:
    """One record that names the person, as the subject-access export shows it."""

    what: str  # e.g. "Call"
    reference: str  # e.g. "call #12"
    at: datetime | None
    fields: dict[str, str]  # label -> value, the personal data and its context
    open: bool = False  # the record is still being handled (a call not closed): no erasure yet


@dataclass(frozen=True)
class Holder:
    kind: str  # a DataKind
    label: str | Promise  # what is held, e.g. "Callers of the phone desk"
    # (scheme, before) -> records changed; "before": the end of the period, aware UTC.
    anonymise: Callable[[Any, datetime], int]
    # (scheme, query) -> the records naming the person (subject access); None: holds no
    # identity of its own (photos, logs, survey answers are found through their record).
    find: Callable[[Any, PersonQuery], list[HeldRecord]] | None = None
    # (scheme, query) -> records whose person was erased (identity, contact and free text
    # blanked; the record, its codes and moments stay for the figures). Same records as find.
    erase: Callable[[Any, PersonQuery], int] | None = None
    # (scheme, query, corrected) -> records corrected; ``corrected`` holds the non-empty ones
    # of "name", "phone", "email", "dwelling".
    rectify: Callable[[Any, PersonQuery, dict[str, str]], int] | None = None
    # (scheme) -> the organisations this data is sent to by the app's own settings (e.g. the
    # reports' routing table), for the register of processing; the members' roles are read
    # from the memberships by the privacy app itself.
    recipients: Callable[[Any], list[str]] | None = None
    # (scheme, user, query, where) -> access-log lines written: ``user`` was shown (or
    # exported) the records naming the person, from the page or route ``where``.
    log: Callable[[Any, Any, PersonQuery, str], int] | None = None


def access_logged(*, scheme: Any, user: Any, where: str, shown: list[tuple[str, str]]) -> int:
    """Write in the log of access to personal data (the desk's, through the ``access_log``
    extension point) that ``user`` was shown, on the page or route ``where``, these records:
    (record, person) pairs such as ("photo #12", "") or ("visit #3", "Mme Petit"). For apps
    that may not import the desk (reports, the field)."""
    return sum(
        hook(scheme=scheme, user=user, where=where, shown=shown) for hook in ACCESS_LOG.values()
    )
