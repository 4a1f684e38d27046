"""Helpers shared by the desk's pages."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from voisinage.lib import clock
from voisinage.lib.service_hours import service_night
from voisinage.schemes.selectors import scheme_service_hours
from voisinage.territory.models import Entrance

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme

PAGE_SIZE = 50


def tonight(scheme: Scheme) -> date:
    """Tonight's service night, by the clock (the evening's date)."""
    return service_night(clock.now(), scheme_service_hours(scheme)).night


def entrance_choices(
    user: AnyUser, scheme: Scheme, landlord_ids: set[int] | None = None
) -> list[tuple[str, str]]:
    """(code, address) of the entrances for a datalist (one query)."""
    qs = Entrance.objects.visible_to(user).filter(scheme=scheme, is_active=True)
    if landlord_ids is not None:
        qs = qs.filter(landlord_id__in=landlord_ids)
    return list(qs.order_by("code").values_list("code", "address"))
