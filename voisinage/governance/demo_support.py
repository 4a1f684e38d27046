"""Helpers of the governance demo: configuration rows matched by name, meetings and their
record made through the services (without e-mails), dates around today."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import holidays

from voisinage.accounts.models import User
from voisinage.governance.models import ActionStatus, AttendanceQuota, Body, Meeting
from voisinage.governance.selectors import scheme_zone
from voisinage.governance.services import (
    ActionSpec,
    action_item_transition,
    attendance_record,
    decision_record,
    meeting_create,
    meeting_minutes_record,
)
from voisinage.governance.services.settings import (
    attendance_quota_add,
    attendance_quota_update,
    body_add,
    body_update,
)
from voisinage.schemes.models import Scheme
from voisinage.territory.models import Organisation

FRENCH_HOLIDAYS = holidays.country_holidays("FR")
OUTCOME_PATHS = {
    "in_progress": [ActionStatus.IN_PROGRESS],
    "done": [ActionStatus.IN_PROGRESS, ActionStatus.DONE],
    "dropped": [ActionStatus.DROPPED],
}


@dataclass(frozen=True)
class BodySpec:
    name: str
    kind: str
    frequency: str
    invitees: list[str]
    description: str = ""
    months: str = ""
    note: str = ""
    duration: int = 120
    minutes: bool = True
    documents: bool = False
    deck: bool = False


@dataclass
class Context:
    scheme: Scheme
    rng: random.Random
    now: datetime
    today: date
    orgs: dict[str, Organisation]
    users: dict[str, User]
    bodies: dict[str, Body] = field(default_factory=dict)
    count: int = 0


def org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _author(ctx: Context) -> User | None:
    """The operator manager, as the other demo code that goes through the settings area."""
    return ctx.users.get("operateur")


def bodies_set(ctx: Context, specs: list[BodySpec]) -> None:
    """The scheme's bodies through the settings services: added when missing, brought in line
    when they exist with other values, untouched (no change recorded) otherwise."""
    existing = {b.name: b for b in Body.objects.filter(scheme=ctx.scheme)}
    for spec in specs:
        values = {
            "kind": spec.kind,
            "frequency": spec.frequency,
            "months": spec.months,
            "frequency_note": spec.note,
            "description": spec.description,
            "default_duration_minutes": spec.duration,
            "minutes_expected": spec.minutes,
            "documents_expected": spec.documents,
            "deck_required": spec.deck,
        }
        invitees = [ctx.orgs[key] for key in spec.invitees]
        body = existing.get(spec.name)
        if body is None:
            body = body_add(
                scheme=ctx.scheme, author=_author(ctx), invitees=invitees, name=spec.name, **values
            )
        else:
            changes = {k: v for k, v in values.items() if getattr(body, k) != v}
            body = body_update(body=body, author=_author(ctx), invitees=invitees, **changes)
        ctx.bodies[spec.name] = body


def quotas_set(ctx: Context, quotas: list[tuple[str, int, list[str]]]) -> None:
    """The operator's attendance quotas through the settings services, counting from the
    scheme's first year (the contract had them from the start); idempotent like ``bodies_set``
    (the bodies a quota counts are fixed once it is added, as in the settings area)."""
    existing = {q.label: q for q in AttendanceQuota.objects.filter(scheme=ctx.scheme)}
    for label, minimum, names in quotas:
        quota = existing.get(label)
        if quota is None:
            attendance_quota_add(
                scheme=ctx.scheme,
                author=_author(ctx),
                label=label,
                minimum_per_year=minimum,
                bodies=[ctx.bodies[name] for name in names],
                counts_from=ctx.scheme.starts_on.year,
            )
        else:
            attendance_quota_update(quota=quota, author=_author(ctx), minimum_per_year=minimum)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th given weekday of the month, a week later when it is a public holiday."""
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    while day in FRENCH_HOLIDAYS:
        day += timedelta(days=7)
    return day


def working_day(day: date) -> date:
    """``day``, or the next working day (no weekend, no public holiday)."""
    while day.weekday() >= 5 or day in FRENCH_HOLIDAYS:
        day += timedelta(days=1)
    return day


def months_around(ctx: Context, back: int, ahead: int) -> Iterator[tuple[int, int]]:
    index = ctx.today.year * 12 + ctx.today.month - 1
    for i in range(index - back, index + ahead + 1):
        yield i // 12, i % 12 + 1


def at(ctx: Context, day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=scheme_zone(ctx.scheme))


def new_meeting(
    ctx: Context,
    body: str,
    day: date,
    clock: time,
    place: str,
    *,
    by: str,
    title: str = "",
    agenda: str = "",
) -> Meeting:
    ctx.count += 1
    return meeting_create(
        scheme=ctx.scheme,
        body=ctx.bodies[body],
        starts_at=at(ctx, day, clock),
        place=place,
        title=title,
        agenda=agenda,
        created_by=ctx.users[by],
        notify=False,
    )


def attend(ctx: Context, meeting: Meeting, people: list[tuple[str, str, str]]) -> None:
    """``people``: (user name or guest's name, organisation key, status)."""
    for person, org, status in people:
        user = ctx.users.get(person)
        attendance_record(
            meeting=meeting,
            organisation=ctx.orgs[org],
            user=user,
            person_name="" if user else person,
            status=status,
            now=ctx.now,
        )


def decide(
    ctx: Context,
    meeting: Meeting,
    text: str,
    *,
    by: str,
    action: tuple[str, str, int] | None = None,
    outcome: str | None = None,
) -> None:
    """``action``: (title, owner organisation key, due in days after the meeting); ``outcome``:
    a status reached later, if that moment is already past."""
    meeting_day = meeting.starts_at.astimezone(scheme_zone(ctx.scheme)).date()
    spec = None
    if action is not None:
        title, owner, due_in = action
        spec = ActionSpec(
            title=title,
            owner_organisation=ctx.orgs[owner],
            due_on=meeting_day + timedelta(days=due_in),
        )
    decision = decision_record(
        meeting=meeting, text=text, recorded_by=ctx.users[by], action=spec, now=meeting.ends_at
    )
    item = decision.action_items.first()
    if item is None or outcome is None:
        return
    moment = meeting.ends_at
    for step in OUTCOME_PATHS[outcome]:
        moment += timedelta(days=ctx.rng.randint(3, 12))
        if moment >= ctx.now:
            return
        item = action_item_transition(
            item=item, to_status=step, changed_by=ctx.users[by], now=moment
        )


def minutes(ctx: Context, meeting: Meeting, text: str) -> None:
    meeting_minutes_record(
        meeting=meeting,
        minutes=text,
        expected_version=meeting.version,
        now=meeting.ends_at + timedelta(days=2),
    )
