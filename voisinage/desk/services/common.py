"""Pieces shared by the desk's services: settings, natures, the place of a call or an
instruction, the teams on duty and the log of personal-data views."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voisinage.desk.models import CallNature, DeskSettings, PersonalDataView
from voisinage.desk.natures import NATURES
from voisinage.field.common import field_staff
from voisinage.field.models import DutyAssignment
from voisinage.lib import clock

if TYPE_CHECKING:
    from voisinage.accounts.models import User
    from voisinage.desk.models import Call, Instruction
    from voisinage.schemes.models import Scheme


def desk_settings(scheme: Scheme) -> DeskSettings:
    """The scheme's desk settings, created with the defaults (17:00 cut-off) on first use."""
    found, _created = DeskSettings.objects.get_or_create(scheme=scheme)
    return found


@transaction.atomic
def call_natures_ensure_defaults(*, scheme: Scheme) -> int:
    """Give the scheme the French default natures it lacks (idempotent)."""
    existing = set(CallNature.objects.filter(scheme=scheme).values_list("code", flat=True))
    new = [
        CallNature(scheme=scheme, code=code, label=label, position=position)
        for position, (code, label) in enumerate(NATURES, start=1)
        if code not in existing
    ]
    CallNature.objects.bulk_create(new)
    return len(new)


def scheme_natures(scheme: Scheme) -> list[CallNature]:
    """The natures in use, the defaults given on first use."""
    natures = list(CallNature.objects.filter(scheme=scheme).in_use())
    if not natures and not CallNature.objects.filter(scheme=scheme).exists():
        call_natures_ensure_defaults(scheme=scheme)
        natures = list(CallNature.objects.filter(scheme=scheme).in_use())
    return natures


def checked_nature(scheme: Scheme, nature: CallNature | None) -> CallNature:
    if nature is None or nature.scheme_id != scheme.pk or nature.retired_at is not None:
        raise ValidationError({"nature": _("Unknown or retired nature.")})
    return nature


def checked_moment(at: datetime | None) -> datetime:
    at = at or clock.now()
    if timezone.is_naive(at):
        raise ValidationError(_("Times must carry a time zone."))
    return at


@dataclass(frozen=True)
class Team:
    """A team one may dispatch: a team name of tonight's rota, or one person."""

    key: str
    label: str
    user_ids: tuple[int, ...]


def dispatch_teams(scheme: Scheme, night: date) -> list[Team]:
    """Tonight's teams from the rota (one query); without a rota, each field agent alone."""
    teams: dict[str, list[tuple[int, str]]] = {}
    for user_id, team, first, last, username in (
        DutyAssignment.objects.filter(scheme=scheme, night=night)
        .order_by("team", "position", "user__first_name", "user__username")
        .values_list("user_id", "team", "user__first_name", "user__last_name", "user__username")
    ):
        name = f"{first} {last}".strip() or username
        key = f"team:{team}" if team else f"user:{user_id}"
        teams.setdefault(key, []).append((user_id, name))
    if teams:
        found = [
            Team(
                key=key,
                label=key[5:] if key.startswith("team:") else members[0][1],
                user_ids=tuple(uid for uid, _n in members),
            )
            for key, members in teams.items()
        ]
        # Named teams first, then people on their own (agents before supervisors).
        return sorted(found, key=lambda t: t.key.startswith("user:"))
    return [
        Team(key=f"user:{u.pk}", label=u.display_name, user_ids=(u.pk,))
        for u in field_staff(scheme)
    ]


def team_by_key(scheme: Scheme, night: date, key: str) -> Team:
    for team in dispatch_teams(scheme, night):
        if team.key == key:
            return team
    raise ValidationError({"team": _("Choose a team on duty tonight.")})


def personal_data_views_log(
    *,
    user: User,
    scheme: Scheme,
    where: str,
    calls: Iterable[Call] = (),
    instructions: Iterable[Instruction] = (),
) -> int:
    """Log that ``user`` was shown the people of these records (one INSERT for them all);
    ``where``: the page's or API route's name."""
    at = clock.now()
    rows = [
        PersonalDataView(
            scheme=scheme,
            user=user,
            at=at,
            call=c,
            where=where[:40],
            person=_person(c.caller_name, c.caller_phone, c.caller_email),
        )
        for c in calls
    ] + [
        PersonalDataView(
            scheme=scheme,
            user=user,
            at=at,
            instruction=i,
            where=where[:40],
            person=_person(i.tenant_name, i.tenant_phone),
        )
        for i in instructions
    ]
    PersonalDataView.objects.bulk_create(rows)
    return len(rows)


def personal_data_records_log(
    *, user: User, scheme: Scheme, where: str, shown: list[tuple[str, str]]
) -> int:
    """Log that ``user`` was shown records of another app (``(record, person)`` pairs: a
    report's photo, a courtesy visit's tenant), one INSERT for them all."""
    at = clock.now()
    PersonalDataView.objects.bulk_create(
        PersonalDataView(
            scheme=scheme,
            user=user,
            at=at,
            record=record[:60],
            where=where[:40],
            person=person[:200],
        )
        for record, person in shown
    )
    return len(shown)


def _person(*parts: str) -> str:
    return " · ".join(p for p in parts if p)[:200]
