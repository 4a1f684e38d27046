"""One operator's share of what a reader of the whole scheme reads (ADR 0048): the sites each
operator holds on a day, and the reader narrowed to one operator's sites
(``access.narrowed``), so any page — the dashboard, the review, the live board — shows that
operator's rows through the same ``visible_to`` rules as everything else."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404

from voisinage.accounts.access import holds_whole_scheme, narrowed
from voisinage.accounts.models import OperatorSite

if TYPE_CHECKING:
    from datetime import date

    from django.http import HttpRequest

    from voisinage.accounts.access import AnyUser

# A scheme and an organisation (schemes and territory are layers above this app).
Scheme = Any
Organisation = Any

PARAM = "operateur"


def operator_sites(scheme: Scheme, day: date) -> dict[Organisation, set[int]]:
    """The sites (neighbourhood ids) each operator holds on ``day``, operators by name."""
    sites: dict[Organisation, set[int]] = {}
    held = OperatorSite.objects.held_on(day).filter(scheme=scheme).select_related("operator")
    for site in held.order_by("operator__name"):
        sites.setdefault(site.operator, set()).add(site.neighbourhood_id)
    return sites


def operator_reader(
    user: AnyUser, scheme: Scheme, day: date, operator_id: int
) -> tuple[AnyUser, Organisation] | None:
    """The reader narrowed to the sites ``operator_id`` holds on ``day``; None for a reader not
    of the whole scheme, or an operator that holds no site then."""
    if not holds_whole_scheme(user, scheme.pk):
        return None
    for operator, ids in operator_sites(scheme, day).items():
        if operator.pk == operator_id:
            return narrowed(user, scheme.pk, ids), operator
    return None


def operator_choices(user: AnyUser, scheme: Scheme, day: date) -> list[tuple[int, str]]:
    """The operators a reader of the whole scheme may choose on ``day``: those holding sites,
    when there are two or more; none for anyone else."""
    if not holds_whole_scheme(user, scheme.pk):
        return []
    held = operator_sites(scheme, day)
    return [(o.pk, o.name) for o in held] if len(held) >= 2 else []


def operator_reader_of(
    request: HttpRequest, user: AnyUser, scheme: Scheme, day: date
) -> tuple[AnyUser, Organisation | None]:
    """Who a page's figures are for: the user, or one operator's share of it (``?operateur=``,
    readers of the whole scheme only; 404 for another reader, an unknown operator or one that
    holds no site, like any object out of reach)."""
    raw = request.GET.get(PARAM, "")
    if not raw:
        return user, None
    chosen = operator_reader(user, scheme, day, int(raw)) if raw.isdigit() else None
    if chosen is None:
        raise Http404
    return chosen
