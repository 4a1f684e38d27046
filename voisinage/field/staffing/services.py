"""Every write on the rota: planning a person on nights, copying the previous week, correcting
or removing one night. Callers check access first (``access_rota(..., write=True)`` or
``access_duty_assignment(..., write=True)``, which need can_supervise)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from voisinage.field.common import operator_member_ids
from voisinage.field.staffing.models import DutyAssignment
from voisinage.field.staffing.selectors import (
    check_period,
    period_nights,
    shift_hours,
    week_monday,
)
from voisinage.schemes.models import StaffPosition
from voisinage.schemes.selectors import scheme_service_hours

if TYPE_CHECKING:
    from voisinage.accounts.models import User
    from voisinage.lib.service_hours import ServiceHours
    from voisinage.schemes.models import Scheme

MAX_HOURS = Decimal("24")


@dataclass
class PlanResult:
    created: int = 0
    updated: int = 0
    skipped: list[date] = field(default_factory=list)  # nights left out (no service, taken…)


def _check_person(scheme: Scheme, person: User) -> None:
    if not person.is_active or not operator_member_ids(scheme).filter(user_id=person.pk).exists():
        raise ValidationError({"person": _("Only the operator's staff can be put on the rota.")})


def _check_fields(position: str, team: str, hours: Decimal | None) -> str:
    if position not in StaffPosition.values:
        raise ValidationError({"position": _("Unknown position.")})
    team = team.strip()
    if len(team) > 40:
        raise ValidationError({"team": _("The team name is longer than 40 characters.")})
    if hours is not None and not Decimal(0) <= hours <= MAX_HOURS:
        raise ValidationError({"hours": _("Hours must be between 0 and 24.")})
    return team


def _default_hours(hours: ServiceHours, night: date) -> Decimal | None:
    shift = hours.shift_for(night)
    return shift_hours(shift) if shift is not None else None


def duty_assign(
    *,
    scheme: Scheme,
    person: User,
    start: date,
    end: date | None = None,
    position: str,
    team: str = "",
    hours: Decimal | None = None,
    weekdays: Iterable[int] | None = None,
) -> PlanResult:
    """Put ``person`` on duty for the night ``start`` or every service night from ``start`` to
    ``end`` (optionally only on ``weekdays``, 0 = Monday), in a position and a team.

    Hours default to each night's shift duration. A night the person is already on is updated
    (position, team, hours): planning again corrects the rota. Nights without service are
    skipped; a single night without service, or a range without any, is refused.
    """
    end = end or start
    check_period(start, end)
    team = _check_fields(position, team, hours)
    _check_person(scheme, person)
    service = scheme_service_hours(scheme)
    days = set(weekdays) if weekdays is not None else None
    result = PlanResult()
    wanted: dict[date, Decimal] = {}
    for night in period_nights(start, end):
        if days is not None and night.weekday() not in days:
            continue
        default = _default_hours(service, night)
        if default is None:
            result.skipped.append(night)
            continue
        wanted[night] = hours if hours is not None else default
    if not wanted:
        raise ValidationError(_("There is no service night in this period."))
    try:
        with transaction.atomic():
            existing = {
                a.night: a
                for a in DutyAssignment.objects.select_for_update().filter(
                    scheme=scheme, user=person, night__in=list(wanted)
                )
            }
            for night, night_hours in sorted(wanted.items()):
                assignment = existing.get(night) or DutyAssignment(
                    scheme=scheme, user=person, night=night
                )
                created = assignment.pk is None
                assignment.position, assignment.team = position, team
                assignment.hours = night_hours
                assignment.full_clean(validate_unique=False, validate_constraints=False)
                assignment.save()
                if created:
                    result.created += 1
                else:
                    result.updated += 1
    except IntegrityError as exc:
        raise ValidationError(
            _("Someone else changed the rota meanwhile: reload the page and try again.")
        ) from exc
    return result


@transaction.atomic
def duty_update(
    *, assignment: DutyAssignment, position: str, team: str, hours: Decimal
) -> DutyAssignment:
    """Change one night's position, team or hours."""
    team = _check_fields(position, team, hours)
    locked = DutyAssignment.objects.select_for_update().get(pk=assignment.pk)
    locked.position, locked.team, locked.hours = position, team, hours
    locked.full_clean(validate_unique=False, validate_constraints=False)
    locked.save(update_fields=["position", "team", "hours"])
    return locked


@transaction.atomic
def duty_remove(*, assignment: DutyAssignment) -> None:
    """Take someone off a night's rota."""
    DutyAssignment.objects.filter(pk=assignment.pk).delete()


def duty_copy_week(*, scheme: Scheme, week_start: date) -> PlanResult:
    """Copy the previous week's rota into the week of ``week_start`` (Monday to Sunday).

    Each assignment lands on the same weekday. People already on that night are left as they
    are, as are nights without service and people no longer on the operator's staff (all three
    counted as skipped). Hours follow the target night's shift, unless the source night had
    other hours than its own shift (a half night stays a half night).
    """
    try:
        with transaction.atomic():
            return _copy_week(scheme, week_monday(week_start))
    except IntegrityError as exc:
        raise ValidationError(
            _("Someone else changed the rota meanwhile: reload the page and try again.")
        ) from exc


def _copy_week(scheme: Scheme, monday: date) -> PlanResult:
    source = list(
        DutyAssignment.objects.filter(
            scheme=scheme, night__gte=monday - timedelta(days=7), night__lt=monday
        ).order_by("night", "pk")
    )
    if not source:
        raise ValidationError(_("The previous week has no rota to copy."))
    service = scheme_service_hours(scheme)
    staff = set(operator_member_ids(scheme))
    taken = set(
        DutyAssignment.objects.select_for_update()
        .filter(scheme=scheme, night__gte=monday, night__lt=monday + timedelta(days=7))
        .values_list("night", "user_id")
    )
    result = PlanResult()
    new = []
    for old in source:
        night = old.night + timedelta(days=7)
        target_default = _default_hours(service, night)
        if target_default is None or old.user_id not in staff or (night, old.user_id) in taken:
            result.skipped.append(night)
            continue
        source_default = _default_hours(service, old.night)
        hours = target_default if old.hours == source_default else old.hours
        new.append(
            DutyAssignment(
                scheme=scheme,
                night=night,
                user_id=old.user_id,
                position=old.position,
                team=old.team,
                hours=hours,
            )
        )
        taken.add((night, old.user_id))
    DutyAssignment.objects.bulk_create(new)
    result.created = len(new)
    return result
