"""The scheme itself: its parts used, each app's defaults, its sheet."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from voisinage.core.extensions import SCHEME_SETUP
from voisinage.schemes.changes import setting_change_record
from voisinage.schemes.models import (
    Capability,
    Scheme,
)

if TYPE_CHECKING:
    from voisinage.accounts.models import User
from voisinage.schemes.services.keys import SHEET


@transaction.atomic
def scheme_capabilities_set(
    *, scheme: Scheme, author: User | None, capabilities: Iterable[str]
) -> Scheme:
    """Say which optional parts the scheme uses (``Capability`` values, in any order; unknown
    ones are refused and nothing changes); a change is logged. Returns the scheme, saved."""
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
    before = list(locked.capabilities)
    locked.capabilities = [c for c in Capability.values if c in wanted]
    locked.full_clean()
    if locked.capabilities != before:
        locked.save(update_fields=["capabilities"])
        setting_change_record(
            scheme=locked,
            author=author,
            section=SHEET,
            subject=str(Scheme._meta.get_field("capabilities").verbose_name),
            before=_capabilities_text(before),
            after=_capabilities_text(locked.capabilities),
        )
    scheme.capabilities = locked.capabilities
    return locked


def _capabilities_text(values: Iterable[str]) -> str:
    labels = dict(Capability.choices)
    return ", ".join(str(labels.get(v, v)) for v in values)


@transaction.atomic
def scheme_defaults_ensure(*, scheme: Scheme) -> None:
    """Give a scheme what each app gives a new scheme by default (the ``setup.py`` extension
    point: the logbook's French code lists…). Idempotent."""
    for scheme_defaults in SCHEME_SETUP.values():
        scheme_defaults(scheme=scheme)


SHEET_FIELDS = (
    "name",
    "description",
    "public_phone",
    "starts_on",
    "ends_on",
    "time_zone",
    "holidays_included",
    "weekly_patrol_target",
    "annual_hours_basis",
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
    weekly_patrol_target: int | None,
    annual_hours_basis: int | None,
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
    locked.weekly_patrol_target = weekly_patrol_target
    locked.annual_hours_basis = annual_hours_basis
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
