"""The supervisor's live board: one page; its live part refreshes every few seconds by htmx
polling of a fragment, outside of which the call form keeps what the supervisor types."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from voisinage.accounts.operators import PARAM, operator_choices, operator_reader_of
from voisinage.desk.access import access_board
from voisinage.desk.forms import CallForm
from voisinage.desk.selectors import board as board_data
from voisinage.desk.selectors import board_night, scheme_calls
from voisinage.desk.services import scheme_natures
from voisinage.desk.views.common import entrance_choices, tonight
from voisinage.lib import clock
from voisinage.schemes.access import access_scheme

if TYPE_CHECKING:
    from django.http import HttpResponse

    from voisinage.accounts.access import AuthenticatedRequest

REFRESH_SECONDS = 4


@login_required
def board(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    access_board(request.user, scheme)
    night = tonight(scheme)
    # One operator's share of the board for a reader of the whole scheme (ADR 0048).
    reader, operator = operator_reader_of(request, request.user, scheme, clock.today())
    data = board_data(reader, scheme, board_night(scheme, clock.now()), clock.now())
    form = CallForm(
        scheme_natures(scheme),
        list(scheme_calls(request.user, scheme, night=night)[:30]),
        initial={"received_at": clock.now()},
        zone=scheme.time_zone,
    )
    return render(
        request,
        "desk/board.html",
        {
            "scheme": scheme,
            "board": data,
            "form": form,
            "entrances": entrance_choices(request.user, scheme),
            "refresh": REFRESH_SECONDS,
            "operator": operator,
            "operator_choices": operator_choices(request.user, scheme, clock.today()),
            "operator_param": PARAM,
        },
    )


@login_required
def board_live(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    access_board(request.user, scheme)
    reader, _operator = operator_reader_of(request, request.user, scheme, clock.today())
    data = board_data(reader, scheme, board_night(scheme, clock.now()), clock.now())
    return render(request, "desk/board_live.html", {"scheme": scheme, "board": data})
