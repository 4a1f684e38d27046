"""What the field app gives a new scheme (the ``setup`` extension point of core.extensions)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from voisinage.field.logbook.services import field_codes_ensure_defaults

if TYPE_CHECKING:
    from voisinage.schemes.models import Scheme


def scheme_defaults(*, scheme: Scheme) -> None:
    """The logbook's French default code lists (material, behaviour, actions)."""
    field_codes_ensure_defaults(scheme=scheme)
