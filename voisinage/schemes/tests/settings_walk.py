"""Shared by the settings area's API write tests of every app: each route as every persona
(everyone but the scheme's managers gets 404 and nothing changes, another scheme's manager
included), then as the scheme's manager (it works and goes to the change log)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from voisinage.accounts.models import User
from voisinage.accounts.services import api_token_create
from voisinage.factories import UserFactory, grant, member
from voisinage.schemes.models import SettingChange

MANAGERS = {"operator_manager", "admin"}

Route = tuple[str, str, dict[str, Any], Callable[[], bool]]


def call(client: Any, user: Any, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    _token, raw = api_token_create(user=user, name="settings")
    return client.generic(
        method,
        url,
        "" if body is None else json.dumps(body),
        content_type="application/json",
        headers={"authorization": f"Bearer {raw}"},
    )


def other_manager(cast: Any) -> Any:
    existing = User.objects.filter(username="gerante-autre").first()
    if existing is not None:
        return existing
    user = UserFactory.create(username="gerante-autre")
    other_operator = cast.other_scheme.operator
    member(cast.other_scheme, other_operator, "operator")
    grant(user, cast.other_scheme, other_operator, "operator_manager")
    return user


def walk(cast: Any, client: Any, routes: list[Route]) -> None:
    outsiders = {p: u for p, u in cast.personas().items() if p not in MANAGERS}
    outsiders["other_manager"] = other_manager(cast)
    for persona, user in outsiders.items():
        for method, url, body, changed in routes:
            response = call(client, user, method, url, body)
            assert response.status_code == 404, f"{persona} {method} {url}"
            assert not changed(), f"{persona} {method} {url}"
    for method, url, body, changed in routes:
        logged = SettingChange.objects.filter(scheme=cast.scheme).count()
        response = call(client, cast.operator_manager, method, url, body)
        assert response.status_code in {200, 201, 204}, (method, url, response.content)
        assert changed(), (method, url)
        assert SettingChange.objects.filter(scheme=cast.scheme).count() > logged, (method, url)


def refused(client: Any, user: Any, method: str, url: str, body: dict[str, Any]) -> str:
    response = call(client, user, method, url, body)
    assert response.status_code == 422, response.content
    detail: str = response.json()["detail"]
    return detail
