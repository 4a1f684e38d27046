"""Every page and API route, as every persona: who gets 200 and who gets 404.

A new route must be added to ROUTES (or, for routes that need a secret such as a reset token,
to UNMATRIXED with the reason); `test_every_named_route_is_in_the_matrix` fails otherwise.
Apps add their own routes in ``<app>/tests/matrix.py`` (``ROUTES`` and ``UNMATRIXED``), which
are collected here; they may use the persona sets defined below.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from voisinage.accounts.models import User
from voisinage.accounts.services import api_token_create
from voisinage.conftest import Cast, second_operator
from voisinage.core.extensions import TEST_ROUTES, TEST_UNMATRIXED

PERSONAS = [
    "supervisor",
    "agent",
    "operator_manager",
    "north_referent",
    "south_referent",
    "city_officer",
    "pres_viewer",
    "north_pres_referent",
    "centre_supervisor",
    "centre_operator",
    "former_referent",
    "other_partner",
    "admin",
    "nobody",
]
RIVEBOURG = {
    "supervisor",
    "agent",
    "operator_manager",
    "north_referent",
    "south_referent",
    "city_officer",
    "pres_viewer",
    "north_pres_referent",
    "centre_supervisor",
    "centre_operator",
    "admin",
}
MANAGERS = {"operator_manager", "admin"}
EVERYONE = set(PERSONAS)

# (url name, args, who gets 200 — everyone else gets 404); a query string may be appended to
# the name after a "?" (e.g. "api:nearest_entrances_api?lat=47.2&lon=5.9").
ROUTES: list[tuple[str, tuple[str, ...], set[str]]] = [
    ("territory:overview", ("rivebourg",), RIVEBOURG),
    ("schemes:about", ("rivebourg",), RIVEBOURG),
    ("territory:entrances", ("rivebourg",), RIVEBOURG),
    ("territory:import", ("rivebourg",), MANAGERS),
    ("territory:export", ("rivebourg", "csv"), RIVEBOURG),
    ("territory:export", ("rivebourg", "xlsx"), RIVEBOURG),
    ("accounts:profile", (), EVERYONE),
    ("api:list_schemes", (), EVERYONE),
    ("api:get_scheme", ("rivebourg",), RIVEBOURG),
    ("api:list_neighbourhoods", ("rivebourg",), RIVEBOURG),
    ("api:list_entrances", ("rivebourg",), RIVEBOURG),
    ("api:get_housing_stock", ("rivebourg",), RIVEBOURG),
    ("api:entrances_geojson", ("rivebourg",), RIVEBOURG),
    ("api:nearest_entrances_api?lat=47.22&lon=5.95", ("rivebourg",), RIVEBOURG),
]
# Routes with their own, separately tested, behaviour.
UNMATRIXED = {
    "healthz": "public summary, details for administrators and monitoring: test_operations.py",
    "home": "redirects to the only scheme or lists them: test_home_*",
    "accounts:login": "public",
    "accounts:logout": "POST only",
    "accounts:password_reset": "public",
    "accounts:password_reset_done": "public",
    "accounts:password_reset_confirm": "needs a signed token: accounts tests",
    "accounts:password_reset_complete": "public",
    "accounts:token_create": "POST, acts on one's own account: accounts tests",
    "accounts:token_revoke": "POST, own tokens only: accounts tests",
    "accounts:second_factor": "accounts tests",
    "accounts:second_factor_setup": "accounts tests",
    "accounts:second_factor_disable": "accounts tests",
    "api:api-root": "django-ninja's root, no data",
    "api:openapi-json": "public description of the API",
    "api:openapi-view": "public description of the API",
}


def param_id(value: object) -> str:
    """Stable test ids (sets print in random order, which breaks pytest-xdist)."""
    if isinstance(value, set | frozenset):
        return "+".join(sorted(value))
    return str(value)


def matrix() -> tuple[list[tuple[str, tuple[str, ...], set[str]]], dict[str, str]]:
    """The routes above and those of every app's tests/matrix.py (the TEST_ROUTES extension
    point), read when the tests are generated: the apps' matrices import this module."""
    routes = [
        _with_operator_b(route)
        for route in (*ROUTES, *(route for app in TEST_ROUTES.values() for route in app))
    ]
    unmatrixed = dict(UNMATRIXED)
    for app in TEST_UNMATRIXED.values():
        unmatrixed.update(app)
    return routes, unmatrixed


def _with_operator_b(
    route: tuple[str, tuple[str, ...], set[str]],
) -> tuple[str, tuple[str, ...], set[str]]:
    """Relais Centre's supervisor (« centre_operator ») holds the whole scheme bounded to its site
    Centre (ADR 0048): it reads exactly what Marc, the supervisor limited to Centre, reads, and
    gets 404 on everything of Les Prés, which Médiateurs Unis holds."""
    name, args, allowed = route
    if "centre_supervisor" in allowed:
        allowed = allowed | {"centre_operator"}
    return name, args, allowed


def _personas(cast: Cast) -> dict[str, User]:
    return {**cast.personas(), "centre_operator": second_operator(cast).supervisor}


API_ONLY = {"test_the_api_matrix_through_bearer_tokens"}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "allowed" in metafunc.fixturenames:
        routes, _unmatrixed = matrix()
        if metafunc.definition.name in API_ONLY:
            routes = [r for r in routes if r[0].startswith("api:")]
        metafunc.parametrize(("name", "args", "allowed"), routes, ids=param_id)


def _names(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            if pattern.namespace == "admin":
                continue  # Django's admin: platform administrators only, tested below
            yield from _names(pattern.url_patterns, namespace)
        elif pattern.name:
            yield f"{prefix}{pattern.name}"


def test_every_named_route_is_in_the_matrix():
    routes, unmatrixed = matrix()
    covered = {name.split("?")[0] for name, _args, _who in routes} | set(unmatrixed)
    missing = sorted(set(_names(get_resolver().url_patterns)) - covered)
    assert missing == [], f"add these routes to the persona matrix: {missing}"


def _url(name: str, args: tuple[str, ...]) -> str:
    name, _sep, query = name.partition("?")
    return reverse(name, args=args) + (f"?{query}" if query else "")


def test_the_matrix_through_the_session(cast, client, name, args, allowed):
    url = _url(name, args)
    for persona, user in _personas(cast).items():
        client.force_login(user)
        response = client.get(url)
        expected = 200 if persona in allowed else 404
        assert response.status_code == expected, f"{persona} on {url}"
        client.logout()


def test_the_api_matrix_through_bearer_tokens(cast, client, name, args, allowed):
    url = _url(name, args)
    for persona, user in _personas(cast).items():
        _token, raw = api_token_create(user=user, name="matrix")
        response = client.get(url, headers={"authorization": f"Bearer {raw}"})
        assert response.status_code == (200 if persona in allowed else 404), f"{persona} {url}"


def test_anonymous_visitors_are_sent_to_login_or_refused(cast, client, name, args, allowed):
    # The cast's scheme and objects exist: a visitor is sent away before anything is looked up.
    response = client.get(_url(name, args))
    if name.startswith("api:"):
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_home_sends_a_single_scheme_user_to_their_scheme(cast, client):
    client.force_login(cast.north_referent)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("territory:overview", args=["rivebourg"])


def test_home_lists_the_schemes_of_a_multi_scheme_user_and_nothing_else(cast, client):
    client.force_login(cast.admin)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert b"Rivebourg" in response.content
    assert b"Autreville" in response.content
    client.force_login(cast.nobody)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert b"Rivebourg" not in response.content
    assert b"Autreville" not in response.content


def test_the_scheme_list_api_shows_only_visible_schemes(cast, client):
    client.force_login(cast.other_partner)
    data = client.get(reverse("api:list_schemes")).json()
    assert data["count"] == 1
    assert [s["slug"] for s in data["items"]] == ["autreville"]


def test_only_platform_administrators_reach_the_django_admin(cast, client):
    for persona, user in cast.personas().items():
        client.force_login(user)
        response = client.get(reverse("admin:index"))
        if persona == "admin":
            assert response.status_code == 200
        else:
            assert response.status_code == 302, persona


def test_entrance_lists_filter_by_perimeter_in_page_and_api(cast, client):
    client.force_login(cast.south_referent)
    page = client.get(reverse("territory:entrances", args=["rivebourg"]))
    assert b"LS-1" in page.content
    assert b"HN-1" not in page.content
    api = client.get(reverse("api:list_entrances", args=["rivebourg"])).json()
    assert sorted(e["code"] for e in api["items"]) == ["LS-1", "LS-2"]
    geo = client.get(reverse("api:entrances_geojson", args=["rivebourg"])).json()
    assert sorted(f["properties"]["code"] for f in geo["features"]) == ["LS-1", "LS-2"]
    # Asking for another landlord's stock by filter gives nothing, not an error.
    filtered = client.get(
        reverse("api:list_entrances", args=["rivebourg"]), {"landlord": cast.north.pk}
    ).json()
    assert filtered == {"items": [], "count": 0}
