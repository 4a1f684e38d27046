"""Access to the rota and to one duty assignment for a user; 404 alike for missing and
forbidden."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from voisinage.accounts.access import get_or_404
from voisinage.field.staffing.models import DutyAssignment
from voisinage.field.staffing.selectors import sees_rota

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def access_rota(user: AnyUser, scheme: Scheme, *, write: bool = False) -> None:
    """404 unless the user sees (or, with ``write``, plans) the scheme's rota."""
    if not sees_rota(user, scheme, write=write):
        raise Http404


def access_duty_assignment(
    user: AnyUser, scheme: Scheme, pk: int, *, write: bool = False
) -> DutyAssignment:
    """One assignment the user may see (or change, with ``write``); 404 otherwise."""
    qs = DutyAssignment.objects.visible_to(user, require="can_supervise" if write else None)
    assignment = get_or_404(qs.select_related("user"), scheme=scheme, pk=pk)
    if write and not sees_rota(user, scheme, write=True):
        raise Http404
    return assignment
