""" "Ce soir pour moi" items of patrols: tonight's planned entrances in the agent's perimeter,
each opening the recording page for a patrol passage there (which the coverage counts)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from voisinage.field.logbook.models import Origin
from voisinage.field.patrols.selectors import night_lists, plan_for_night
from voisinage.field.phone.tonight import PATROL, TonightItem, record_url

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def tonight_items(user: AnyUser, scheme: Scheme, night: date) -> list[TonightItem]:
    plan = plan_for_night(user, scheme, night)
    lists = night_lists(user, plan, night, night) if plan else []
    if not lists:
        return []
    return [
        TonightItem(
            kind=PATROL,
            title=stop.entry.entrance.code,
            place=stop.entry.entrance.address,
            at=stop.done_at,
            detail=stop.entry.team,
            done=stop.done,
            url=record_url(scheme, origin=Origin.PATROL, entrance_code=stop.entry.entrance.code),
        )
        for stop in lists[0].stops
    ]
