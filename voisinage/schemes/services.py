"""Every write on schemes goes through here (keyword-only, typed, one transaction)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from voisinage.core.extensions import SCHEME_SETUP
from voisinage.lib import clock
from voisinage.schemes.changes import setting_change_record
from voisinage.schemes.models import (
    Activity,
    Capability,
    Scheme,
    ServiceHoursRule,
)
from voisinage.schemes.presets import PRESETS
from voisinage.schemes.referential import coded_add, coded_move, coded_rename, coded_retire

if TYPE_CHECKING:
    from voisinage.accounts.models import User

ACTIVITIES = "activites"
SHEET = "fiche"
HOURS = "horaires"


@transaction.atomic
def scheme_capabilities_set(*, scheme: Scheme, capabilities: Iterable[str]) -> Scheme:
    """Say which optional parts the scheme uses (``Capability`` values, in any order; unknown
    ones are refused and nothing changes). Returns the scheme, saved."""
    wanted = set(capabilities)
    unknown = wanted - set(Capability.values)
    if unknown:
        raise ValidationError(
            {
                "capabilities": _("Unknown capability: %(names)s.")
                % {"names": ", ".join(sorted(unknown))}
            }
        )
    locked = Scheme.objects.select_for_update().get(pk=scheme.pk)
    locked.capabilities = [c for c in Capability.values if c in wanted]
    locked.full_clean()
    locked.save(update_fields=["capabilities"])
    scheme.capabilities = locked.capabilities
    return locked


@transaction.atomic
def scheme_defaults_ensure(*, scheme: Scheme) -> None:
    """Give a scheme what each app gives a new scheme by default (the ``setup.py`` extension
    point: the logbook's French code lists…). Idempotent."""
    for scheme_defaults in SCHEME_SETUP.values():
        scheme_defaults(scheme=scheme)


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
def activity_retire(*, activity: Activity, at: datetime | None = None) -> Activity:
    """Retire an activity: it stays in history and statistics but is no longer offered."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.retired_at is None:
        activity.retired_at = at or clock.now()
        activity.save(update_fields=["retired_at"])
    return activity


@transaction.atomic
def activity_restore(*, activity: Activity) -> Activity:
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.retired_at is not None:
        activity.retired_at = None
        activity.save(update_fields=["retired_at"])
    return activity


# --- The settings area's writes ---------------------------------------------------------------

SHEET_FIELDS = (
    "name",
    "description",
    "public_phone",
    "starts_on",
    "ends_on",
    "time_zone",
    "holidays_included",
)


@transaction.atomic
def scheme_sheet_update(
    *,
    scheme: Scheme,
    author: User | None,
    name: str,
    description: str,
    public_phone: str,
    starts_on: date,
    ends_on: date | None,
    time_zone: str,
    holidays_included: bool,
) -> Scheme:
    """Change the scheme's sheet; each field that changed gets a line in the change log."""
    locked = Scheme.objects.select_for_update().get(pk=scheme.pk)
    before = {f: getattr(locked, f) for f in SHEET_FIELDS}
    locked.name = name.strip()
    locked.description = description.strip()
    locked.public_phone = public_phone.strip()
    locked.starts_on = starts_on
    locked.ends_on = ends_on
    locked.time_zone = time_zone.strip()
    locked.holidays_included = holidays_included
    locked.full_clean()
    changed = [f for f in SHEET_FIELDS if getattr(locked, f) != before[f]]
    if changed:
        locked.save(update_fields=changed)
    for field in changed:
        setting_change_record(
            scheme=locked,
            author=author,
            section=SHEET,
            subject=str(getattr(Scheme._meta.get_field(field), "verbose_name", field)),
            before=before[field],
            after=getattr(locked, field),
        )
    return locked


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


def activity_add(*, scheme: Scheme, author: User | None, code: str, label: str) -> Activity:
    return coded_add(
        model=Activity, scheme=scheme, author=author, section=ACTIVITIES, code=code, label=label
    )


def activity_rename(*, activity: Activity, author: User | None, label: str) -> Activity:
    return coded_rename(entry=activity, author=author, section=ACTIVITIES, label=label)


def activity_move(*, activity: Activity, author: User | None, by: int) -> Activity:
    return coded_move(entry=activity, author=author, section=ACTIVITIES, by=by)


def activity_retire_by(*, activity: Activity, author: User | None, retire: bool = True) -> Activity:
    """Retire (or bring back) an activity from the settings area, with its change-log line."""
    return coded_retire(entry=activity, author=author, section=ACTIVITIES, retire=retire)


@transaction.atomic
def activity_preset_apply(*, scheme: Scheme, author: User | None, preset: str) -> list[Activity]:
    """Add a preset's missing activities, logged."""
    created = activity_referential_apply_preset(scheme=scheme, preset=preset)
    for activity in created:
        setting_change_record(
            scheme=scheme,
            author=author,
            section=ACTIVITIES,
            subject=activity.code,
            before="",
            after=activity.label,
        )
    return created
