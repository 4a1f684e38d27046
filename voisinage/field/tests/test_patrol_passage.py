"""The one-tap passage: an intervention with origin patrol at the planned entrance, recorded once
whatever the double taps, retries and second phones; through the service, the page and the API."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from voisinage.field.models import Intervention, Origin, PatrolPlan, PatrolPlanEntry
from voisinage.field.patrols.calendar import current_night, month_label
from voisinage.field.patrols.services import patrol_passage_record
from voisinage.lib import clock
from voisinage.schemes.selectors import scheme_service_hours

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = [pytest.mark.time_sensitive, pytest.mark.usefixtures("english")]


@pytest.fixture
def tonight(cast):
    """This month's plan with tonight's passages at every Rivebourg entrance."""
    night = current_night(scheme_service_hours(cast.scheme))
    plan = PatrolPlan.objects.create(
        scheme=cast.scheme, month=night.replace(day=1), weekly_target=5, created_by=cast.supervisor
    )
    plan.neighbourhoods.set([cast.pres, cast.centre])
    cast.night = night
    cast.plan = plan
    cast.entries = {
        e.code: PatrolPlanEntry.objects.create(plan=plan, night=night, entrance=e)
        for e in [*cast.north_entrances, *cast.south_entrances]
    }
    return cast


def test_the_same_key_twice_records_one_passage(tonight):
    entry = tonight.entries["HN-1"]
    first, created = patrol_passage_record(entry=entry, author=tonight.agent, idempotency_key="k1")
    again, created_again = patrol_passage_record(
        entry=entry, author=tonight.agent, idempotency_key="k1"
    )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Intervention.objects.count() == 1
    assert first.origin == Origin.PATROL
    assert first.entrance_id == entry.entrance_id
    assert first.night == tonight.night
    assert first.source == entry
    assert first.landlord_id == tonight.north.pk


def test_an_entrance_already_patrolled_tonight_is_not_recorded_twice(tonight):
    entry = tonight.entries["LS-1"]
    first, _ = patrol_passage_record(entry=entry, author=tonight.agent, idempotency_key="phone-1")
    # A second agent taps the same entry on another phone.
    second, created = patrol_passage_record(
        entry=entry, author=tonight.supervisor, idempotency_key="phone-2"
    )
    assert not created
    assert second.pk == first.pk
    assert Intervention.objects.count() == 1


def test_a_key_used_for_another_entry_is_refused(tonight):
    patrol_passage_record(entry=tonight.entries["HN-1"], author=tonight.agent, idempotency_key="k")
    with pytest.raises(ValidationError, match="idempotency"):
        patrol_passage_record(
            entry=tonight.entries["HN-2"], author=tonight.agent, idempotency_key="k"
        )
    with pytest.raises(ValidationError):
        patrol_passage_record(
            entry=tonight.entries["HN-2"], author=tonight.agent, idempotency_key=""
        )
    assert Intervention.objects.count() == 1


def test_a_passage_belongs_to_its_night(tonight):
    entry = tonight.entries["HN-2"]
    with pytest.raises(ValidationError, match="night"):
        patrol_passage_record(
            entry=entry,
            author=tonight.agent,
            idempotency_key="late",
            at=clock.now() - timedelta(days=2),
        )
    with pytest.raises(ValidationError, match="future"):
        patrol_passage_record(
            entry=entry,
            author=tonight.agent,
            idempotency_key="early",
            at=clock.now() + timedelta(hours=1),
        )
    assert not Intervention.objects.exists()


def api_url(cast, code):
    entry = cast.entries[code]
    return reverse("api:patrol_passage", args=["rivebourg", month_label(cast.plan.month), entry.pk])


def test_the_api_returns_the_first_record_with_status_200_for_a_repeated_key(tonight, client):
    client.force_login(tonight.agent)
    url = api_url(tonight, "HN-3")
    first = client.post(url, {}, content_type="application/json", headers={"idempotency-key": "a1"})
    assert first.status_code == 201
    again = client.post(url, {}, content_type="application/json", headers={"idempotency-key": "a1"})
    assert again.status_code == 200
    assert again.json()["intervention_id"] == first.json()["intervention_id"]
    assert first.json()["origin"] == "patrol"
    assert first.json()["entry_id"] == tonight.entries["HN-3"].pk
    assert Intervention.objects.count() == 1
    # Another key on an entry already done: still the first record, no second row.
    other = client.post(url, {}, content_type="application/json", headers={"idempotency-key": "a2"})
    assert other.status_code == 200
    assert other.json()["intervention_id"] == first.json()["intervention_id"]
    assert Intervention.objects.count() == 1


def test_the_api_needs_a_key_and_a_time_in_the_night(tonight, client):
    client.force_login(tonight.agent)
    url = api_url(tonight, "LS-2")
    assert client.post(url, {}, content_type="application/json").status_code == 400
    late = (clock.now() - timedelta(days=3)).isoformat()
    response = client.post(
        url, {"at": late}, content_type="application/json", headers={"idempotency-key": "b"}
    )
    assert response.status_code == 422
    assert not Intervention.objects.exists()
    # The month in the address must be the entry's.
    wrong = reverse("api:patrol_passage", args=["rivebourg", "1999-01", tonight.entries["LS-2"].pk])
    response = client.post(
        wrong, {}, content_type="application/json", headers={"idempotency-key": "c"}
    )
    assert response.status_code == 404


def test_only_field_staff_of_the_perimeter_record_passages(tonight, client):
    for persona in ("north_referent", "city_officer", "pres_viewer", "other_partner", "nobody"):
        client.force_login(getattr(tonight, persona))
        response = client.post(
            api_url(tonight, "HN-1"),
            {},
            content_type="application/json",
            headers={"idempotency-key": f"x-{persona}"},
        )
        assert response.status_code == 404, persona
        page = client.post(
            reverse("field:patrol_passage", args=["rivebourg", tonight.entries["HN-1"].pk]),
            {"key": f"p-{persona}"},
        )
        assert page.status_code == 404, persona
    assert not Intervention.objects.exists()


def test_the_page_form_records_once_for_a_double_tap(tonight, client):
    client.force_login(tonight.agent)
    url = reverse("field:patrol_passage", args=["rivebourg", tonight.entries["HN-2"].pk])
    first = client.post(url, {"key": "tap-1"})
    second = client.post(url, {"key": "tap-1"})
    assert first.status_code == second.status_code == 302
    assert first["Location"].startswith(reverse("field:patrol_tonight", args=["rivebourg"]))
    assert Intervention.objects.count() == 1
    page = client.get(first["Location"])
    assert 'data-testid="done-HN-2"' in page.content.decode()
    assert 'data-testid="passage-HN-1"' in page.content.decode()


def test_the_page_answers_json_to_the_phone_script(tonight, client):
    client.force_login(tonight.agent)
    url = reverse("field:patrol_passage", args=["rivebourg", tonight.entries["LS-1"].pk])
    headers = {"accept": "application/json", "idempotency-key": "js-1"}
    first = client.post(url, {"key": "ignored-when-the-header-is-there"}, headers=headers)
    assert first.status_code == 201
    assert first.json()["created"] is True
    again = client.post(url, {}, headers=headers)
    assert again.status_code == 200
    assert again.json()["intervention"] == first.json()["intervention"]
    assert Intervention.objects.count() == 1
    refused = client.post(
        url,
        {"at": (clock.now() - timedelta(days=3)).isoformat()},
        headers={"accept": "application/json", "idempotency-key": "js-2"},
    )
    assert refused.status_code == 200  # already done tonight: the existing record answers
    bad = client.post(
        reverse("field:patrol_passage", args=["rivebourg", tonight.entries["LS-2"].pk]),
        {"at": (clock.now() - timedelta(days=3)).isoformat()},
        headers={"accept": "application/json", "idempotency-key": "js-3"},
    )
    assert bad.status_code == 422
    assert "detail" in bad.json()


def test_tonights_list_shows_buttons_to_field_staff_and_progress_to_everyone(tonight, client):
    patrol_passage_record(
        entry=tonight.entries["HN-1"], author=tonight.agent, idempotency_key="done"
    )
    client.force_login(tonight.agent)
    body = client.get(reverse("field:patrol_tonight", args=["rivebourg"])).content.decode()
    assert 'data-testid="done-HN-1"' in body
    assert 'data-testid="passage-LS-2"' in body
    client.force_login(tonight.north_referent)
    response = client.get(reverse("field:patrol_tonight", args=["rivebourg"]))
    body = response.content.decode()
    assert response.context["night_list"].total == 3  # Habitat Nord's entrances only
    assert "LS-1" not in body
    assert "data-passage" not in body  # a partner sees the round, never the buttons


def test_tonights_list_makes_a_fixed_number_of_queries(
    tonight, client, django_assert_max_num_queries
):
    client.force_login(tonight.agent)
    url = reverse("field:patrol_tonight", args=["rivebourg"])
    client.get(url)
    from voisinage.factories import EntranceFactory

    for i in range(20):
        entrance = EntranceFactory.create(
            neighbourhood=tonight.pres, landlord=tonight.north, code=f"HN-Z{i}"
        )
        entry = PatrolPlanEntry.objects.create(
            plan=tonight.plan, night=tonight.night, entrance=entrance
        )
        if i % 2:
            patrol_passage_record(entry=entry, author=tonight.agent, idempotency_key=f"z{i}")
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.context["night_list"].total == 25
    assert response.context["night_list"].done == 10
