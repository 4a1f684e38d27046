"""Navigation entry of the phone app: "Ce soir pour moi", the home of a field agent (who records
but does not supervise; supervisors reach the same items on the live board)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import is_field_agent
from voisinage.core.navigation import NIGHT, NavEntry

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def scheme_entries(user: AnyUser, scheme: Scheme) -> list[NavEntry]:
    if not is_field_agent(user, scheme.pk):
        return []
    return [
        NavEntry(
            105,
            _("Tonight for me"),
            "field:my_tonight",
            also_active_for=("field:outbox",),
            group=NIGHT,
        )
    ]
