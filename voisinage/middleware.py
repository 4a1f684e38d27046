"""Project-wide middleware: answers to bad input that no page should turn into a 500."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from voisinage.lib.params import BadParameter


class BadParameterMiddleware:
    """A page that meets a wrong query-string value (``BadParameter``) answers 400 with a French
    message naming the parameter; the API's methods not allowed answer a French JSON 405."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.path.startswith("/api/")
            and getattr(response, "content", b"") == b"Method not allowed"
        ):
            allowed = response.get("Allow", "")
            french = JsonResponse(
                {
                    "detail": _("The method %(method)s is not allowed here (allowed: %(allowed)s).")
                    % {"method": request.method, "allowed": allowed}
                },
                status=405,
            )
            french["Allow"] = allowed
            return french
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, BadParameter):
            return None
        return render(
            request,
            "bad_parameter.html",
            {"name": exception.name, "message": exception.message},
            status=400,
        )
