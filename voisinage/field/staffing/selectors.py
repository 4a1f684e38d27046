"""Reads of the rota for a user: who sees it (``sees_rota``; one assignment: ``access.py``),
the staffing levels per night and the hours per person. The rota
(names) goes through ``DutyAssignment.objects.visible_to``; the levels are aggregates without
names that every member of the scheme sees."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Count, Min, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from voisinage.accounts.access import (
    RoleSide,
    is_platform_admin,
    scheme_grants,
)
from voisinage.accounts.models import User
from voisinage.field.common import operator_member_ids
from voisinage.field.staffing.models import DutyAssignment
from voisinage.lib.service_hours import Shift
from voisinage.lib.staffing import required_staff, shortfall
from voisinage.schemes.models import StaffPosition
from voisinage.schemes.selectors import scheme_service_hours, scheme_staffing

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme

MAX_NIGHTS = 92  # one query window: a quarter at most (pages, API, planning a range)
_CENTS = Decimal("0.01")
_WHOLE = Decimal("1")


# --- Access ---------------------------------------------------------------------------------


def sees_rota(user: AnyUser, scheme: Scheme, *, write: bool = False) -> bool:
    """Whether the user sees who is on duty (``write``: may plan it).

    Mirrors ``DutyAssignment.objects.visible_to``: any grant in the scheme that is not on the
    partner side (operator staff, scheme administrators); planning needs ``can_supervise``.
    """
    if is_platform_admin(user):
        return True
    require = "can_supervise" if write else None
    return any(g.side != RoleSide.PARTNER for g in scheme_grants(user, scheme.pk, require=require))


# --- Selectors ------------------------------------------------------------------------------


def check_period(start: date, end: date) -> None:
    """Refuse an inverted or over-long period with a clear message."""
    if end < start:
        raise ValidationError(_("The end of the period is before its start."))
    if (end - start).days + 1 > MAX_NIGHTS:
        raise ValidationError(_("Choose a period of %(max)s nights at most.") % {"max": MAX_NIGHTS})


def scheme_rota(user: AnyUser, scheme: Scheme, start: date, end: date) -> QuerySet[DutyAssignment]:
    """Who is on duty from ``start`` to ``end`` (inclusive), as the user may see it."""
    return (
        DutyAssignment.objects.visible_to(user)
        .filter(scheme=scheme, night__gte=start, night__lte=end)
        .select_related("user")
        .order_by("night", "position", "team", "user__last_name", "user__first_name", "pk")
    )


def duty_staff(scheme: Scheme) -> list[User]:
    """The operator's staff who may be put on the rota (active operator-side memberships).

    For the planning form; the caller went through ``access_rota(..., write=True)``.
    """
    return list(
        User.objects.filter(is_active=True, pk__in=operator_member_ids(scheme)).order_by(
            "last_name", "first_name", "username"
        )
    )


def duty_team_tonight(user: AnyUser, scheme: Scheme, night: date) -> list[User]:
    """The user's team on duty for ``night``: the people sharing their team that night (the user
    included), for the recording page's "agents present" default.

    Without an assignment that night, nobody (an empty list); with an assignment but no team
    name, the user alone. Only the operator's active staff are returned (they are the only
    people an intervention may list as present).
    """
    if not user.is_authenticated:
        return []
    team = (
        DutyAssignment.objects.filter(scheme=scheme, night=night, user_id=user.pk)
        .values_list("team", flat=True)
        .first()
    )
    if team is None:
        return []
    same_team = Q(duty_assignments__team=team) if team else Q(pk=user.pk)
    return list(
        User.objects.filter(
            same_team,
            is_active=True,
            duty_assignments__scheme=scheme,
            duty_assignments__night=night,
            pk__in=operator_member_ids(scheme),
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


@dataclass(frozen=True)
class PositionLevel:
    """Required and on-duty headcount of one position on one night."""

    position: str
    label: str
    required: int
    on_duty: int
    missing: int


@dataclass(frozen=True)
class NightStaffing:
    night: date
    shift: Shift | None
    positions: list[PositionLevel]
    people: list[DutyAssignment] = field(default_factory=list)

    @property
    def has_service(self) -> bool:
        return self.shift is not None

    @property
    def missing(self) -> int:
        return sum(p.missing for p in self.positions)

    @property
    def on_duty(self) -> int:
        return sum(p.on_duty for p in self.positions)

    @property
    def required(self) -> int:
        return sum(p.required for p in self.positions)

    @property
    def hours(self) -> Decimal | None:
        return shift_hours(self.shift) if self.shift else None


def shift_hours(shift: Shift) -> Decimal:
    """A shift's real duration in hours (Decimal, two places): 7.00 for 18:00–01:00."""
    seconds = Decimal(int(shift.duration.total_seconds()))
    return (seconds / Decimal(3600)).quantize(_CENTS, rounding=ROUND_HALF_UP)


def period_nights(start: date, end: date) -> list[date]:
    """Every date from ``start`` to ``end`` (inclusive)."""
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def week_monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def night_staffing(
    user: AnyUser, scheme: Scheme, start: date, end: date, *, with_people: bool | None = None
) -> list[NightStaffing]:
    """Each night from ``start`` to ``end``: required vs on duty vs missing, per position.

    A night without service (no shift: Sundays in Besançon, or a public holiday when the scheme
    does not work them) requires nobody. The counts are aggregates over the whole rota; the
    people on duty are listed only for those who see the rota (``with_people`` defaults to
    that). Three queries whatever the length of the period.
    """
    check_period(start, end)
    rules = scheme_staffing(scheme)
    hours = scheme_service_hours(scheme)
    counts: dict[tuple[date, str], int] = {
        (row["night"], row["position"]): row["n"]
        for row in DutyAssignment.objects.filter(scheme=scheme, night__gte=start, night__lte=end)
        .values("night", "position")
        .annotate(n=Count("pk"))
        .order_by()
    }
    if with_people is None:
        with_people = sees_rota(user, scheme)
    people: dict[date, list[DutyAssignment]] = defaultdict(list)
    if with_people:
        for assignment in scheme_rota(user, scheme, start, end):
            people[assignment.night].append(assignment)
    labels = dict(StaffPosition.choices)
    result = []
    for night in period_nights(start, end):
        shift = hours.shift_for(night)
        needs = required_staff(rules, night) if shift is not None else {}
        on_duty = {p: counts.get((night, p), 0) for p in labels}
        missing = shortfall(needs, on_duty)
        positions = [
            PositionLevel(
                position=position,
                label=str(label),
                required=needs[position].headcount if position in needs else 0,
                on_duty=on_duty[position],
                missing=missing.get(position, 0),
            )
            for position, label in labels.items()
        ]
        result.append(
            NightStaffing(night=night, shift=shift, positions=positions, people=people[night])
        )
    return result


@dataclass(frozen=True)
class PersonHours:
    user: User
    nights_worked: int
    worked: Decimal  # hours on nights before the cut-off (today)
    planned: Decimal  # hours already on the rota from the cut-off to the end of the year
    first_night: date
    projection: Decimal | None  # hours by the end of the year, at the pace since the first night
    basis: Decimal | None  # the annual basis, prorated from the first night of the year
    worked_share: Decimal | None  # % of that basis worked to date
    projection_share: Decimal | None  # % of that basis at the end of the year, projected


@dataclass(frozen=True)
class HoursReport:
    year: int
    cutoff: date
    basis: int | None
    people: list[PersonHours]

    @property
    def total_worked(self) -> Decimal:
        return sum((p.worked for p in self.people), Decimal(0))


def _share(hours: Decimal | None, basis: Decimal | None) -> Decimal | None:
    if hours is None or not basis:
        return None
    return (hours * 100 / basis).quantize(_WHOLE, rounding=ROUND_HALF_UP)


def duty_hours(user: AnyUser, scheme: Scheme, year: int, today: date) -> HoursReport:
    """Hours per person in ``year`` against ``Scheme.annual_hours_basis``.

    For each person the rota shows: hours worked (nights before ``today``), hours planned
    (nights from ``today`` on, already on the rota), the projection (the pace since their first
    night of the year, extended to 31 December) and the shares of their basis — the annual
    basis prorated from that first night, so that someone who joined in October is measured
    against the part of the year they work. A past year is complete: its projection is what was
    worked. One aggregate query.
    """
    year_start, next_year = date(year, 1, 1), date(year + 1, 1, 1)
    cutoff = min(max(today, year_start), next_year)
    days_in_year = (next_year - year_start).days
    rows = list(
        DutyAssignment.objects.visible_to(user)
        .filter(scheme=scheme, night__gte=year_start, night__lt=next_year)
        .values("user")
        .annotate(
            worked=Sum("hours", filter=Q(night__lt=cutoff)),
            planned=Sum("hours", filter=Q(night__gte=cutoff)),
            nights=Count("pk", filter=Q(night__lt=cutoff)),
            first=Min("night"),
        )
        .order_by()
    )
    users = User.objects.in_bulk([r["user"] for r in rows])
    people = []
    for row in rows:
        worked = Decimal(row["worked"] or 0).quantize(_CENTS)
        first: date = row["first"]
        span = (next_year - first).days
        basis = (
            (Decimal(scheme.annual_hours_basis) * span / days_in_year).quantize(_CENTS)
            if scheme.annual_hours_basis
            else None
        )
        projection: Decimal | None
        if cutoff >= next_year:
            projection = worked
        elif first >= cutoff:
            projection = None  # nothing worked yet: no pace to extend
        else:
            elapsed = (cutoff - first).days
            projection = (worked * span / elapsed).quantize(_CENTS, rounding=ROUND_HALF_UP)
        people.append(
            PersonHours(
                user=users[row["user"]],
                nights_worked=row["nights"],
                worked=worked,
                planned=Decimal(row["planned"] or 0).quantize(_CENTS),
                first_night=first,
                projection=projection,
                basis=basis,
                worked_share=_share(worked, basis),
                projection_share=_share(projection, basis),
            )
        )
    people.sort(key=lambda p: (-p.worked, p.user.last_name, p.user.first_name, p.user.pk))
    return HoursReport(year=year, cutoff=cutoff, basis=scheme.annual_hours_basis, people=people)
