"""The persona matrix for the patrol routes that need a plan (see matrix_patrols.py for the
others): every Rivebourg member reads plans and coverage, only its perimeter's entries; only
supervisors change plans; only field staff record passages; Autreville and strangers get 404."""

import pytest
from django.urls import reverse

from voisinage.accounts.services import api_token_create
from voisinage.field.models import Intervention, PatrolPlan, PatrolPlanEntry
from voisinage.field.patrols.calendar import current_night, month_label
from voisinage.schemes.selectors import scheme_service_hours
from voisinage.tests.test_persona_matrix import RIVEBOURG

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = pytest.mark.time_sensitive

FIELD_STAFF = {"supervisor", "agent", "operator_manager", "admin"}
SUPERVISORS = {"supervisor", "operator_manager", "admin"}


@pytest.fixture
def planned(cast):
    night = current_night(scheme_service_hours(cast.scheme))
    plan = PatrolPlan.objects.create(
        scheme=cast.scheme, month=night.replace(day=1), weekly_target=5, created_by=cast.supervisor
    )
    plan.neighbourhoods.set([cast.pres, cast.centre])
    cast.plan = plan
    cast.month = month_label(plan.month)
    cast.entries = {
        e.code: PatrolPlanEntry.objects.create(plan=plan, night=night, entrance=e)
        for e in [*cast.north_entrances, *cast.south_entrances]
    }
    return cast


def test_every_member_reads_the_plan_page_and_no_one_else(planned, client):
    url = reverse("field:patrol_plan", args=["rivebourg", planned.month])
    for persona, user in planned.personas().items():
        client.force_login(user)
        assert client.get(url).status_code == (200 if persona in RIVEBOURG else 404), persona
    client.logout()
    assert client.get(url).status_code == 302
    # A month without a plan, or a malformed one, is missing.
    client.force_login(planned.supervisor)
    assert (
        client.get(reverse("field:patrol_plan", args=["rivebourg", "1999-01"])).status_code == 404
    )
    assert (
        client.get(reverse("field:patrol_plan", args=["rivebourg", "2026-13"])).status_code == 404
    )


def test_every_member_reads_the_plan_through_the_api_with_a_token(planned, client):
    url = reverse("api:patrol_plan", args=["rivebourg", planned.month])
    for persona, user in planned.personas().items():
        _token, raw = api_token_create(user=user, name="matrix")
        response = client.get(url, headers={"authorization": f"Bearer {raw}"})
        assert response.status_code == (200 if persona in RIVEBOURG else 404), persona
    assert client.get(url).status_code == 401


def test_the_plan_shows_each_persona_its_perimeter_only(planned, client):
    expected = {
        "supervisor": {"HN-1", "HN-2", "HN-3", "LS-1", "LS-2"},
        "city_officer": {"HN-1", "HN-2", "HN-3", "LS-1", "LS-2"},
        "north_referent": {"HN-1", "HN-2", "HN-3"},
        "south_referent": {"LS-1", "LS-2"},
        "pres_viewer": {"HN-1", "HN-2"},
    }
    for persona, codes in expected.items():
        client.force_login(getattr(planned, persona))
        data = client.get(reverse("api:patrol_plan", args=["rivebourg", planned.month])).json()
        assert {e["entrance"]["code"] for e in data["entries"]} == codes, persona
        listed = client.get(reverse("api:patrol_plans", args=["rivebourg"])).json()
        assert listed["items"][0]["entry_count"] == len(codes), persona
        page = client.get(reverse("field:patrol_plan", args=["rivebourg", planned.month]))
        shown = {s.entry.entrance.code for nl in page.context["lists"] for s in nl.stops}
        assert shown == codes, persona


def test_only_supervisors_change_a_plan(planned, client):
    url = reverse("field:patrol_plan_edit", args=["rivebourg", planned.month])
    for persona, user in planned.personas().items():
        client.force_login(user)
        planned.plan.refresh_from_db()
        response = client.post(
            url, {"action": "publish" if persona != "admin" else "reopen", "version": 0}
        )
        # Supervisors get the page back (here with a stale-version message); others 404.
        assert response.status_code == (302 if persona in SUPERVISORS else 404), persona
    planned.plan.refresh_from_db()
    assert planned.plan.version == 1
    client.force_login(planned.agent)
    assert client.get(reverse("field:patrol_plan_new", args=["rivebourg"])).status_code == 404
    assert client.get(url).status_code == 405  # POST only


def test_only_field_staff_record_passages_in_the_page_and_the_api(planned, client):
    entry = planned.entries["HN-1"]
    page = reverse("field:patrol_passage", args=["rivebourg", entry.pk])
    api = reverse("api:patrol_passage", args=["rivebourg", planned.month, entry.pk])
    for persona, user in planned.personas().items():
        client.force_login(user)
        response = client.post(page, {"key": f"page-{persona}"})
        assert response.status_code == (302 if persona in FIELD_STAFF else 404), persona
        _token, raw = api_token_create(user=user, name="matrix")
        response = client.post(
            api,
            {},
            content_type="application/json",
            headers={"authorization": f"Bearer {raw}", "idempotency-key": f"api-{persona}"},
        )
        assert response.status_code in ((200, 201) if persona in FIELD_STAFF else (404,)), persona
    # One passage for the entry, whoever tapped and however many times.
    assert Intervention.objects.count() == 1
    client.logout()
    assert client.post(page, {"key": "anon"}).status_code == 302
    assert client.post(api, {}, content_type="application/json").status_code == 401
