"""The server side of the phone app: the perimeter's entrances for offline search, completing a
pending intervention (version check, idempotent replays), "on site" from the phone, "Ce soir pour
moi", which pages the phone may keep, the service worker and the manifest, logout."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from voisinage.desk.models import Call, CallStatus, CallStatusChange
from voisinage.desk.services import call_dispatch, call_natures_ensure_defaults, call_record
from voisinage.desk.tests.conftest import nature
from voisinage.factories import EntranceFactory
from voisinage.field.models import Intervention, InterventionChange, InterventionStatus
from voisinage.field.phone.offline import HEADER
from voisinage.lib import clock

pytestmark = pytest.mark.django_db


def dispatched_call(cast, *, to=None) -> Call:
    call_natures_ensure_defaults(scheme=cast.scheme)
    call, _ = call_record(
        scheme=cast.scheme,
        user=cast.supervisor,
        nature=nature(cast),
        entrance=cast.north_entrances[0],
        received_at=clock.now() - timedelta(minutes=10),
    )
    return call_dispatch(
        call=call, user=cast.supervisor, team_label="A", agent_ids=[(to or cast.agent).pk]
    )


def completion(cast, version: int, **over):
    body = {
        "started_at": clock.now().isoformat(),
        "ended_at": (clock.now() + timedelta(minutes=20)).isoformat(),
        "origin": "phone_call",
        "entrance_code": "HN-1",
        "situations": ["regroupement-hall"],
        "actions": ["dialogue"],
        "result": "resolved",
        "climate": "yellow",
        "narrative": "Groupe dispersé après dialogue.",
        "version": version,
    }
    return {**body, **over}


def put(client, intervention_id: int, body: dict, key: str = "k-1"):
    return client.put(
        reverse("api:update_intervention", args=["rivebourg", intervention_id]),
        json.dumps(body),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


# --- Entrances for offline search ----------------------------------------------------------


def test_the_phone_gets_the_perimeter_s_entrances_compact_and_in_pages(cast, client):
    url = reverse("api:offline_entrances", args=["rivebourg"])
    client.force_login(cast.agent)
    first = client.get(url, {"limit": 3}).json()
    assert first["columns"][:3] == ["id", "code", "address"]
    assert [row[1] for row in first["rows"]] == ["HN-1", "HN-2", "HN-3"]
    assert first["next_after"] == first["rows"][-1][0]
    rest = client.get(url, {"limit": 3, "after": first["next_after"]}).json()
    assert [row[1] for row in rest["rows"]] == ["LS-1", "LS-2"]
    assert rest["next_after"] is None
    landlord_id = str(first["rows"][0][4])
    assert first["landlords"][landlord_id] == "Habitat Nord"
    # Another scheme's entrance never comes.
    assert "AU-1" not in {row[1] for row in first["rows"] + rest["rows"]}


def test_a_landlord_s_referent_gets_only_its_own_entrances(cast, client):
    client.force_login(cast.north_referent)
    rows = client.get(reverse("api:offline_entrances", args=["rivebourg"])).json()["rows"]
    assert sorted(row[1] for row in rows) == ["HN-1", "HN-2", "HN-3"]


def test_the_download_costs_the_same_queries_whatever_the_number_of_entrances(cast, client):
    url = reverse("api:offline_entrances", args=["rivebourg"])
    client.force_login(cast.agent)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(30):
        EntranceFactory.create(neighbourhood=cast.pres, landlord=cast.north, code=f"X-{n}")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url).json()["rows"]) == 35
    assert len(many) == len(few)


# --- Completing a pending intervention -----------------------------------------------------


def test_the_agent_completes_the_dispatched_call_s_intervention_once(codes, client):
    call = dispatched_call(codes)
    pending = call.intervention
    assert pending is not None
    client.force_login(codes.agent)
    answer = put(client, pending.pk, completion(codes, pending.version))
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "recorded"
    # The phone lost the answer and sends it again: the same answer, no second change.
    again = put(client, pending.pk, completion(codes, pending.version))
    assert again.status_code == 200
    assert again.json()["version"] == answer.json()["version"] == pending.version + 1
    assert Intervention.objects.count() == 1
    done = Intervention.objects.get()
    assert done.status == InterventionStatus.RECORDED
    assert done.climate == "yellow"
    assert InterventionChange.objects.filter(intervention=done, action="edited").count() == 1
    assert Call.objects.get(pk=call.pk).intervention_id == done.pk


def test_a_change_made_meanwhile_answers_409_with_the_saved_version(codes, client):
    pending = dispatched_call(codes).intervention
    assert pending is not None
    client.force_login(codes.supervisor)
    saved = put(client, pending.pk, completion(codes, 1, climate="red"), key="sup")
    assert saved.status_code == 200
    client.force_login(codes.agent)
    answer = put(client, pending.pk, completion(codes, 1), key="agent")
    assert answer.status_code == 409
    body = answer.json()
    assert "entre-temps" in body["detail"]
    assert body["current"]["climate"] == "red"
    assert body["current"]["version"] == 2
    # Keeping mine: sent again from the saved version.
    assert put(client, pending.pk, completion(codes, 2), key="agent-2").status_code == 200
    assert Intervention.objects.get().climate == "yellow"


def test_a_bad_completion_is_refused_in_french_and_changes_nothing(codes, client):
    pending = dispatched_call(codes).intervention
    assert pending is not None
    client.force_login(codes.agent)
    late = (clock.now() - timedelta(hours=1)).isoformat()
    answer = put(client, pending.pk, completion(codes, 1, ended_at=late))
    assert answer.status_code == 422
    assert "départ" in answer.json()["detail"]
    fresh = Intervention.objects.get()
    assert (fresh.status, fresh.version) == (InterventionStatus.PENDING, 1)
    assert not InterventionChange.objects.filter(action="edited").exists()


def test_partners_cannot_complete_an_intervention(codes, client):
    pending = dispatched_call(codes).intervention
    assert pending is not None
    client.force_login(codes.north_referent)
    assert put(client, pending.pk, completion(codes, 1)).status_code == 404
    assert Intervention.objects.get().status == InterventionStatus.PENDING


# --- On site from the phone ------------------------------------------------------------------


def test_opening_the_call_puts_the_team_on_site_once(codes, client):
    call = dispatched_call(codes)
    url = reverse("api:call_on_site_api", args=["rivebourg", call.pk])
    client.force_login(codes.agent)
    at = clock.now().isoformat()
    for _ in range(2):
        answer = client.post(url, json.dumps({"at": at}), content_type="application/json")
        assert answer.status_code == 200
        assert answer.json()["status"] == "on_site"
    assert CallStatusChange.objects.filter(call=call, status=CallStatus.ON_SITE).count() == 1


def test_a_call_not_dispatched_cannot_be_on_site_and_partners_get_404(codes, client):
    call_natures_ensure_defaults(scheme=codes.scheme)
    call, _ = call_record(
        scheme=codes.scheme,
        user=codes.supervisor,
        nature=nature(codes),
        entrance=codes.north_entrances[0],
    )
    url = reverse("api:call_on_site_api", args=["rivebourg", call.pk])
    client.force_login(codes.agent)
    answer = client.post(url, "{}", content_type="application/json")
    assert answer.status_code == 422
    assert "ne peut pas passer" in answer.json()["detail"]
    client.force_login(codes.north_referent)
    assert client.post(url, "{}", content_type="application/json").status_code == 404
    assert Call.objects.get().status == CallStatus.RECEIVED


# --- Ce soir pour moi ------------------------------------------------------------------------


def test_tonight_lists_the_calls_dispatched_to_me_only(codes, client, clock):
    # A night with service (a Tuesday evening): the page is about the night it is.
    clock.set(datetime(2026, 3, 10, 22, 30, tzinfo=ZoneInfo("Europe/Paris")))
    mine = dispatched_call(codes)
    dispatched_call(codes, to=codes.supervisor)
    client.force_login(codes.agent)
    page = client.get(reverse("field:my_tonight", args=["rivebourg"]))
    assert page.status_code == 200
    items = page.context["sections"]["call"]
    assert len(items) == 1
    url = items[0].url
    assert f"intervention={mine.intervention_id}" in url
    assert "arrivee=" in url
    assert f"%2Fcalls%2F{mine.pk}%2Fon-site" in url
    # Completed, it leaves the list.
    put(client, mine.intervention_id, completion(codes, 1))
    page = client.get(reverse("field:my_tonight", args=["rivebourg"]))
    assert "call" not in page.context["sections"]


def test_an_agent_s_home_is_tonight(cast, client):
    client.force_login(cast.agent)
    assert client.get(reverse("home")).url == reverse("field:my_tonight", args=["rivebourg"])
    client.force_login(cast.supervisor)
    assert client.get(reverse("home")).url == reverse("territory:overview", args=["rivebourg"])


# --- What the phone may keep -----------------------------------------------------------------


def test_only_the_agent_s_pages_may_be_kept_on_the_phone(codes, client):
    client.force_login(codes.agent)
    for name in ("field:record", "field:my_tonight", "field:logbook", "field:outbox"):
        response = client.get(reverse(name, args=["rivebourg"]))
        assert response[HEADER] == str(codes.agent.pk), name
    assert HEADER not in client.get(reverse("schemes:about", args=["rivebourg"]))
    assert HEADER not in client.get(reverse("reports:list", args=["rivebourg"]))
    # An edit page is never kept (it would hold a stale version).
    pending = dispatched_call(codes).intervention
    assert pending is not None
    assert HEADER not in client.get(reverse("field:edit", args=["rivebourg", pending.pk]))


def test_the_service_worker_is_served_from_the_root_with_its_shell(client):
    response = client.get(reverse("service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    assert '"/static/js/record.js"' in body
    assert "/*SHELL*/" not in body
    assert "/*OFFLINE*/" not in body
    assert "Hors ligne" in body


def test_the_manifest_opens_the_home_full_screen(client):
    data = client.get(reverse("manifest")).json()
    assert data["start_url"] == "/"
    assert data["display"] == "standalone"
    assert data["icons"][0]["src"].endswith(".svg")


def test_logging_out_tells_the_browser_to_delete_the_site_s_data(cast, client):
    client.force_login(cast.agent)
    response = client.post(reverse("accounts:logout"))
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_tonight_gathers_instructions_patrol_and_courtesy_visits_of_my_perimeter(
    codes, client, clock
):
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from voisinage.desk.services import instruction_dispatch, instruction_submit
    from voisinage.field.courtesy.services import courtesy_campaign_create, courtesy_visit_add
    from voisinage.field.patrols.services import patrol_plan_create

    clock.set(datetime(2026, 3, 10, 14, 0, tzinfo=ZoneInfo("Europe/Paris")))  # a Tuesday
    call_natures_ensure_defaults(scheme=codes.scheme)
    instruction, _ = instruction_submit(
        scheme=codes.scheme,
        user=codes.north_referent,
        landlord=codes.north,
        nature=nature(codes),
        entrance=codes.north_entrances[2],
        details="Passer voir le hall après 21 h.",
    )
    instruction_dispatch(
        instruction=instruction, user=codes.supervisor, team_label="A", agent_ids=[codes.agent.pk]
    )
    plan = patrol_plan_create(
        scheme=codes.scheme,
        month=date(2026, 3, 1),
        neighbourhood_ids=[codes.pres.pk, codes.centre.pk],
        weekly_target=3,
        created_by=codes.supervisor,
        today=date(2026, 2, 20),
    )
    campaign = courtesy_campaign_create(
        scheme=codes.scheme,
        landlord=codes.south,
        name="Rappel des règles d'été",
        starts_on=date(2026, 3, 1),
        created_by=codes.supervisor,
    )
    courtesy_visit_add(campaign=campaign, entrance_code="LS-1", dwelling="12")

    client.force_login(codes.agent)
    sections = client.get(reverse("field:my_tonight", args=["rivebourg"])).context["sections"]
    assert list(sections) == ["instruction", "patrol", "courtesy"]
    (item,) = sections["instruction"]
    assert item.place.startswith("HN-3")
    assert "Passer voir le hall" in item.detail
    assert f"intervention={Intervention.objects.get().pk}" in item.url
    tonight = set(
        plan.entries.filter(night=date(2026, 3, 10)).values_list("entrance__code", flat=True)
    )
    assert {i.title for i in sections["patrol"]} == tonight
    assert all("origine=patrol" in i.url for i in sections["patrol"])
    assert sections["courtesy"][0].detail == "1 logement à visiter"

    # The referent of the north landlord records nothing: no "tonight" page for them.
    client.force_login(codes.north_referent)
    assert client.get(reverse("field:my_tonight", args=["rivebourg"])).status_code == 404


def test_tonight_says_when_the_night_has_no_service(codes, client, clock):
    """On an evening without service the page looked like any other night's."""
    from datetime import date, datetime, time
    from zoneinfo import ZoneInfo

    from django.utils import translation

    from voisinage.schemes.selectors import scheme_service_hours

    hours = scheme_service_hours(codes.scheme)
    days = [date(2026, 1, 12) + timedelta(days=i) for i in range(14)]
    served = next(d for d in days if hours.shift_for(d) is not None)
    off = next(d for d in days if hours.shift_for(d) is None)
    url = reverse("field:my_tonight", args=["rivebourg"])
    with translation.override("fr"):
        clock.set(datetime.combine(off, time(15), tzinfo=ZoneInfo("Europe/Paris")))
        client.force_login(codes.agent)
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200, response
        page = response.content.decode()
        assert '<span data-testid="no-service">pas de service</span>' in page
        clock.set(datetime.combine(served, time(15), tzinfo=ZoneInfo("Europe/Paris")))
        assert 'data-testid="no-service"' not in client.get(url).content.decode()
