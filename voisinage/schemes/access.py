"""Access to one scheme for a user: the scheme of every page and API route under
``/dispositifs/<slug>/``; 404 alike for missing, inactive and forbidden."""

from __future__ import annotations

from typing import TYPE_CHECKING

from voisinage.accounts.access import get_or_404
from voisinage.schemes.models import Scheme

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser


def access_scheme(
    user: AnyUser, slug: str, *, write: bool = False, require: str | None = None
) -> Scheme:
    """The scheme if the user may see it (or manage it, with ``write``; or hold the capability
    ``require``); 404 otherwise."""
    qs = Scheme.objects.visible_to(user, require="can_manage" if write else require)
    return get_or_404(qs.select_related("operator"), slug=slug, is_active=True)
