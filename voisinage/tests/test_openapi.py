"""The OpenAPI description is exact: every component is a valid JSON Schema (2020-12, as
OpenAPI 3.1 says), local times are described as what they are (HH:MM, not an RFC 3339 time
with an offset), every operation documents its error answers, and a real answer of each kind
named by the audit validates against its schema, formats included."""

import jsonschema_rs
import pytest

from voisinage.accounts.services import api_token_create
from voisinage.desk.services import call_natures_ensure_defaults


@pytest.fixture
def spec(client, db):
    return client.get("/api/v1/openapi.json").json()


def test_every_component_is_a_valid_json_schema(spec):
    schemas = spec["components"]["schemas"]
    assert len(schemas) > 50
    for name, schema in schemas.items():
        assert jsonschema_rs.meta.is_valid(schema), name


def test_local_times_are_hh_mm_without_an_offset(spec):
    schemas = spec["components"]["schemas"]
    for name in ("InstructionOut", "InstructionIn"):
        slot = schemas[name]["properties"]["slot_start"]["anyOf"][0]
        assert "format" not in slot
        assert slot["pattern"].startswith("^([01][0-9]|2[0-3]):[0-5][0-9]")


def test_every_operation_documents_its_error_answers(spec):
    operations = [op for ops in spec["paths"].values() for op in ops.values()]
    assert len(operations) >= 51
    for operation in operations:
        assert {"400", "401", "404", "422"} <= set(operation["responses"]), operation["operationId"]


def test_an_instruction_with_a_slot_matches_its_schema(cast, client, spec):
    call_natures_ensure_defaults(scheme=cast.scheme)
    _token, raw = api_token_create(user=cast.north_referent, name="spec")
    headers = {"Authorization": f"Bearer {raw}"}
    made = client.post(
        "/api/v1/schemes/rivebourg/instructions",
        {"nature": "regroupement-hall", "entrance_code": "HN-1", "slot_start": "21:00"},
        content_type="application/json",
        headers=headers,
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["slot_start"] == "21:00"
    schema = spec["components"]["schemas"]["InstructionOut"]
    refs = {"$ref": "#/components/schemas/InstructionOut", "components": spec["components"]}
    validator = jsonschema_rs.validator_for(refs, validate_formats=True)
    assert validator.is_valid(body), list(validator.iter_errors(body))
    assert schema["properties"]["slot_end"]


def test_a_time_zone_on_a_slot_is_refused_in_french(cast, client):
    call_natures_ensure_defaults(scheme=cast.scheme)
    _token, raw = api_token_create(user=cast.north_referent, name="spec")
    response = client.post(
        "/api/v1/schemes/rivebourg/instructions",
        {"nature": "regroupement-hall", "entrance_code": "HN-1", "slot_start": "21:00+01:00"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == (
        "slot_start : Donnez une heure locale au format HH:MM, sans fuseau horaire."
    )
