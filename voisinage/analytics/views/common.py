"""Parsing of the analytics pages' query strings: period and filters."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.http import HttpRequest, QueryDict

from voisinage.analytics.indicators import Filters
from voisinage.analytics.periods import Period, PeriodError, PeriodKind, period_from
from voisinage.lib import clock

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser, AuthenticatedRequest
    from voisinage.schemes.models import Scheme
    from voisinage.territory.models import Organisation

PERIOD_PARAMS = ("periode", "date", "du", "au")
FILTER_PARAMS = ("quartier", "bailleur", "activite", "origine", "operateur")


def parse_int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def period_of(request: HttpRequest, default: str = PeriodKind.MONTH) -> tuple[Period, str]:
    """The period of the query string, and an error message (the default period is used then)."""
    q = request.GET
    today = clock.today()
    try:
        return period_from(
            q.get("periode") or default, q.get("date"), q.get("du"), q.get("au"), today=today
        ), ""
    except PeriodError as exc:
        return Period.around(default, today), str(exc)


def filters_of(params: QueryDict) -> Filters:
    return Filters(
        neighbourhood=parse_int(params.get("quartier")),
        landlord=parse_int(params.get("bailleur")),
        activity=parse_int(params.get("activite")),
        origin=params.get("origine", "")[:30],
    )


def query_of(request: HttpRequest, keys: tuple[str, ...] = PERIOD_PARAMS + FILTER_PARAMS) -> str:
    return urlencode([(k, request.GET[k]) for k in keys if request.GET.get(k)])


def period_query(period: Period) -> str:
    if period.kind == PeriodKind.CUSTOM:
        return urlencode({"du": period.first.isoformat(), "au": period.last.isoformat()})
    return urlencode({"periode": period.kind, "date": period.first.isoformat()})


def operator_reader_of(
    request: AuthenticatedRequest, scheme: Scheme, period: Period
) -> tuple[AnyUser, Organisation | None]:
    """Who the figures are computed for: the user, or one operator's share of what the user
    reads over the sites it holds on the period's last day (``?operateur=``; 404 alike for a
    reader not of the whole scheme and an operator holding no site). The dashboard, its
    exports, the review page and its deck and PDF read it alike."""
    from voisinage.accounts.operators import operator_reader_of as reader_of

    return reader_of(request, request.user, scheme, min(period.last, clock.today()))
