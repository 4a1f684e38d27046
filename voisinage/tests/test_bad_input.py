"""Bad input, one case per cause found by the security audit: each answers a clear French error
(422 from the API, 400 from a page), never a 500, and writes nothing.

The limits themselves live in ``voisinage.lib.bounds``; the API applies them through
``voisinage.apitypes`` and ``voisinage.apierrors``, the pages through ``voisinage.lib.params``.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from voisinage.accounts.services import api_token_create
from voisinage.field.models import Intervention

BIG = str(2**63)  # one past the largest bigint
API = "/api/v1/schemes/rivebourg"


@pytest.fixture
def api(cast) -> Client:
    """The supervisor's client, authenticated with a Bearer token."""
    _token, raw = api_token_create(user=cast.supervisor, name="bad input")
    return Client(headers={"authorization": f"Bearer {raw}"})


def french_422(response: Any, field: str) -> str:
    """The 422's message for ``field``, checked to be French and to name the field."""
    assert response.status_code == 422, response.content
    errors = response.json()["detail"]
    assert isinstance(errors, list), errors
    messages = [e["msg"] for e in errors if e["field"] == field]
    assert messages, errors
    message = messages[0]
    assert message.startswith(f"{field} : "), message
    for english in ("Input should", "Field required", "Value error", "valid integer"):
        assert english not in message
    return message


def paginated_paths(client: Client) -> list[str]:
    """Every list operation of the OpenAPI whose only path parameter is the scheme's slug."""
    spec = client.get("/api/v1/openapi.json").json()
    paths = []
    for path, operations in spec["paths"].items():
        get = operations.get("get", {})
        names = {p["name"] for p in get.get("parameters", [])}
        path_params = {p["name"] for p in get.get("parameters", []) if p["in"] == "path"}
        if {"limit", "offset"} <= names and path_params <= {"slug"}:
            paths.append(path.replace("{slug}", "rivebourg"))
    return paths


# --- 2⁶³ limits, offsets and ids ---------------------------------------------------------


def test_a_limit_or_offset_of_2_63_is_refused_in_french_on_every_list(api):
    paths = paginated_paths(api)
    assert len(paths) >= 12
    for path in paths:
        assert "plus petite ou égale à 500" in french_422(api.get(path, {"limit": BIG}), "limit")
        assert "1000000" in french_422(api.get(path, {"offset": BIG}), "offset")
        assert api.get(path, {"limit": 500, "offset": 1_000_000}).status_code == 200, path


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/entrances.geojson", "landlord"),
        ("/entrances", "neighbourhood"),
        ("/coverage", "neighbourhood"),
        ("/coverage.geojson", "neighbourhood"),
        ("/interventions", "landlord"),
        ("/reports", "category"),
    ],
)
def test_a_filter_id_of_2_63_is_refused_in_french(api, path, field):
    french_422(api.get(API + path, {field: BIG}), field)


def test_an_object_id_of_2_63_in_the_path_is_refused_in_french(api):
    french_422(api.get(f"{API}/interventions/{BIG}"), "intervention_id")
    french_422(api.get(f"{API}/reports/{BIG}"), "report_id")
    assert api.get(f"{API}/interventions/{2**63 - 1}").status_code == 404


# --- Dates at the edge of year 9999 and impossible dates --------------------------------------


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/reports.geojson", {"to": "9999-12-31"}, "to"),
        ("/review.pptx", {"to": "9999-12-31"}, "to"),
        ("/indicators", {"date": "9999-12-31"}, "date"),
        ("/ambiance", {"date": "9999-12-31"}, "date"),
        ("/calls", {"night": "9999-12-31"}, "night"),
        ("/meetings", {"to": "9999-12-31"}, "to"),
        ("/response-times", {"start": "2026-01-01", "end": "9999-12-31"}, "end"),
        ("/interventions", {"night": "0001-01-01"}, "night"),
    ],
)
def test_a_date_out_of_range_is_refused_in_french(api, path, query, field):
    message = french_422(api.get(API + path, query), field)
    assert "01/01/2000" in message
    assert "31/12/2099" in message


def test_an_impossible_date_is_refused_in_french_by_the_api(api):
    message = french_422(api.get(f"{API}/calls", {"night": "2026-02-30"}), "night")
    assert "AAAA-MM-JJ" in message


# --- Recording: started_at, NUL bytes, idempotency keys ----------------------------------------


def record(api: Client, key: str | None = None, **fields: Any) -> Any:
    body = {"started_at": "2026-03-01T22:30:00+01:00", "origin": "patrol", **fields}
    headers = {"Idempotency-Key": key} if key else {}
    return api.post(f"{API}/interventions", body, content_type="application/json", headers=headers)


@pytest.mark.parametrize("started_at", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"])
def test_a_started_at_in_year_1_or_9999_is_refused_and_nothing_is_recorded(api, started_at):
    french_422(record(api, started_at=started_at), "started_at")
    assert not Intervention.objects.exists()


def test_a_number_is_not_read_as_a_started_at_in_1970(api):
    message = french_422(record(api, started_at=1_700_000_000), "started_at")
    assert "ISO 8601" in message
    assert not Intervention.objects.exists()


def test_a_nul_byte_in_api_text_is_refused_and_nothing_is_recorded(api):
    response = record(api, narrative="Hall calme\x00", other_place_label="x")
    assert "caractères de contrôle" in french_422(response, "narrative")
    assert not Intervention.objects.exists()


def test_a_nul_byte_in_a_query_string_is_refused(api):
    assert "caractères de contrôle" in french_422(api.get(f"{API}/entrances?q=a%00b"), "q")


def test_an_idempotency_key_over_80_characters_is_refused_not_cut(api):
    response = record(api, key="k" * 81)
    message = french_422(response, "Idempotency-Key")
    assert "81" in message
    assert not Intervention.objects.exists()


# --- French errors: missing fields, unreadable bodies, 401, 404, 405 ---------------------------


def test_a_missing_field_is_named_in_french(api):
    response = api.post(f"{API}/interventions", {}, content_type="application/json")
    assert french_422(response, "started_at") == "started_at : Ce champ est obligatoire."


def test_an_unreadable_body_is_answered_in_french(api):
    response = api.post(f"{API}/interventions", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Le corps de la requête n’est pas du JSON valide."}


def test_401_404_and_405_are_answered_in_french(api, client):
    assert client.get(f"{API}/entrances").json()["detail"].startswith("Authentification requise")
    assert api.get("/api/v1/schemes/nowhere").json() == {"detail": "Introuvable."}
    response = api.delete(f"{API}/entrances")
    assert response.status_code == 405
    assert response.json()["detail"].startswith("La méthode DELETE n’est pas permise ici")


# --- Pages: impossible and out-of-range dates, huge ids -----------------------------------------


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/dispositifs/rivebourg/appels/?nuit=2026-02-30", "nuit"),
        ("/dispositifs/rivebourg/consignes/?nuit=2026-02-30", "nuit"),
        ("/dispositifs/rivebourg/delais/?du=2026-02-30", "du"),
        ("/dispositifs/rivebourg/delais/?au=9999-12-31", "au"),
        ("/dispositifs/rivebourg/entrees/?landlord=" + BIG, "landlord"),
    ],
)
def test_a_page_answers_a_wrong_parameter_with_a_french_400(cast, client, url, name):
    client.force_login(cast.supervisor)
    response = client.get(url)
    assert response.status_code == 400
    text = response.content.decode()
    assert f"Le paramètre « {name} »" in text
    assert "Traceback" not in text
