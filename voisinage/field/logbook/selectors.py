"""Reads of the logbook for a user: lists through visible_to (one intervention: ``access.py``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from voisinage.accounts.access import has_capability, is_platform_admin
from voisinage.field.logbook.models import (
    Coded,
    CodeKind,
    FieldCode,
    Intervention,
    InterventionChange,
)
from voisinage.schemes.models import Activity

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def with_details(qs: QuerySet[Intervention]) -> QuerySet[Intervention]:
    """The joins one intervention's page shows (its lists come from ``with_list_details``)."""
    return for_lists(qs).select_related("entrance__residence", "validated_by")


def for_lists(qs: QuerySet[Intervention]) -> QuerySet[Intervention]:
    """The joins a list shows. Its many-to-many columns come from ``with_list_details`` on the
    page being shown (plain tuples rather than one model instance per related row)."""
    return qs.select_related("entrance", "landlord", "neighbourhood", "author")


def with_list_details(interventions: Iterable[Intervention]) -> list[Intervention]:
    """Give each intervention of a page its agents (``agent_ids``, ``agent_names``) and its
    ``activity_list``, ``situation_list`` and ``action_list`` (``Coded`` values), in four
    queries that read plain tuples.

    Django's prefetch of the same four relations builds a model instance and a related manager
    per related row (about five per intervention); on a page of 100 that was about half of the
    request's time (bench/results/history.md, change 10). Equal codes are one shared value.
    """
    page = list(interventions)
    by_pk = {i.pk: i for i in page}
    for i in page:
        i.agent_ids, i.agent_names = [], []
        i.activity_list, i.situation_list, i.action_list = [], [], []
    if not by_pk:
        return page
    agents = Intervention.agents.through.objects.filter(intervention_id__in=by_pk)
    for pk, user_id, first, last, username in agents.order_by(
        "user__first_name", "user__username"
    ).values_list(
        "intervention_id", "user_id", "user__first_name", "user__last_name", "user__username"
    ):
        by_pk[pk].agent_ids.append(user_id)
        by_pk[pk].agent_names.append(f"{first} {last}".strip() or username)
    shared: dict[tuple[str, str, str], Coded] = {}
    relations: list[tuple[Any, str, str, tuple[str, ...]]] = [
        (Intervention.activities.through, "activity", "activity_list", ("activity__position",)),
        (
            Intervention.situations.through,
            "fieldcode",
            "situation_list",
            ("fieldcode__kind", "fieldcode__position"),
        ),
        (Intervention.actions.through, "fieldcode", "action_list", ("fieldcode__position",)),
    ]
    for through, target, attr, order in relations:
        fields = ["intervention_id", f"{target}__code", f"{target}__label"]
        if target == "fieldcode":
            fields.append("fieldcode__kind")
        rows = through.objects.filter(intervention_id__in=by_pk).order_by(*order)
        for pk, *values in rows.values_list(*fields):
            key = (values[0], values[1], values[2] if len(values) > 2 else "")
            getattr(by_pk[pk], attr).append(shared.setdefault(key, Coded(*key)))
    return page


@dataclass(frozen=True)
class InterventionFilters:
    night: date | None = None
    start: datetime | None = None
    end: datetime | None = None
    neighbourhood: int | None = None
    landlord: int | None = None
    origin: str = ""
    activity: str = ""  # activity code
    climate: str = ""
    status: str = ""


def scheme_interventions(
    user: AnyUser, scheme: Scheme, filters: InterventionFilters | None = None
) -> QuerySet[Intervention]:
    f = filters or InterventionFilters()
    qs = Intervention.objects.visible_to(user).filter(scheme=scheme)
    if f.night is not None:
        qs = qs.filter(night=f.night)
    if f.start is not None:
        qs = qs.filter(started_at__gte=f.start)
    if f.end is not None:
        qs = qs.filter(started_at__lt=f.end)
    if f.neighbourhood is not None:
        qs = qs.filter(neighbourhood_id=f.neighbourhood)
    if f.landlord is not None:
        qs = qs.filter(landlord_id=f.landlord)
    if f.origin:
        qs = qs.filter(origin=f.origin)
    if f.activity:
        qs = qs.filter(activities__code=f.activity)
    if f.climate:
        qs = qs.filter(climate=f.climate)
    if f.status:
        qs = qs.filter(status=f.status)
    return for_lists(qs).order_by("-started_at", "-pk")


def sees_narrative(user: AnyUser, intervention: Intervention) -> bool:
    """A sensitive narrative is hidden from roles that do not see sensitive data."""
    if not intervention.sensitive or is_platform_admin(user):
        return True
    return has_capability(user, intervention.scheme_id, "sees_sensitive")


def narrative_for(user: AnyUser, intervention: Intervention) -> str | None:
    """The narrative the user may read, or None when it is hidden from them."""
    return intervention.narrative if sees_narrative(user, intervention) else None


@dataclass(frozen=True)
class CodeLists:
    activities: list[Activity]
    material: list[FieldCode]
    behaviour: list[FieldCode]
    actions: list[FieldCode]


def code_lists(scheme: Scheme) -> CodeLists:
    """The codes offered when recording (retired ones are not offered)."""
    codes = list(FieldCode.objects.filter(scheme=scheme).in_use().order_by("kind", "position"))
    return CodeLists(
        activities=list(Activity.objects.filter(scheme=scheme).in_use().order_by("position")),
        material=[c for c in codes if c.kind == CodeKind.MATERIAL],
        behaviour=[c for c in codes if c.kind == CodeKind.BEHAVIOUR],
        actions=[c for c in codes if c.kind == CodeKind.ACTION],
    )


def intervention_history(intervention: Intervention) -> QuerySet[InterventionChange]:
    return intervention.changes.select_related("user").order_by("at", "pk")
