"""Second-factor enforcement for sessions (API tokens are their own credential)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

OPEN_PREFIXES = ("/static/", "/media/", "/api/", "/favicon.ico")
OPEN_NAMES = (
    "accounts:logout",
    "accounts:second_factor",
    "accounts:second_factor_setup",
    "accounts:login",
)


class SecondFactorMiddleware:
    """A session of a user who has, or must have, a TOTP device is not usable until verified.

    Users with a confirmed device always verify; users who need one but have none are sent
    to set it up. Must come after django_otp's OTPMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(OPEN_PREFIXES) and request.path not in {
            reverse(name) for name in OPEN_NAMES
        }:
            pending = second_factor_pending(request)
            if pending == "verify":
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('accounts:second_factor')}?{query}")
            if pending == "setup":
                return redirect("accounts:second_factor_setup")
        return self.get_response(request)


def second_factor_pending(request: HttpRequest) -> str | None:
    """ "verify" or "setup" when the session still owes a second factor, else None."""
    user = request.user
    if not user.is_authenticated or user.is_verified():  # type: ignore[attr-defined]
        return None
    from django_otp import user_has_device

    from voisinage.accounts.services import user_needs_second_factor

    if user_has_device(user, confirmed=True):
        return "verify"
    if user_needs_second_factor(user):
        return "setup"
    return None
