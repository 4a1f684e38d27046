"""The instructions' panel of a landlord's home: tonight's, and last night's with their
outcome."""

from __future__ import annotations

from typing import TYPE_CHECKING

from voisinage.accounts.access import has_capability
from voisinage.core.home import HomePanel
from voisinage.desk.selectors import scheme_instructions
from voisinage.desk.services.instructions import instruction_night
from voisinage.lib import clock
from voisinage.lib.service_hours import service_night
from voisinage.schemes.models import Capability
from voisinage.schemes.selectors import scheme_service_hours

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme

SHOWN = 10


def home_panels(user: AnyUser, scheme: Scheme) -> list[HomePanel]:
    if not scheme.uses(Capability.INSTRUCTIONS):
        return []
    # Tonight's night when it has a service, else the night the next instruction goes to.
    now, hours = clock.now(), scheme_service_hours(scheme)
    tonight = service_night(now, hours).night
    is_tonight = hours.shift_for(tonight) is not None
    if not is_tonight:
        tonight = instruction_night(scheme, now)
    instructions = scheme_instructions(user, scheme)
    previous = (
        instructions.filter(service_night__lt=tonight)
        .values_list("service_night", flat=True)
        .first()
    )
    return [
        HomePanel(
            20,
            "desk/_home_panel.html",
            {
                "tonight": tonight,
                "is_tonight": is_tonight,
                "tonight_instructions": list(instructions.filter(service_night=tonight)[:SHOWN]),
                "last_night": previous,
                "last_instructions": (
                    list(instructions.filter(service_night=previous)[:SHOWN]) if previous else []
                ),
                "can_submit": has_capability(user, scheme.pk, "can_act_as_partner"),
            },
        )
    ]
