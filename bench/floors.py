"""Fair floors, measured in the same process and minute as every benchmark (ADR 0053).

* **bare Django**: Django's own WSGI handler with no middleware and no database, routing to a
  view that answers a small JSON document — what any Django request costs at least;
* **django-ninja + Bearer**: a django-ninja route behind ``HttpBearer`` that checks the token
  as the project does (prefix, SHA-256) against a hash held in memory — what an API request
  of the project costs before its first query.

The project's trivial view (``GET /api/v1/schemes/<slug>``: token, scheme, members, activities)
stays a row of each report; it is no longer the floor. Both floors use this module as their
URLconf, set on the request (the project's URLs and middleware are not involved).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.urls import path
from ninja import NinjaAPI
from ninja.security import HttpBearer

from bench.run_field import QueryLog, Request, Result, Server, run
from voisinage.accounts.services import TOKEN_PREFIX, token_hash

BARE = "GET /bench-floor/bare: bare Django (no middleware, no database)"
NINJA = "GET /bench-floor/api/ping: django-ninja, Bearer token checked, no database"
TOKEN = f"{TOKEN_PREFIX}_{secrets.token_urlsafe(32)}"
_HASH = token_hash(TOKEN)


class _MemoryBearer(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if token.startswith(f"{TOKEN_PREFIX}_") and secrets.compare_digest(
            token_hash(token), _HASH
        ):
            return token
        return None


_api = NinjaAPI(urls_namespace="bench-floor", docs_url=None, openapi_url=None)


@_api.get("/ping", auth=_MemoryBearer())
def _ping(request: HttpRequest) -> dict[str, Any]:
    return {"ok": True, "user": request.auth[:8]}  # type: ignore[attr-defined]


def _bare(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"ok": True})


urlpatterns = [path("bench-floor/bare", _bare), path("bench-floor/api/", _api.urls)]


class _BareHandler(WSGIHandler):
    """Django's WSGI handler without the project's middleware, on this module's URLs."""

    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async)
        nothing: list[Any] = []
        self._view_middleware = nothing
        self._template_response_middleware = nothing
        self._exception_middleware = nothing
        self._middleware_chain = self._get_response  # type: ignore[attr-defined]

    def get_response(self, request: HttpRequest) -> HttpResponseBase:
        request.urlconf = __name__
        return super().get_response(request)


class FloorServer(Server):
    def __init__(self) -> None:
        self.app = _BareHandler()


def _get(url: str, headers: dict[str, str] | None = None) -> Any:
    def make(_i: int) -> Request:
        return ("GET", url, headers or {}, b"")

    return make


def fair_floors(*, log: QueryLog, repetitions: int, warmup: int) -> list[Result]:
    """The two fair floors, timed now with the harness of every row (no query allowed)."""
    server = FloorServer()
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    return [
        run(Result("fair floor", BARE, max_queries=0), _get("/bench-floor/bare"),
            server=server, log=log, repetitions=repetitions, warmup=warmup),
        run(Result("fair floor", NINJA, max_queries=0), _get("/bench-floor/api/ping", bearer),
            server=server, log=log, repetitions=repetitions, warmup=warmup),
    ]  # fmt: skip
