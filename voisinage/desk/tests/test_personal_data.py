"""Callers' and tenants' names and phones: the operator's staff and the landlord concerned see
them, and every such view is logged; everyone else who sees the event sees it without the
person; those outside the perimeter get a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from voisinage.desk.models import PersonalDataView
from voisinage.desk.services import call_record, instruction_submit
from voisinage.desk.tests.conftest import TUESDAY, nature, paris
from voisinage.tests.test_persona_matrix import param_id

pytestmark = pytest.mark.django_db

SEE_THE_PERSON = {
    "supervisor",
    "agent",
    "operator_manager",
    "admin",
    "north_referent",
    "north_pres_referent",  # Habitat Nord's, in Les Prés: HN-1 is there
}
SEE_THE_EVENT_ONLY = {"city_officer", "pres_viewer"}  # Habitat Nord's HN-1 is in Les Prés
SEE_NOTHING = {
    "south_referent",
    "centre_supervisor",  # HN-1 is outside Centre
    "former_referent",
    "other_partner",
    "nobody",
}


@pytest.fixture
def records(desk):
    call, _created = call_record(
        scheme=desk.scheme,
        user=desk.supervisor,
        nature=nature(desk),
        received_at=paris(TUESDAY, 21, 0),
        entrance=desk.north_entrances[0],
        caller_name="Mme Lambert",
        caller_phone="06 11 22 33 44",
        caller_dwelling="12",
    )
    instruction, _created = instruction_submit(
        scheme=desk.scheme,
        user=desk.north_referent,
        landlord=desk.north,
        nature=nature(desk, "controle-logement"),
        entrance=desk.north_entrances[0],
        tenant_name="M. Faivre",
        tenant_phone="06 99 88 77 66",
        dwelling="21",
        at=paris(TUESDAY, 16, 30),
    )
    return desk, call, instruction


@pytest.mark.parametrize("route", ["desk:call", "api:get_call"], ids=param_id)
def test_who_sees_the_caller(records, client, route):
    cast, call, _instruction = records
    url = reverse(route, args=["rivebourg", call.pk])
    for persona, user in cast.personas().items():
        client.force_login(user)
        before = PersonalDataView.objects.filter(user=user, call=call).count()
        response = client.get(url)
        logged = PersonalDataView.objects.filter(user=user, call=call).count() - before
        if persona in SEE_NOTHING:
            assert response.status_code == 404, persona
            continue
        assert response.status_code == 200, persona
        shown = "06 11 22 33 44" in response.content.decode()
        assert shown == (persona in SEE_THE_PERSON), persona
        assert "Mme Lambert" in response.content.decode() or persona not in SEE_THE_PERSON
        assert logged == (1 if persona in SEE_THE_PERSON else 0), persona
        client.logout()


@pytest.mark.parametrize("route", ["desk:instruction", "api:get_instruction"], ids=param_id)
def test_who_sees_the_tenant(records, client, route):
    cast, _call, instruction = records
    url = reverse(route, args=["rivebourg", instruction.pk])
    for persona, user in cast.personas().items():
        client.force_login(user)
        response = client.get(url)
        if persona in SEE_NOTHING:
            assert response.status_code == 404, persona
            continue
        assert response.status_code == 200, persona
        assert ("M. Faivre" in response.content.decode()) == (persona in SEE_THE_PERSON), persona
        client.logout()
    logged = set(
        PersonalDataView.objects.filter(instruction=instruction).values_list(
            "user__username", flat=True
        )
    )
    assert logged == {cast.personas()[p].username for p in SEE_THE_PERSON}


def test_lists_never_show_the_person(records, client):
    cast, _call, _instruction = records
    client.force_login(cast.supervisor)
    for route in ("desk:calls", "desk:instructions", "desk:board", "api:list_calls"):
        content = client.get(reverse(route, args=["rivebourg"])).content.decode()
        assert "Mme Lambert" not in content, route
        assert "06 11 22 33 44" not in content, route
    assert not PersonalDataView.objects.exists()


def test_the_operator_manager_audits_the_views(records, client):
    cast, call, _instruction = records
    client.force_login(cast.north_referent)
    client.get(reverse("desk:call", args=["rivebourg", call.pk]))
    client.force_login(cast.operator_manager)
    response = client.get(reverse("desk:audit", args=["rivebourg"]))
    content = response.content.decode()
    assert response.status_code == 200
    assert cast.north_referent.username in content
    assert reverse("desk:call", args=["rivebourg", call.pk]) in content
    view = PersonalDataView.objects.get(user=cast.north_referent)
    assert view.call == call
    assert view.where == "desk:call"
    assert view.person == "Mme Lambert · 06 11 22 33 44"


def test_the_person_is_read_only_through_a_grant_that_reads_the_record(desk, client):
    """Someone who reads HN-3 (Centre) as the city's referent and also works for Habitat Nord
    in Les Prés: the Habitat Nord grant does not read HN-3, so the tenant stays hidden; Centre's
    supervisor reads it."""
    from voisinage.desk.access import sees_person
    from voisinage.factories import UserFactory, grant

    both = UserFactory.create(username="double")
    grant(both, desk.scheme, desk.city, "partner_referent")
    grant(both, desk.scheme, desk.north, "partner_viewer", "neighbourhoods", [desk.pres])
    instruction, _created = instruction_submit(
        scheme=desk.scheme,
        user=desk.north_referent,
        landlord=desk.north,
        nature=nature(desk, "controle-logement"),
        entrance=desk.north_entrances[2],
        tenant_name="Mme Centre",
        at=paris(TUESDAY, 16, 30),
    )
    assert not sees_person(both, instruction)
    assert sees_person(desk.centre_supervisor, instruction)
    assert sees_person(desk.north_referent, instruction)
    assert not sees_person(desk.north_pres_referent, instruction)
    client.force_login(both)
    page = client.get(reverse("desk:instruction", args=["rivebourg", instruction.pk]))
    assert page.status_code == 200
    assert "Mme Centre" not in page.content.decode()


def test_a_landlords_referent_opening_its_instruction_writes_an_entry(records, client):
    cast, _call, instruction = records
    client.force_login(cast.north_referent)
    client.get(reverse("desk:instruction", args=["rivebourg", instruction.pk]))
    client.get(reverse("api:get_instruction", args=["rivebourg", instruction.pk]))
    views = PersonalDataView.objects.filter(user=cast.north_referent, instruction=instruction)
    assert sorted(views.values_list("where", flat=True)) == [
        "api:get_instruction",
        "desk:instruction",
    ]
    assert {v.person for v in views} == {"M. Faivre · 06 99 88 77 66"}


def test_the_data_protection_contact_reads_the_log_filtered_by_person_and_by_user(records, client):
    from voisinage.factories import UserFactory, grant

    cast, call, instruction = records
    client.force_login(cast.supervisor)
    client.get(reverse("desk:call", args=["rivebourg", call.pk]))
    client.force_login(cast.north_referent)
    client.get(reverse("desk:instruction", args=["rivebourg", instruction.pk]))
    contact = UserFactory.create(username="dpo")
    grant(contact, cast.scheme, cast.scheme.operator, "data_protection_contact")
    client.force_login(contact)
    url = reverse("desk:audit", args=["rivebourg"])
    by_person = client.get(url, {"personne": "faivre"}).content.decode()
    assert "M. Faivre" in by_person
    assert "Mme Lambert" not in by_person
    by_user = client.get(url, {"utilisateur": cast.supervisor.username}).content.decode()
    assert "Mme Lambert" in by_user
    assert "M. Faivre" not in by_user
    # The supervisor sees callers but does not read the log.
    client.force_login(cast.supervisor)
    assert client.get(url).status_code == 404
