"""The activity referential: presets, add, rename, move, retire."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from voisinage.lib import clock
from voisinage.schemes.changes import setting_change_record
from voisinage.schemes.models import (
    Activity,
    Scheme,
)
from voisinage.schemes.presets import ACTIVITY_FIELDS, PRESETS
from voisinage.schemes.referential import coded_add, coded_move, coded_rename, coded_retire

if TYPE_CHECKING:
    from voisinage.accounts.models import User
from voisinage.schemes.services.keys import ACTIVITIES


@transaction.atomic
def activity_referential_apply_preset(*, scheme: Scheme, preset: str) -> list[Activity]:
    """Add the preset's activities that the scheme lacks (by code); existing ones are kept,
    retired ones stay retired. Idempotent."""
    if preset not in PRESETS:
        raise ValidationError(_("Unknown activity preset."))
    existing = set(Activity.objects.filter(scheme=scheme).values_list("code", flat=True))
    served = {f.code: f for f in scheme.fields.all()}
    first = next(iter(served.values()), None)
    created = []
    for position, (code, label) in enumerate(PRESETS[preset], start=1):
        if code in existing:
            continue
        field = served.get(ACTIVITY_FIELDS.get(code, ""), first)
        activity = Activity(scheme=scheme, code=code, label=label, position=position, field=field)
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
