"""Access to one intervention for a user; 404 alike for missing and forbidden."""

from __future__ import annotations

from typing import TYPE_CHECKING

from voisinage.accounts.access import get_or_404
from voisinage.field.logbook.models import Intervention
from voisinage.field.logbook.selectors import with_details, with_list_details

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def access_intervention(
    user: AnyUser, scheme: Scheme, pk: int, *, write: bool = False
) -> Intervention:
    """One intervention the user may see (or record, with ``write``); 404 otherwise."""
    qs = Intervention.objects.visible_to(user, require="can_record" if write else None)
    return with_list_details([get_or_404(with_details(qs), scheme=scheme, pk=pk)])[0]
