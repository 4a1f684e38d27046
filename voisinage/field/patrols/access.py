"""Access to a patrol plan or one of its passages for a user; 404 alike for missing and
forbidden."""

from __future__ import annotations

from typing import TYPE_CHECKING

from voisinage.accounts.access import get_or_404
from voisinage.field.patrols.models import PatrolPlan, PatrolPlanEntry

if TYPE_CHECKING:
    from datetime import date

    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def access_patrol_plan(
    user: AnyUser, scheme: Scheme, month: date, *, write: bool = False
) -> PatrolPlan:
    """The scheme's plan for ``month`` (its first day); ``write`` requires can_supervise.
    404 for missing and forbidden alike."""
    qs = PatrolPlan.objects.visible_to(user, require="can_supervise" if write else None)
    return get_or_404(qs.select_related("scheme", "created_by"), scheme=scheme, month=month)


def access_patrol_entry(
    user: AnyUser, scheme: Scheme, pk: int, *, write: bool = False
) -> PatrolPlanEntry:
    """One planned passage in the user's perimeter; ``write`` (recording the passage)
    requires can_record. 404 for missing and forbidden alike."""
    qs = PatrolPlanEntry.objects.visible_to(user, require="can_record" if write else None)
    return get_or_404(qs.select_related("plan", "entrance"), plan__scheme=scheme, pk=pk)
