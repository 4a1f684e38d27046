"""Authentication of API calls: personal bearer tokens, or the browser session."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth

from voisinage.accounts.middleware import second_factor_pending
from voisinage.accounts.models import User
from voisinage.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return api_token_authenticate(token)


class VerifiedSessionAuth(SessionAuth):
    """The browser session, only once its second factor (if owed) is done."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or second_factor_pending(request) is not None:
            return None
        return user


def caller(request: HttpRequest) -> User:
    """The user an authenticated API call acts as (token owner or session user)."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise RuntimeError("API handler reached without authentication")
    return user
