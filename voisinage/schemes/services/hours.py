"""Service hours: seasons that never overlap."""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from voisinage.schemes.changes import setting_change_record
from voisinage.schemes.models import (
    Scheme,
    ServiceHoursRule,
)

if TYPE_CHECKING:
    from voisinage.accounts.models import User
from voisinage.schemes.services.keys import HOURS


def _week_windows(rule: ServiceHoursRule) -> list[tuple[int, int]]:
    """The rule's shifts as minute intervals on a week (Monday 00:00 = 0); a shift across
    midnight runs into the next day (and Sunday's into Monday, wrapped)."""
    start = rule.starts_at.hour * 60 + rule.starts_at.minute
    end = rule.ends_at.hour * 60 + rule.ends_at.minute
    if end <= start:
        end += 24 * 60
    week = 7 * 24 * 60
    windows = []
    for day in {int(d) for d in rule.weekdays}:
        a, b = day * 24 * 60 + start, day * 24 * 60 + end
        windows.append((a, min(b, week)))
        if b > week:
            windows.append((0, b - week))
    return windows


def _days_of_year(rule: ServiceHoursRule) -> set[int]:
    """The rule's season as days of a leap year (1 January = 0)."""
    first = date(2024, rule.start_month, rule.start_day).timetuple().tm_yday - 1
    last = date(2024, rule.end_month, rule.end_day).timetuple().tm_yday - 1
    if first <= last:
        return set(range(first, last + 1))
    return set(range(first, 366)) | set(range(0, last + 1))


def hours_rules_overlap(a: ServiceHoursRule, b: ServiceHoursRule) -> bool:
    """Whether two rules give shifts at the same moment of a same season."""
    if not _days_of_year(a) & _days_of_year(b):
        return False
    return any(x0 < y1 and y0 < x1 for x0, x1 in _week_windows(a) for y0, y1 in _week_windows(b))


@transaction.atomic
def service_hours_rule_add(
    *,
    scheme: Scheme,
    author: User | None,
    start_month: int,
    start_day: int,
    end_month: int,
    end_day: int,
    weekdays: str,
    starts_at: time,
    ends_at: time,
) -> ServiceHoursRule:
    """Add a season of service hours; refused when it overlaps one the scheme has."""
    Scheme.objects.select_for_update().get(pk=scheme.pk)
    existing = list(ServiceHoursRule.objects.filter(scheme=scheme))
    rule = ServiceHoursRule(
        scheme=scheme,
        position=max((r.position for r in existing), default=0) + 1,
        start_month=start_month,
        start_day=start_day,
        end_month=end_month,
        end_day=end_day,
        weekdays=weekdays,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    rule.full_clean()
    try:
        date(2024, start_month, start_day)
        date(2024, end_month, end_day)
    except ValueError as exc:
        raise ValidationError(_("This day does not exist in that month.")) from exc
    clash = next((r for r in existing if hours_rules_overlap(rule, r)), None)
    if clash is not None:
        raise ValidationError(_("These hours overlap the hours %(other)s.") % {"other": str(clash)})
    rule.save()
    setting_change_record(
        scheme=scheme,
        author=author,
        section=HOURS,
        subject=str(rule),
        before="",
        after=_hours_text(rule),
    )
    return rule


def _hours_text(rule: ServiceHoursRule) -> str:
    return f"{rule} ({rule.weekdays})"


@transaction.atomic
def service_hours_rule_remove(*, rule: ServiceHoursRule, author: User | None) -> None:
    """Remove a season of hours: the nights already recorded keep their dates."""
    locked = ServiceHoursRule.objects.select_for_update().get(pk=rule.pk)
    setting_change_record(
        scheme=locked.scheme,
        author=author,
        section=HOURS,
        subject=str(locked),
        before=_hours_text(locked),
        after="",
    )
    locked.delete()
