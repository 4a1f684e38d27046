"""Reads of the privacy app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from voisinage.core.extensions import PERSONAL_DATA
from voisinage.core.personal_data import DataKind, Holder
from voisinage.privacy.models import (
    DEFAULT_MONTHS,
    MINIMUM_MONTHS,
    AnonymisationRun,
    RequestOutcome,
    RetentionRule,
    SubjectRequest,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from voisinage.schemes.models import Scheme


def retention_months(scheme: Scheme) -> dict[str, int]:
    """The scheme's period of each kind of data, in months (the default where none is set)."""
    rules = dict(RetentionRule.objects.filter(scheme=scheme).values_list("kind", "months"))
    return {kind: rules.get(kind, default) for kind, default in DEFAULT_MONTHS.items()}


@dataclass(frozen=True)
class RetentionLine:
    kind: str
    label: str
    months: int
    default: int
    minimum: int
    held: list[str]  # what the apps hold of this kind


def retention_lines(scheme: Scheme) -> list[RetentionLine]:
    """The rules as the settings page and the register show them."""
    months = retention_months(scheme)
    held: dict[str, list[Holder]] = {}
    for holders in PERSONAL_DATA.values():
        for holder in holders():
            held.setdefault(holder.kind, []).append(holder)
    return [
        RetentionLine(
            kind=kind,
            label=str(DataKind(kind).label),
            months=months[kind],
            default=DEFAULT_MONTHS[kind],
            minimum=MINIMUM_MONTHS.get(kind, 1),
            held=[str(h.label) for h in held.get(kind, [])],
        )
        for kind in DEFAULT_MONTHS
    ]


def anonymisation_runs(scheme: Scheme) -> QuerySet[AnonymisationRun]:
    return AnonymisationRun.objects.filter(scheme=scheme)


def subject_requests(scheme: Scheme) -> QuerySet[SubjectRequest]:
    """The scheme's register of people's requests, open ones first by deadline."""
    return (
        SubjectRequest.objects.filter(scheme=scheme)
        .select_related("recorded_by", "answered_by")
        .order_by("outcome", "due_on", "pk")
    )


def open_requests(scheme: Scheme, kind: str) -> QuerySet[SubjectRequest]:
    return SubjectRequest.objects.filter(
        scheme=scheme, kind=kind, outcome=RequestOutcome.PENDING
    ).order_by("due_on", "pk")
