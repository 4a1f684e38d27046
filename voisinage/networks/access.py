"""One network through the one access mechanism: 404 alike for missing and forbidden."""

from __future__ import annotations

from typing import TYPE_CHECKING

from voisinage.accounts.access import get_or_404
from voisinage.networks.models import Network

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser


def access_network(user: AnyUser, slug: str, *, manage: bool = False) -> Network:
    """The network if the user is a member in force (``manage``: a managing member), or a
    platform administrator; 404 otherwise, as for a network that does not exist."""
    return get_or_404(Network.objects.visible_to(user, manage=manage), slug=slug)
