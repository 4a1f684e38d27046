"""Which pages the phone keeps for offline use.

The service worker caches a page only when its response carries the ``Voisinage-Offline``
header, set by :func:`offline_page` to the id of the user it was rendered for: the agent's
pages (home, record, tonight's patrol list, tonight's logbook, the waiting entries), never a
partner's document or an administration page. The worker keeps one user's pages at a time and
the phone drops them all at logout (docs/field.md, "Offline")."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse

HEADER = "Voisinage-Offline"


def offline_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if (
            request.method == "GET"
            and response.status_code == 200
            and request.user.is_authenticated
        ):
            response[HEADER] = str(request.user.pk)
        return response

    return wrapped
