"""Every write on schemes goes through here (keyword-only, typed, one transaction)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from voisinage.core.extensions import SCHEME_SETUP
from voisinage.lib import clock
from voisinage.schemes.models import (
    Activity,
    Capability,
    Scheme,
)
from voisinage.schemes.presets import PRESETS


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
