"""What the supervisor meets on the call page and form: no team is dispatched by default, an
emergency alert needs a second tap, and the entrance is found by its address as well as its
code."""

from __future__ import annotations

import pytest
from django.urls import reverse

from voisinage.desk.models import Call, CallStatus, EmergencyAlert, Instruction
from voisinage.desk.tests.conftest import TUESDAY, nature, paris
from voisinage.desk.tests.test_access import new_call

pytestmark = pytest.mark.django_db


def _action(client, call, action, data=None):
    return client.post(reverse("desk:call_action", args=["rivebourg", call.pk, action]), data)


def test_dispatch_starts_with_choose_and_an_empty_choice_dispatches_nobody(desk, client, clock):
    call = new_call(desk)
    client.force_login(desk.supervisor)
    page = client.get(reverse("desk:call", args=["rivebourg", call.pk])).content.decode()
    select = page.split('name="team"')[1].split("</select>")[0]
    first = select.split("<option")[1]
    assert 'value=""' in first
    assert "Choisir…" in first
    assert all("selected" not in option for option in select.split("<option")[2:])
    response = _action(client, call, "dispatch", {"team": ""})
    assert response.status_code == 302
    assert Call.objects.get(pk=call.pk).status == CallStatus.RECEIVED
    response = _action(client, call, "dispatch", {"team": "team:A"})
    assert Call.objects.get(pk=call.pk).status == CallStatus.DISPATCHED


def test_an_emergency_alert_is_recorded_on_the_second_tap_only(desk, client, clock):
    call = new_call(desk)
    client.force_login(desk.supervisor)
    first = _action(client, call, "alert", {"service": "17"})
    assert first.status_code == 200
    assert not EmergencyAlert.objects.exists()
    page = first.content.decode()
    assert 'data-testid="alert-confirm"' in page
    assert "Enregistrer cette alerte\u00a0: Police (17)\u00a0?" in page
    assert 'name="confirmed" value="on"' in page
    second = _action(client, call, "alert", {"service": "17", "confirmed": "on"})
    assert second.status_code == 302
    assert list(EmergencyAlert.objects.values_list("service", flat=True)) == ["17"]


@pytest.mark.parametrize(
    "typed",
    [
        "HN-2",  # the code
        "hn-2 — whatever follows",  # the datalist's value, « code — address »
        "{address}",  # the whole address
        "{address_upper}",
    ],
)
def test_a_call_s_entrance_is_found_by_code_or_address(desk, client, clock, typed):
    entrance = desk.north_entrances[1]
    typed = typed.format(address=entrance.address, address_upper=entrance.address.upper())
    client.force_login(desk.supervisor)
    response = client.post(
        reverse("desk:call_new", args=["rivebourg"]),
        {
            "received_at": "2026-01-13T20:55",
            "nature": nature(desk).pk,
            "urgency": "normal",
            "entrance_code": typed,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Call.objects.get().entrance == entrance


def test_words_of_an_address_find_the_one_entrance_they_describe(desk, client, clock):
    entrance = desk.south_entrances[0]
    entrance.address = "14 allée des Peupliers"
    entrance.save()
    client.force_login(desk.supervisor)
    data = {"received_at": "2026-01-13T20:55", "nature": nature(desk).pk, "urgency": "normal"}
    url = reverse("desk:call_new", args=["rivebourg"])
    client.post(url, {**data, "entrance_code": "peupliers"})
    assert Call.objects.get().entrance == entrance
    # Words several entrances share: a clear error in French, nothing recorded.
    response = client.post(url, {**data, "entrance_code": "rue des Tests"})
    assert response.status_code == 200
    assert "Plusieurs entrées correspondent" in response.content.decode()
    assert Call.objects.count() == 1


def test_a_landlord_cannot_reach_another_landlord_s_entrance_by_its_address(desk, client, clock):
    clock.set(paris(TUESDAY, 15, 0))
    other = desk.south_entrances[0]
    client.force_login(desk.north_referent)
    response = client.post(
        reverse("desk:instruction_new", args=["rivebourg"]),
        {
            "received_at": "2026-01-13T14:55",
            "landlord": desk.north.pk,
            "entrance_code": other.address,
            "nature": nature(desk).pk,
            "details": "Passer voir.",
        },
    )
    assert response.status_code == 200
    assert "Aucune entrée du dispositif" in response.content.decode()
    assert not Instruction.objects.exists()


def test_the_nature_of_a_call_or_an_instruction_is_chosen_not_taken_by_default(desk, client, clock):
    """Both forms started on the first nature of the list (« Regroupement dans un hall… »): a
    call recorded in a hurry got it. They start on « Choisir… »; left so, the form says so in
    French and nothing is recorded."""
    from django.utils import translation

    clock.set(paris(TUESDAY, 15, 0))
    with translation.override("fr"):
        client.force_login(desk.supervisor)
        board = client.get(
            reverse("desk:board", args=["rivebourg"]), HTTP_ACCEPT_LANGUAGE="fr"
        ).content.decode()
        assert '<option value="" selected>Choisir…</option>' in board
        response = client.post(
            reverse("desk:call_new", args=["rivebourg"]),
            {"received_at": "2026-01-13T14:55", "nature": "", "urgency": "normal"},
            HTTP_ACCEPT_LANGUAGE="fr",
        )
        assert response.status_code == 200
        assert "Ce champ est obligatoire" in response.content.decode()
        assert not Call.objects.exists()

        client.force_login(desk.north_referent)
        url = reverse("desk:instruction_new", args=["rivebourg"])
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        assert '<option value="" selected>Choisir…</option>' in page
        response = client.post(
            url,
            {
                "received_at": "2026-01-13T14:55",
                "landlord": desk.north.pk,
                "entrance_code": desk.north_entrances[0].code,
                "nature": "",
                "details": "Passer voir.",
            },
            HTTP_ACCEPT_LANGUAGE="fr",
        )
        assert response.status_code == 200
        assert "Ce champ est obligatoire" in response.content.decode()
        assert not Instruction.objects.exists()
