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
from voisinage.territory.selectors import scheme_entrances

if TYPE_CHECKING:
    from django.http import HttpRequest

    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme

PAGE_SIZE = 50


def tonight(scheme: Scheme) -> date:
    """Tonight's service night, by the clock (the evening's date)."""
    return service_night(clock.now(), scheme_service_hours(scheme)).night


# A datalist value carries the code and the address (« HN-1 — 3 rue des Lilas »), so that typing
# either finds the entrance; the code is what comes before the separator.
SEPARATOR = " — "


def entrance_choices(
    user: AnyUser, scheme: Scheme, landlord_ids: set[int] | None = None
) -> list[str]:
    """The values of the entrance datalist, « code — address » (one query)."""
    qs = Entrance.objects.visible_to(user).filter(scheme=scheme, is_active=True)
    if landlord_ids is not None:
        qs = qs.filter(landlord_id__in=landlord_ids)
    return [
        f"{code}{SEPARATOR}{address}" if address else code
        for code, address in qs.order_by("code").values_list("code", "address")
    ]


def entrance_from_text(
    user: AnyUser, scheme: Scheme, text: str, landlord_ids: set[int] | None = None
) -> Entrance | None:
    """The entrance the user means by ``text``: a code, a datalist value « code — address », or
    an address (or words of one) that a single entrance the user may see matches. None for an
    empty text; a French error when nothing or several entrances match."""
    text = text.strip()
    if not text:
        return None
    visible = Entrance.objects.visible_to(user).filter(scheme=scheme)
    if landlord_ids is not None:
        visible = visible.filter(landlord_id__in=landlord_ids)
    code, _sep, address = text.partition(SEPARATOR)
    for exact in ({"code__iexact": code.strip()}, {"address__iexact": (address or text).strip()}):
        entrance = visible.filter(**exact).select_related("residence").first()
        if entrance is not None:
            return entrance
    found = scheme_entrances(user, scheme, q=text)
    if landlord_ids is not None:
        found = found.filter(landlord_id__in=landlord_ids)
    matches = list(found.select_related("residence")[:2])
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ValidationError(
            {
                "entrance_code": _(
                    "Several entrances match « %(text)s »: choose one in the list or type its code."
                )
                % {"text": text}
            }
        )
    raise ValidationError(
        {"entrance_code": _("No entrance of the scheme has this code or this address.")}
    )


def route_name(request: HttpRequest) -> str:
    """The page's route name, for the access log (``desk:call``)."""
    match = request.resolver_match
    return match.view_name if match is not None else request.path[:40]
