"""Every write on the field logbook goes through here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voisinage.accounts.models import User
from voisinage.field.common import field_staff
from voisinage.field.logbook import codes
from voisinage.field.logbook.code_rows import CodeRow, checked_code_rows, code_rows_by_id
from voisinage.field.logbook.models import (
    Coded,
    CodeKind,
    FieldCode,
    Intervention,
    InterventionChange,
    InterventionStatus,
    Origin,
)
from voisinage.field.logbook.scales import checked_levels, wording_needed
from voisinage.lib import clock
from voisinage.lib.bounds import check_arrival
from voisinage.lib.service_hours import service_night
from voisinage.schemes.models import Scheme
from voisinage.schemes.selectors import scheme_service_hours
from voisinage.territory.located import place_fields
from voisinage.territory.models import Entrance, Neighbourhood

# Fields an edit may change, and how each is compared and logged.
EDITABLE_FIELDS = (
    "started_at",
    "ended_at",
    "entrance",
    "other_place_kind",
    "other_place_label",
    "neighbourhood",
    "lat",
    "lon",
    "origin",
    "adults",
    "young_people",
    "minors",
    "result",
    "climate",
    "narrative",
    "sensitive",
)
EDITABLE_M2M = ("agents", "activities", "situations", "actions")
# The code of the error a stale edit raises (the API answers it with 409 and the current record).
STALE = "stale"


@transaction.atomic
def field_codes_ensure_defaults(*, scheme: Scheme) -> int:
    """Give the scheme the French default code lists it lacks (idempotent)."""
    existing = set(FieldCode.objects.filter(scheme=scheme).values_list("kind", "code"))
    new = []
    lists: list[tuple[str, Sequence[tuple[str, ...]]]] = [
        (CodeKind.MATERIAL, codes.MATERIAL),
        (CodeKind.BEHAVIOUR, codes.BEHAVIOUR),
        (CodeKind.ACTION, codes.ACTIONS),
    ]
    for kind, entries in lists:
        for position, entry in enumerate(entries, start=1):
            code, label = entry[0], entry[1]
            if (kind, code) in existing:
                continue
            emergency = entry[2] if len(entry) > 2 else ""
            new.append(
                FieldCode(
                    scheme=scheme,
                    kind=kind,
                    code=code,
                    label=label,
                    position=position,
                    emergency_number=emergency,
                )
            )
    FieldCode.objects.bulk_create(new)
    return len(new)


def _field_staff(scheme: Scheme, user_ids: Iterable[int]) -> list[User]:
    ids = set(user_ids)
    staff = list(field_staff(scheme).filter(pk__in=ids))
    if len(staff) != len(ids):
        raise ValidationError({"agents": _("Agents must be field staff of the scheme's operator.")})
    return staff


def _checked_codes(scheme: Scheme, pks: Iterable[int], kinds: set[str], field: str) -> list[int]:
    wanted = set(pks)
    found = set(
        FieldCode.objects.filter(
            pk__in=wanted, scheme=scheme, kind__in=kinds, retired_at__isnull=True
        ).values_list("pk", flat=True)
    )
    if found != wanted:
        raise ValidationError({field: _("Unknown or retired code.")})
    return sorted(found)


FOREIGN_KEYS = (
    "scheme",
    "author",
    "entrance",
    "landlord",
    "neighbourhood",
    "source_type",
    "validated_by",
)


def _link_new(intervention: Intervention, **links: list[int]) -> None:
    """Fill the many-to-many links of a new intervention: one INSERT per non-empty list."""
    targets = {
        "agents": "user_id",
        "activities": "activity_id",
        "situations": "fieldcode_id",
        "actions": "fieldcode_id",
    }
    for name, pks in links.items():
        if pks:
            through = getattr(Intervention, name).through
            through.objects.bulk_create(
                [through(intervention_id=intervention.pk, **{targets[name]: pk}) for pk in pks]
            )


def _checked_activities(scheme: Scheme, pks: Iterable[int]) -> list[int]:
    return [row[0] for row in checked_code_rows(scheme, pks, (), ())[0]]


def _lists_in_hand(
    intervention: Intervention,
    agents: list[User],
    activities: list[CodeRow],
    situations: list[CodeRow],
    actions: list[CodeRow],
) -> None:
    """Give a new record the lists ``selectors.with_list_details`` would read back (same
    order), from the rows checked before writing it: its answer needs no read after commit."""
    people = sorted(agents, key=lambda u: (u.first_name, u.username))
    intervention.agent_ids = [u.pk for u in people]
    intervention.agent_names = [u.display_name for u in people]
    intervention.activity_list = [
        Coded(row[1], row[2]) for row in sorted(activities, key=lambda r: r[4])
    ]
    intervention.situation_list = [
        Coded(row[1], row[2], row[3]) for row in sorted(situations, key=lambda r: (r[3], r[4]))
    ]
    intervention.action_list = [
        Coded(row[1], row[2], row[3]) for row in sorted(actions, key=lambda r: r[4])
    ]


def _checked_arrival(scheme: Scheme, started_at: datetime) -> None:
    """A plausible arrival: not before the scheme started, not more than a day ahead."""
    try:
        check_arrival(started_at, scheme_start=scheme.starts_on, now=clock.now())
    except ValueError as exc:
        raise ValidationError({"started_at": str(exc)}) from None


def intervention_record(
    *,
    scheme: Scheme,
    author: User,
    started_at: datetime,
    origin: str,
    entrance: Entrance | None = None,
    other_place_kind: str = "",
    other_place_label: str = "",
    neighbourhood: Neighbourhood | None = None,
    lat: float | None = None,
    lon: float | None = None,
    ended_at: datetime | None = None,
    agent_ids: Sequence[int] = (),
    activity_ids: Sequence[int] = (),
    situation_ids: Sequence[int] = (),
    action_ids: Sequence[int] = (),
    adults: int = 0,
    young_people: int = 0,
    minors: int = 0,
    result: str = "",
    climate: str = "",
    narrative: str = "",
    sensitive: bool = False,
    status: str = InterventionStatus.RECORDED,
    source: models.Model | None = None,
    idempotency_key: str | None = None,
    code_rows: Sequence[CodeRow] | None = None,
) -> tuple[Intervention, bool]:
    """Record an intervention; returns it and whether it was created. ``code_rows``: the rows
    of the activities and codes, when the caller read them already (``code_rows_query``).

    With an ``idempotency_key`` already used by the same author in the same scheme, the first
    record is returned unchanged (a phone that retries never makes a duplicate). The key's
    unique constraint finds it: a new record, the usual case, costs no lookup beforehand.
    """
    if timezone.is_naive(started_at) or (ended_at is not None and timezone.is_naive(ended_at)):
        raise ValidationError(_("Times must carry a time zone."))
    _checked_arrival(scheme, started_at)
    if origin not in Origin.values:
        raise ValidationError({"origin": _("Unknown origin.")})
    if code_rows is None:  # one query: the lists' rows and, if needed, the scales' wording
        code_rows = code_rows_by_id(
            scheme,
            activity_ids,
            situation_ids,
            action_ids,
            scales=wording_needed(scheme, result=result, climate=climate),
        )
    checked_levels(scheme, result=result, climate=climate)
    if lat is None and entrance is not None:
        lat, lon = entrance.lat, entrance.lon
    place = place_fields(scheme, entrance, neighbourhood, other_place_kind)
    intervention = Intervention(
        scheme=scheme,
        author=author,
        started_at=started_at,
        ended_at=ended_at,
        night=service_night(started_at, scheme_service_hours(scheme)).night,
        entrance=entrance,
        other_place_label=other_place_label.strip(),
        lat=lat,
        lon=lon,
        origin=origin,
        adults=adults,
        young_people=young_people,
        minors=minors,
        result=result,
        climate=climate,
        narrative=narrative.strip(),
        sensitive=sensitive,
        status=status,
        idempotency_key=idempotency_key or None,
        **place,
    )
    if source is not None:
        from django.contrib.contenttypes.models import ContentType

        intervention.source_type = ContentType.objects.get_for_model(source)
        intervention.source_id = source.pk
    if ended_at is not None and ended_at < started_at:
        raise ValidationError({"ended_at": _("The departure cannot be before the arrival.")})
    agents = _field_staff(scheme, {author.pk, *agent_ids}) if agent_ids else [author]
    activities, situations, actions = checked_code_rows(
        scheme, activity_ids, situation_ids, action_ids, code_rows
    )
    # The foreign keys were resolved from validated objects above, and the one check constraint
    # (departure after arrival) too: skip the existence queries full_clean would repeat.
    intervention.full_clean(exclude=["idempotency_key", *FOREIGN_KEYS], validate_constraints=False)
    try:
        with transaction.atomic():
            intervention.save()
            _link_new(
                intervention,
                agents=[a.pk for a in agents],
                activities=[row[0] for row in activities],
                situations=[row[0] for row in situations],
                actions=[row[0] for row in actions],
            )
            InterventionChange.objects.create(
                intervention=intervention, at=clock.now(), user=author, action="created"
            )
    except IntegrityError:
        # A retry (or two racing): the key's first record is the answer.
        if idempotency_key:
            existing = Intervention.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return _replayed(existing, scheme=scheme, author=author), False
        raise
    _lists_in_hand(intervention, agents, activities, situations, actions)
    return intervention, True


def _replayed(existing: Intervention, *, scheme: Scheme, author: User) -> Intervention:
    if existing.scheme_id != scheme.pk or existing.author_id != author.pk:
        raise ValidationError(_("This idempotency key was already used for another record."))
    return existing


def _snapshot(intervention: Intervention) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in EDITABLE_FIELDS:
        field = Intervention._meta.get_field(name)
        value = getattr(intervention, getattr(field, "attname", name))
        data[name] = value.isoformat() if isinstance(value, datetime) else value
    for name in EDITABLE_M2M:
        data[name] = sorted(getattr(intervention, name).values_list("pk", flat=True))
    return data


@transaction.atomic
def intervention_update(
    *,
    intervention: Intervention,
    user: User,
    can_supervise: bool,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
    **changes: Any,
) -> Intervention:
    """Change an intervention. A validated one is locked for agents (``can_supervise`` False).

    ``changes`` takes the keyword names of intervention_record (entrance, agent_ids, …).
    A stale ``expected_version`` is refused (code ``"stale"``): someone else saved in between.
    An ``idempotency_key`` already used by the same user for this intervention answers it
    unchanged: a phone that resends an edit whose answer it lost does not meet its own change
    as a conflict.
    """
    locked = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if idempotency_key:
        done = InterventionChange.objects.filter(idempotency_key=idempotency_key).first()
        if done is not None:
            if done.intervention_id != locked.pk or done.user_id != user.pk:
                raise ValidationError(
                    _("This idempotency key was already used for another record.")
                )
            return locked
    if expected_version is not None and expected_version != locked.version:
        raise ValidationError(
            _("Someone else changed this intervention meanwhile: reload it and try again."),
            code=STALE,
        )
    if locked.status == InterventionStatus.VALIDATED and not can_supervise:
        raise ValidationError(_("This intervention is validated: only a supervisor may change it."))
    scheme = locked.scheme
    before = _snapshot(locked)
    m2m: dict[str, list[int]] = {}
    for key, value in changes.items():
        if key == "agent_ids":
            m2m["agents"] = [u.pk for u in _field_staff(scheme, value)] if value else []
        elif key == "activity_ids":
            m2m["activities"] = _checked_activities(scheme, value)
        elif key == "situation_ids":
            m2m["situations"] = _checked_codes(
                scheme, value, {CodeKind.MATERIAL, CodeKind.BEHAVIOUR}, "situations"
            )
        elif key == "action_ids":
            m2m["actions"] = _checked_codes(scheme, value, {CodeKind.ACTION}, "actions")
        elif key in EDITABLE_FIELDS:
            setattr(locked, key, value.strip() if isinstance(value, str) else value)
        else:
            raise ValidationError(_("Unknown field: %(name)s.") % {"name": key})
    if {"entrance", "neighbourhood", "other_place_kind"} & changes.keys():
        for attr, value in place_fields(
            scheme, locked.entrance, locked.neighbourhood, locked.other_place_kind
        ).items():
            setattr(locked, attr, value)
    checked_levels(
        scheme,
        keep={"result": before["result"], "climate": before["climate"]},
        result=locked.result,
        climate=locked.climate,
    )
    if "started_at" in changes:
        _checked_arrival(scheme, locked.started_at)
        locked.night = service_night(locked.started_at, scheme_service_hours(scheme)).night
    if locked.ended_at is not None and locked.ended_at < locked.started_at:
        raise ValidationError({"ended_at": _("The departure cannot be before the arrival.")})
    if locked.status == InterventionStatus.PENDING and changes:
        locked.status = InterventionStatus.RECORDED
    locked.full_clean(exclude=["idempotency_key"])
    locked.version += 1
    locked.save()
    for name, pks in m2m.items():
        getattr(locked, name).set(pks)
    after = _snapshot(locked)
    diff = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if diff or idempotency_key:
        InterventionChange.objects.create(
            intervention=locked,
            at=clock.now(),
            user=user,
            action="edited",
            changes=diff,
            idempotency_key=idempotency_key or None,
        )
    return locked


@transaction.atomic
def intervention_validate(*, intervention: Intervention, user: User) -> Intervention:
    locked = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if locked.status == InterventionStatus.PENDING:
        raise ValidationError(
            _("A pending intervention cannot be validated before it is recorded.")
        )
    if locked.status != InterventionStatus.VALIDATED:
        locked.status = InterventionStatus.VALIDATED
        locked.validated_at = clock.now()
        locked.validated_by = user
        locked.version += 1
        locked.save(
            update_fields=["status", "validated_at", "validated_by", "version", "updated_at"]
        )
        InterventionChange.objects.create(
            intervention=locked, at=locked.validated_at, user=user, action="validated"
        )
    return locked


@transaction.atomic
def intervention_reopen(*, intervention: Intervention, user: User) -> Intervention:
    locked = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if locked.status == InterventionStatus.VALIDATED:
        locked.status = InterventionStatus.RECORDED
        locked.validated_at = None
        locked.validated_by = None
        locked.version += 1
        locked.save(
            update_fields=["status", "validated_at", "validated_by", "version", "updated_at"]
        )
        InterventionChange.objects.create(
            intervention=locked, at=clock.now(), user=user, action="reopened"
        )
    return locked
