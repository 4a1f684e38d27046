"""Every write on schemes goes through here (keyword-only, typed, one transaction)."""

from __future__ import annotations

import re
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voisinage.lib.service_hours import HoursRule, ServiceHours
from voisinage.lib.staffing import StaffingRule as StaffingSpec
from voisinage.schemes.models import (
    Activity,
    Scheme,
    ServiceHoursRule,
    StaffingRule,
    weekdays_set,
)
from voisinage.schemes.presets import PRESETS

MonthDay = tuple[int, int]


def parse_date_ranges(text: str) -> tuple[tuple[MonthDay, MonthDay], ...]:
    """ "25/07-31/07, 01/08-14/08" → (((7, 25), (7, 31)), ((8, 1), (8, 14)))."""
    ranges = []
    for chunk in filter(None, (c.strip() for c in text.split(","))):
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})\s*-\s*(\d{1,2})/(\d{1,2})", chunk)
        if not match:
            raise ValueError(f"bad date range {chunk!r}")
        d1, m1, d2, m2 = (int(g) for g in match.groups())
        for month, day in ((m1, d1), (m2, d2)):
            datetime(2024, month, day)  # raises ValueError on 31/02 and the like
        ranges.append(((m1, d1), (m2, d2)))
    return tuple(ranges)


def parse_iso_weeks(text: str) -> frozenset[int]:
    weeks = set()
    for chunk in filter(None, (c.strip() for c in text.split(","))):
        week = int(chunk)
        if not 1 <= week <= 53:
            raise ValueError(f"bad ISO week {week}")
        weeks.add(week)
    return frozenset(weeks)


def scheme_service_hours(scheme: Scheme) -> ServiceHours:
    """The scheme's hours as the pure structure that lib.service_hours works on."""
    rules = tuple(
        HoursRule(
            start_month_day=(r.start_month, r.start_day),
            end_month_day=(r.end_month, r.end_day),
            weekdays=weekdays_set(r.weekdays),
            start=r.starts_at,
            end=r.ends_at,
        )
        for r in ServiceHoursRule.objects.filter(scheme=scheme).order_by("position", "pk")
    )
    return ServiceHours(
        rules=rules,
        time_zone=scheme.time_zone,
        include_holidays=scheme.holidays_included,
        day_boundary=scheme.day_boundary,
    )


def scheme_staffing(scheme: Scheme) -> tuple[StaffingSpec, ...]:
    return tuple(
        StaffingSpec(
            position=r.position,
            headcount=r.headcount,
            weekdays=weekdays_set(r.weekdays),
            priority=r.priority,
            date_ranges=parse_date_ranges(r.date_ranges),
            iso_weeks=parse_iso_weeks(r.iso_weeks),
            label=r.label,
        )
        for r in StaffingRule.objects.filter(scheme=scheme).order_by("-priority", "pk")
    )


@transaction.atomic
def activity_referential_apply_preset(*, scheme: Scheme, preset: str) -> list[Activity]:
    """Add the preset's activities that the scheme lacks (by code); existing ones are kept,
    retired ones stay retired. Idempotent."""
    if preset not in PRESETS:
        raise ValidationError(_("Unknown activity preset."))
    existing = set(Activity.objects.filter(scheme=scheme).values_list("code", flat=True))
    created = []
    for position, (code, label) in enumerate(PRESETS[preset], start=1):
        if code in existing:
            continue
        activity = Activity(scheme=scheme, code=code, label=label, position=position)
        activity.full_clean()
        activity.save()
        created.append(activity)
    return created


@transaction.atomic
def activity_create(
    *, scheme: Scheme, code: str, label: str, description: str = "", position: int | None = None
) -> Activity:
    if position is None:
        position = Activity.objects.filter(scheme=scheme).count() + 1
    activity = Activity(
        scheme=scheme, code=code, label=label, description=description, position=position
    )
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    code: str | None = None,
    label: str | None = None,
    description: str | None = None,
    position: int | None = None,
) -> Activity:
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    fields = []
    for name, value in (
        ("code", code),
        ("label", label),
        ("description", description),
        ("position", position),
    ):
        if value is not None:
            setattr(activity, name, value)
            fields.append(name)
    activity.full_clean()
    if fields:
        activity.save(update_fields=fields)
    return activity


@transaction.atomic
def activity_retire(*, activity: Activity, at: datetime | None = None) -> Activity:
    """Retire an activity: it stays in history and statistics but is no longer offered."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.retired_at is None:
        activity.retired_at = at or timezone.now()
        activity.save(update_fields=["retired_at"])
    return activity


@transaction.atomic
def activity_restore(*, activity: Activity) -> Activity:
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.retired_at is not None:
        activity.retired_at = None
        activity.save(update_fields=["retired_at"])
    return activity
