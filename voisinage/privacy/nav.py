"""Menu entries of the privacy app: the data-protection contact's search of a person's data and
register of people's requests."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import is_platform_admin, scheme_grants
from voisinage.core.navigation import ADMINISTRATION, NavEntry

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def scheme_entries(user: AnyUser, scheme: Scheme) -> list[NavEntry]:
    if is_platform_admin(user) or scheme_grants(user, scheme.pk, require="reads_access_log"):
        return [
            NavEntry(445, _("A person's data"), "privacy:subject", group=ADMINISTRATION),
            NavEntry(446, _("People's requests"), "privacy:requests", group=ADMINISTRATION),
        ]
    return []
