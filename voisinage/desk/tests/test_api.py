"""The desk's API: a landlord sends instructions from its own systems with its token and learns
the night each was scheduled for; supervisors record calls; creates are idempotent; bad input
answers 422 and writes nothing; response times for dashboards."""

from __future__ import annotations

import pytest
from django.urls import reverse

from voisinage.accounts.services import api_token_create
from voisinage.desk.models import Call, Instruction
from voisinage.desk.tests.conftest import TUESDAY, paris

pytestmark = pytest.mark.django_db

URL = "/api/v1/schemes/rivebourg/instructions"


def bearer(user) -> dict[str, str]:
    _token, raw = api_token_create(user=user, name="test")
    return {"authorization": f"Bearer {raw}"}


def payload(**extra):
    data = {
        "entrance_code": "HN-1",
        "nature": "controle-logement",
        "tenant_name": "M. Faivre",
        "dwelling": "21",
        "slot_start": "20:00",
        "slot_end": "22:00",
    }
    data.update(extra)
    return data


def test_the_route_is_where_the_issue_says(desk):
    assert reverse("api:create_instruction", args=["rivebourg"]) == URL


def test_a_landlord_sends_an_instruction_and_learns_its_night(desk, client, clock):
    clock.set(paris(TUESDAY, 16, 30))
    headers = bearer(desk.north_referent) | {"Idempotency-Key": "neolia-42"}
    response = client.post(URL, payload(), content_type="application/json", headers=headers)
    assert response.status_code == 201
    body = response.json()
    assert body["service_night"] == TUESDAY.isoformat()
    assert body["tenant"]["name"] == "M. Faivre"
    again = client.post(URL, payload(), content_type="application/json", headers=headers)
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    assert Instruction.objects.count() == 1
    clock.set(paris(TUESDAY, 17, 30))
    later = client.post(
        URL, payload(), content_type="application/json", headers=bearer(desk.north_referent)
    )
    assert later.json()["service_night"] == "2026-01-14"


def test_bad_input_answers_422_and_writes_nothing(desk, client, clock):
    headers = bearer(desk.north_referent)
    for bad in (
        payload(nature="nope"),
        payload(entrance_code="LS-1"),  # another landlord's entrance: not visible
        payload(entrance_code=""),
        payload(slot_start="25:00"),
    ):
        response = client.post(URL, bad, content_type="application/json", headers=headers)
        assert response.status_code == 422, bad
    assert not Instruction.objects.exists()


def test_a_landlord_cannot_send_for_another_and_the_city_sends_none(desk, client, clock):
    response = client.post(
        URL,
        payload(landlord_id=desk.north.pk),
        content_type="application/json",
        headers=bearer(desk.south_referent),
    )
    assert response.status_code == 422
    response = client.post(
        URL, payload(), content_type="application/json", headers=bearer(desk.city_officer)
    )
    assert response.status_code == 404
    assert not Instruction.objects.exists()


def test_a_supervisor_records_a_call_once(desk, client, clock):
    url = "/api/v1/schemes/rivebourg/calls"
    body = {
        "received_at": paris(TUESDAY, 21, 0).isoformat(),
        "nature": "bruit",
        "entrance_code": "HN-2",
        "caller_name": "Mme Lambert",
        "caller_phone": "06 11 22 33 44",
    }
    headers = bearer(desk.supervisor) | {"Idempotency-Key": "call-1"}
    first = client.post(url, body, content_type="application/json", headers=headers)
    second = client.post(url, body, content_type="application/json", headers=headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["night"] == TUESDAY.isoformat()
    refused = client.post(url, body, content_type="application/json", headers=bearer(desk.agent))
    assert refused.status_code == 404
    assert Call.objects.count() == 1
    listed = client.get(url, headers=bearer(desk.city_officer)).json()
    assert listed["count"] == 1
    assert listed["items"][0]["caller"] is None


def test_response_times_for_dashboards(desk, client):
    response = client.get(
        "/api/v1/schemes/rivebourg/response-times?start=2026-01-01&end=2026-01-31&period=month",
        headers=bearer(desk.city_officer),
    )
    assert response.status_code == 200
    assert response.json() == []
    bad = client.get(
        "/api/v1/schemes/rivebourg/response-times?start=2026-02-01&end=2026-01-01",
        headers=bearer(desk.city_officer),
    )
    assert bad.status_code == 422
