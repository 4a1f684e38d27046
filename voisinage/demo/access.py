"""Who may read the demo's mailbox: the platform administrator, and only in demo mode."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.http import Http404

from voisinage.accounts.access import is_platform_admin

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser


def access_demo_mailbox(user: AnyUser) -> None:
    """404 for everyone but the platform administrator, and for everyone outside the demo: the
    mailbox holds every e-mail sent, to anyone."""
    if not settings.DEMO or not is_platform_admin(user):
        raise Http404
