"""The scheme's change log: one line per change made through the settings area."""

from __future__ import annotations

from typing import TYPE_CHECKING

from voisinage.lib import clock
from voisinage.schemes.models import SettingChange

if TYPE_CHECKING:
    from voisinage.accounts.models import User
    from voisinage.schemes.models import Scheme


def setting_change_record(
    *,
    scheme: Scheme,
    author: User | None,
    section: str,
    subject: str,
    before: object,
    after: object,
) -> SettingChange:
    """Append a line to the change log (called inside the service's transaction, so the line
    exists exactly when the change does)."""
    return SettingChange.objects.create(
        scheme=scheme,
        at=clock.now(),
        author=author,
        section=section,
        subject=str(subject)[:200],
        before="" if before is None else str(before),
        after="" if after is None else str(after),
    )
