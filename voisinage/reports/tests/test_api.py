"""The reports API: idempotent create, merge_duplicates, list with filters (paginated, no query
per row), one report with its history, the recipient's answer, GeoJSON; perimeter-scoped."""

from datetime import timedelta

import pytest

from voisinage.lib import clock
from voisinage.reports.models import Report
from voisinage.reports.tests.helpers import make_report

URL = "/api/v1/schemes/rivebourg/reports"


def post(client, body, key=None):
    headers = (
        {"Idempotency-Key": key, "Accept-Language": "en"} if key else {"Accept-Language": "en"}
    )
    return client.post(URL, body, content_type="application/json", headers=headers)


LIFT = {"category": "ascenseur", "description": "Ascenseur bloqué au 3e", "entrance_code": "HN-1"}


def test_create_is_idempotent(cast, reporting, client):
    client.force_login(cast.agent)
    first = post(client, LIFT, key="phone-1")
    assert first.status_code == 201
    again = post(client, LIFT, key="phone-1")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Report.objects.count() == 1
    data = first.json()
    assert data["recipient"]["name"] == "Habitat Nord"
    assert data["occurrences"] == 1
    assert data["merged"] is False


def test_merge_duplicates_returns_the_report_merged_into_with_its_occurrences(
    cast, reporting, client
):
    client.force_login(cast.agent)
    first = post(client, LIFT).json()
    proposed = post(client, {**LIFT, "description": "Encore bloqué"})
    assert proposed.status_code == 201
    assert proposed.json()["duplicates"] == [first["id"]]
    merged = post(client, {**LIFT, "merge_duplicates": True, "description": "Toujours"})
    assert merged.status_code == 200
    body = merged.json()
    # Merged into the best candidate: same entrance, then nearest, then the most recent.
    assert (body["id"], body["merged"], body["occurrences"]) == (proposed.json()["id"], True, 2)
    assert Report.objects.count() == 2
    # The phone retries the merged create: the same answer, nothing added.
    key = {**LIFT, "merge_duplicates": True, "description": "Retry"}
    once = post(client, key, key="phone-merge").json()
    again = post(client, key, key="phone-merge")
    assert again.status_code == 200
    assert (again.json()["id"], again.json()["merged"]) == (once["id"], True)
    assert again.json()["occurrences"] == once["occurrences"] == 3


def test_bad_input_gets_a_clear_error_and_changes_nothing(cast, reporting, client, english):
    client.force_login(cast.agent)
    for body, message in [
        ({**LIFT, "category": "inconnue"}, "Unknown category"),
        ({**LIFT, "entrance_code": "ZZ-9"}, "No entrance"),
        ({"category": "ascenseur", "description": "x"}, "Choose an entrance"),
        ({**LIFT, "description": "   "}, "Describe"),
    ]:
        response = post(client, body)
        assert response.status_code == 422, body
        assert message in response.json()["detail"], body
    assert Report.objects.count() == 0


def test_partners_cannot_create(cast, reporting, client):
    client.force_login(cast.north_referent)
    assert post(client, LIFT).status_code == 404


def test_the_list_filters_paginates_and_respects_the_perimeter(
    cast, reporting, client, django_assert_max_num_queries
):
    for entrance in cast.north_entrances + cast.south_entrances:
        make_report(cast, reporting, "ascenseur", entrance=entrance)
    make_report(cast, reporting, "encombrants", place_label="Rue du Stade")
    client.force_login(cast.supervisor)
    # Session, user, grants (2), scheme, count, page: the same for 3 rows or 300.
    with django_assert_max_num_queries(8):
        data = client.get(URL, {"limit": 3}).json()
    assert data["count"] == 6
    assert len(data["items"]) == 3
    assert client.get(URL, {"recipient": cast.south.pk}).json()["count"] == 2
    assert client.get(URL, {"status": "to_route"}).json()["count"] == 0
    cats = client.get(URL, {"category": reporting.categories["encombrants"].pk}).json()
    assert [i["category"] for i in cats["items"]] == ["encombrants"]
    client.force_login(cast.north_referent)
    north = client.get(URL).json()
    assert {i["landlord"]["name"] for i in north["items"] if i["landlord"]} == {"Habitat Nord"}
    assert north["count"] == 3


def test_one_report_with_its_history_and_the_answer(cast, reporting, client):
    report = make_report(cast, reporting, "ascenseur", entrance=cast.north_entrances[0]).report
    client.force_login(cast.north_referent)
    url = f"{URL}/{report.pk}"
    data = client.get(url).json()
    assert [e["kind"] for e in data["history"]] == ["created", "routed"]
    assert data["occurrence_list"][0]["author"]
    soon = clock.today() + timedelta(days=20)  # planned dates are within a year
    answered = client.post(
        f"{url}/answer",
        {"answer": "planned", "planned_for": soon.isoformat(), "comment": "Technicien lundi"},
        content_type="application/json",
    )
    assert answered.status_code == 200
    assert answered.json()["status"] == "planned"
    assert answered.json()["history"][-1]["kind"] == "planned"
    client.force_login(cast.south_referent)
    assert client.get(url).status_code == 404
    client.force_login(cast.city_officer)
    refused = client.post(f"{url}/answer", {"answer": "done"}, content_type="application/json")
    # Forbidden answers as missing (ADR 0005), and nothing changes.
    assert refused.status_code == 404
    assert client.get(url).json()["status"] == "planned"


@pytest.mark.parametrize("persona", ["north_referent", "south_referent", "supervisor"])
def test_the_geojson_follows_the_perimeter(cast, reporting, client, persona):
    make_report(cast, reporting, "ascenseur", entrance=cast.north_entrances[0])
    make_report(cast, reporting, "ascenseur", entrance=cast.south_entrances[0])
    client.force_login(getattr(cast, persona))
    features = client.get(f"{URL}.geojson").json()["features"]
    expected = {"north_referent": 1, "south_referent": 1, "supervisor": 2}[persona]
    assert len(features) == expected
