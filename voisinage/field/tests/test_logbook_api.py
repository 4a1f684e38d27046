from datetime import UTC, datetime

import pytest

from voisinage.accounts.services import api_token_create
from voisinage.field.models import Intervention, InterventionChange

URL = "/api/v1/schemes/rivebourg/interventions"


def post(client, user, payload, key=None):
    _token, raw = api_token_create(user=user, name="t")
    headers = {"authorization": f"Bearer {raw}"}
    if key:
        headers["Idempotency-Key"] = key
    return client.post(URL, payload, content_type="application/json", headers=headers)


def payload(cast, **over):
    data = {
        # 23:30 UTC on Saturday 14 June 2025 = 01:30 Sunday in Paris: Saturday's night.
        "started_at": "2025-06-14T22:30:00Z",
        "entrance_id": cast.north_entrances[0].pk,
        "origin": "patrol",
        "situations": ["regroupement-hall"],
        "actions": ["dialogue", "rappel-regles"],
        "activities": ["presence"],
        "young_people": 4,
        "result": "resolved",
        "climate": "yellow",
        "narrative": "Groupe de jeunes dans le hall, dispersé après échange.",
    }
    data.update(over)
    return data


def test_an_agent_records_an_intervention_and_the_place_and_night_follow(codes, client):
    response = post(client, codes.agent, payload(codes))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["night"] == "2025-06-14"
    assert data["landlord"]["name"] == "Habitat Nord"
    assert data["neighbourhood"]["name"] == "Les Prés"
    assert data["agents"] == ["Yanis"]
    assert [s["code"] for s in data["situations"]] == ["regroupement-hall"]
    assert sorted(a["code"] for a in data["actions"]) == ["dialogue", "rappel-regles"]
    intervention = Intervention.objects.get()
    assert intervention.lat == codes.north_entrances[0].lat
    assert InterventionChange.objects.filter(intervention=intervention, action="created").exists()


def test_the_same_idempotency_key_twice_returns_the_first_record_and_never_a_second_row(
    codes, client
):
    first = post(client, codes.agent, payload(codes), key="phone-123")
    again = post(client, codes.agent, payload(codes, narrative="changed"), key="phone-123")
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["narrative"] == first.json()["narrative"]
    assert Intervention.objects.count() == 1


def test_a_key_reused_by_someone_else_is_refused(codes, client):
    post(client, codes.agent, payload(codes), key="shared-key")
    response = post(client, codes.supervisor, payload(codes), key="shared-key")
    assert response.status_code == 422
    assert Intervention.objects.count() == 1


@pytest.mark.parametrize(
    "over",
    [
        {"situations": ["n-existe-pas"]},
        {"actions": ["regroupement-hall"]},  # a situation code is not an action
        {"entrance_id": None},  # neither an entrance nor another place
        {"ended_at": "2025-06-14T22:00:00Z"},  # leaves before arriving
        {"started_at": "2025-06-14T22:30:00"},  # no time zone
        {"origin": "teleportation"},
        {"climate": "purple"},
        {"adults": -1},
    ],
)
def test_bad_input_is_refused_and_writes_nothing(codes, client, over):
    response = post(client, codes.agent, payload(codes, **over))
    assert response.status_code == 422, response.content
    assert Intervention.objects.count() == 0
    assert InterventionChange.objects.count() == 0


def test_another_place_needs_no_entrance_and_has_no_landlord(codes, client):
    response = post(
        client,
        codes.agent,
        payload(
            codes,
            entrance_id=None,
            other_place_kind="public_space",
            other_place_label="Parvis de la médiathèque",
            neighbourhood_id=codes.pres.pk,
            lat=47.221,
            lon=5.951,
        ),
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["landlord"] is None
    assert data["neighbourhood"]["name"] == "Les Prés"


def test_an_entrance_of_another_scheme_is_a_404(codes, client):
    response = post(client, codes.agent, payload(codes, entrance_id=codes.other_entrance.pk))
    assert response.status_code == 404
    assert Intervention.objects.count() == 0


def test_partners_cannot_record(codes, client):
    for user in (codes.city_officer, codes.north_referent, codes.other_partner):
        assert post(client, user, payload(codes)).status_code == 404
    assert Intervention.objects.count() == 0


def record_three(codes, client):
    post(client, codes.agent, payload(codes))
    post(
        client,
        codes.agent,
        payload(
            codes,
            entrance_id=codes.south_entrances[0].pk,
            sensitive=True,
            narrative="Nom d'un locataire",
        ),
    )
    post(
        client,
        codes.agent,
        payload(
            codes, entrance_id=None, other_place_kind="public_space", neighbourhood_id=codes.pres.pk
        ),
    )


def listed(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.json()


def test_each_persona_lists_its_own_perimeter(codes, client):
    record_three(codes, client)
    assert listed(client, codes.supervisor)["count"] == 3
    assert listed(client, codes.city_officer)["count"] == 3
    north = listed(client, codes.north_referent)
    assert [i["landlord"]["name"] for i in north["items"]] == ["Habitat Nord"]
    south = listed(client, codes.south_referent)
    assert [i["landlord"]["name"] for i in south["items"]] == ["Logis Sud"]
    # Quentin sees Les Prés: the Habitat Nord entrance and the public space there.
    assert listed(client, codes.pres_viewer)["count"] == 2
    client.force_login(codes.other_partner)
    assert client.get(URL).status_code == 404


def test_partners_never_read_a_sensitive_narrative(codes, client):
    record_three(codes, client)
    south = listed(client, codes.south_referent)["items"][0]
    assert south["sensitive"] is True
    assert south["narrative"] is None
    city = next(i for i in listed(client, codes.city_officer)["items"] if i["sensitive"])
    assert city["narrative"] is None
    staff = next(i for i in listed(client, codes.supervisor)["items"] if i["sensitive"])
    assert staff["narrative"] == "Nom d'un locataire"
    one = client.get(f"{URL}/{south['id']}")
    assert one.json()["narrative"] == "Nom d'un locataire"  # still the supervisor's session
    client.force_login(codes.south_referent)
    assert client.get(f"{URL}/{south['id']}").json()["narrative"] is None


def test_filters_narrow_the_list(codes, client):
    record_three(codes, client)
    assert listed(client, codes.supervisor, night="2025-06-14")["count"] == 3
    assert listed(client, codes.supervisor, night="2025-06-15")["count"] == 0
    assert listed(client, codes.supervisor, landlord=codes.south.pk)["count"] == 1
    assert listed(client, codes.supervisor, neighbourhood=codes.pres.pk)["count"] == 2
    assert listed(client, codes.supervisor, origin="phone_call")["count"] == 0
    assert listed(client, codes.supervisor, activity="presence")["count"] == 3
    assert listed(client, codes.supervisor, climate="yellow")["count"] == 3
    start = datetime(2025, 6, 14, 22, 0, tzinfo=UTC).isoformat()
    assert listed(client, codes.supervisor, **{"from": start})["count"] == 3


def test_the_list_costs_a_fixed_number_of_queries(codes, client, django_assert_max_num_queries):
    for _ in range(3):
        record_three(codes, client)
    client.force_login(codes.supervisor)
    with django_assert_max_num_queries(12):
        response = client.get(URL, {"limit": 50})
    assert response.json()["count"] == 9


def test_code_lists_are_offered_for_recording(codes, client):
    client.force_login(codes.agent)
    data = client.get("/api/v1/schemes/rivebourg/field-codes").json()
    assert len(data["activities"]) == 8
    assert {"code": "police-17", "label": "Police alertée (17)"} in data["actions"]
    assert [c["code"] for c in data["climates"]] == ["green", "yellow", "orange", "red"]


def test_recording_costs_a_small_fixed_number_of_queries(codes, django_assert_max_num_queries):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from voisinage.field.logbook.services import intervention_record
    from voisinage.field.models import FieldCode

    situations = list(FieldCode.objects.filter(scheme=codes.scheme, kind="behaviour")[:3])
    actions = list(FieldCode.objects.filter(scheme=codes.scheme, kind="action")[:3])
    with django_assert_max_num_queries(13):
        intervention_record(
            scheme=codes.scheme,
            author=codes.agent,
            origin="patrol",
            started_at=datetime(2025, 6, 14, 23, tzinfo=ZoneInfo("Europe/Paris")),
            entrance=codes.north_entrances[0],
            agent_ids=[codes.agent.pk],
            situation_ids=[c.pk for c in situations],
            action_ids=[c.pk for c in actions],
            idempotency_key="counted",
        )
    assert Intervention.objects.get().situations.count() == 3


def test_each_row_of_a_list_carries_its_own_agents_and_codes_in_the_lists_order(codes, client):
    post(client, codes.agent, payload(codes, agent_ids=[codes.supervisor.pk]))
    post(
        client,
        codes.agent,
        payload(
            codes,
            started_at="2025-06-14T21:00:00Z",
            situations=["porte-interphone", "bruit"],
            actions=["signalement-bailleur"],
            activities=[],
        ),
    )
    items = {i["started_at"][11:16]: i for i in listed(client, codes.supervisor)["items"]}
    late, early = items["22:30"], items["21:00"]
    assert late["agents"] == ["Sonia", "Yanis"]
    assert [s["code"] for s in late["situations"]] == ["regroupement-hall"]
    assert [a["code"] for a in late["activities"]] == ["presence"]
    assert early["agents"] == ["Yanis"]
    # Ordered by kind (behavioural, then material) and by position in their list.
    assert [s["code"] for s in early["situations"]] == ["bruit", "porte-interphone"]
    assert [a["code"] for a in early["actions"]] == ["signalement-bailleur"]
    assert early["activities"] == []


def test_recording_answers_from_the_objects_in_hand_in_few_statements(codes, client):
    """The answer is built from the record just written (no re-read after the commit) and is
    the same as reading it back. A phone that records again (its token just used) runs at most
    20 statements here, 18 outside the test's transaction (no savepoint to open and release)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _token, raw = api_token_create(user=codes.supervisor, name="t")
    headers = {"authorization": f"Bearer {raw}"}
    data = payload(codes, agent_ids=[codes.agent.pk], activities=["presence"])
    assert client.post(URL, data, content_type="application/json", headers=headers).status_code
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, data, content_type="application/json", headers=headers)
    assert response.status_code == 201, response.content
    statements = [q["sql"] for q in queries.captured_queries]
    assert len(statements) <= 20, "\n".join(statements)
    # The write ends with the commit (a savepoint's release inside the test's transaction).
    end = max(i for i, sql in enumerate(statements) if sql.startswith(("COMMIT", "RELEASE")))
    assert statements[end + 1 :] == []
    answer = response.json()
    assert answer["agents"] == sorted(answer["agents"])
    assert len(answer["agents"]) == 2
    read_back = client.get(f"{URL}/{answer['id']}", headers=headers)
    assert read_back.json() == answer


@pytest.mark.django_db(transaction=True)  # the request's transaction is the outermost one
def test_recording_through_the_api_costs_at_most_15_statements(
    codes, client, django_assert_max_num_queries
):
    """The whole request — token, scheme and grant, place, codes and, in the same query, the
    scheme's wording of the results and climate levels (a retired level is refused), the
    record, its lists and history, the answer — from the objects in hand, nothing read back
    after the commit. The count includes the transaction's BEGIN and COMMIT."""
    _token, raw = api_token_create(user=codes.agent, name="t")
    headers = {"authorization": f"Bearer {raw}"}

    def record(key, **over):
        return client.post(
            URL,
            payload(codes, **over),
            content_type="application/json",
            headers={**headers, "Idempotency-Key": key},
        )

    assert record("first", started_at="2025-06-13T22:30:00Z").status_code == 201  # token used
    with django_assert_max_num_queries(15) as counted:
        response = record("counted")
    assert counted.captured_queries[-1]["sql"] == "COMMIT"  # the transaction's are counted
    assert response.status_code == 201, response.content
    data = response.json()
    assert sorted(a["code"] for a in data["actions"]) == ["dialogue", "rappel-regles"]
    assert [a["code"] for a in data["activities"]] == ["presence"]
    assert data["landlord"]["name"] == "Habitat Nord"
    assert data["agents"] == ["Yanis"]
