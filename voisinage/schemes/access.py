"""Access to one scheme for a user: the scheme of every page and API route under
``/dispositifs/<slug>/``; 404 alike for missing, inactive and forbidden."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from voisinage.accounts.access import get_or_404, is_platform_admin, scheme_grants
from voisinage.schemes.models import Scheme

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser


def access_scheme(
    user: AnyUser, slug: str, *, write: bool = False, require: str | None = None
) -> Scheme:
    """The scheme if the user may see it (or manage it, with ``write``: a manager whose grant is
    not bounded to an operator's sites; or hold the capability ``require``); 404 otherwise."""
    qs = Scheme.objects.visible_to(user, require="can_manage" if write else require)
    scheme = get_or_404(qs.select_related("operator"), slug=slug, is_active=True)
    # One operator among several manages its people's work, not the scheme (ADR 0048).
    managing = () if not write or is_platform_admin(user) else scheme_grants(user, scheme.pk)
    if managing and all(g.bounded_by_sites for g in managing if g.can_manage):
        raise Http404
    return scheme
