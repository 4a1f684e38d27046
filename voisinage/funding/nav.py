from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from voisinage.core.navigation import STEERING, NavEntry
from voisinage.funding.selectors import has_visible_agreement, may_create_agreement

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme

SUB_PAGES = (
    "funding:agreement_create",
    "funding:agreement",
    "funding:agreement_setup",
    "funding:what_if",
    "funding:payment_record",
    "funding:contract",
)


def scheme_entries(user: AnyUser, scheme: Scheme) -> list[NavEntry]:
    """ "Funding" for whoever sees an agreement of the scheme (one EXISTS query, none without a
    grant in the scheme) or may create one."""
    if has_visible_agreement(user, scheme) or may_create_agreement(user, scheme):
        return [
            NavEntry(
                360,
                _("Funding"),
                "funding:agreements",
                also_active_for=SUB_PAGES,
                group=STEERING,
            )
        ]
    return []
