"""Helpers shared by the desk's pages."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from voisinage.lib import clock
from voisinage.lib.service_hours import service_night
from voisinage.schemes.selectors import scheme_service_hours
from voisinage.territory.models import Entrance

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme

PAGE_SIZE = 50


def tonight(scheme: Scheme) -> date:
    """The service night of the desk's clock (the evening's date)."""
    return service_night(clock.now(), scheme_service_hours(scheme)).night


def entrance_by_code(user: AnyUser, scheme: Scheme, code: str) -> Entrance | None:
    """The entrance the user may see with this code, None for an empty code; a French error
    for an unknown one."""
    code = code.strip()
    if not code:
        return None
    entrance = (
        Entrance.objects.visible_to(user)
        .filter(scheme=scheme, code__iexact=code)
        .select_related("residence")
        .first()
    )
    if entrance is None:
        raise ValidationError({"entrance_code": _("No entrance has this code in the scheme.")})
    return entrance


def entrance_choices(
    user: AnyUser, scheme: Scheme, landlord_ids: set[int] | None = None
) -> list[tuple[str, str]]:
    """(code, address) of the entrances for a datalist (one query)."""
    qs = Entrance.objects.visible_to(user).filter(scheme=scheme, is_active=True)
    if landlord_ids is not None:
        qs = qs.filter(landlord_id__in=landlord_ids)
    return list(qs.order_by("code").values_list("code", "address"))
