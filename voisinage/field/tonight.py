""" "Ce soir pour moi" items of the field app: its sub-domains' (see field/phone/tonight.py)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from voisinage.field.courtesy import tonight as courtesy_tonight
from voisinage.field.patrols import tonight as patrols_tonight

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.field.phone.tonight import TonightItem
    from voisinage.schemes.models import Scheme


def tonight_items(user: AnyUser, scheme: Scheme, night: date) -> list[TonightItem]:
    return [
        *patrols_tonight.tonight_items(user, scheme, night),
        *courtesy_tonight.tonight_items(user, scheme, night),
    ]
