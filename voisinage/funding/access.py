"""Access to one funding agreement for a user (who may create or change one, and the lists:
``funding.selectors``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from voisinage.accounts.access import get_or_404
from voisinage.funding.models import Agreement

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def access_agreement(
    user: AnyUser, scheme: Scheme | None, pk: int | str, *, write: bool = False
) -> Agreement:
    """The agreement if the user may see it (or change it, with ``write``); 404 otherwise.
    ``scheme`` None (the API's /agreements/{id}) accepts any active scheme."""
    qs = Agreement.objects.manageable_by(user) if write else Agreement.objects.visible_to(user)
    qs = qs.filter(scheme__is_active=True).select_related("scheme", "contract")
    if scheme is not None:
        qs = qs.filter(scheme=scheme)
    return get_or_404(qs, pk=pk)
