"""The desk's pages: the board in a fixed number of queries, the call and instruction forms
(bad input shows an error and writes nothing), incidents and complaints."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from voisinage.desk.models import (
    Call,
    Instruction,
    OnBehalfOf,
    PoliceComplaint,
    SeriousIncident,
)
from voisinage.desk.services import call_record, complaint_record, instruction_submit
from voisinage.desk.tests.conftest import TUESDAY, nature, paris
from voisinage.field.logbook.services import intervention_record
from voisinage.lib import clock as lib_clock

pytestmark = pytest.mark.django_db


def fill(cast, n: int) -> None:
    for minute in range(n):
        call_record(
            scheme=cast.scheme,
            user=cast.supervisor,
            nature=nature(cast),
            received_at=paris(TUESDAY, 20, minute),
            entrance=cast.north_entrances[minute % 3],
        )
        instruction_submit(
            scheme=cast.scheme,
            user=cast.north_referent,
            landlord=cast.north,
            nature=nature(cast),
            entrance=cast.north_entrances[minute % 3],
            at=paris(TUESDAY, 15, minute),
        )
    intervention_record(
        scheme=cast.scheme,
        author=cast.agent,
        started_at=paris(TUESDAY, 20, 30),
        origin="patrol",
        entrance=cast.north_entrances[1],
    )


@pytest.mark.parametrize("n", [2, 12], ids=["few", "many"])
def test_the_board_costs_the_same_whatever_the_number_of_items(
    desk, client, clock, django_assert_max_num_queries, n
):
    fill(desk, n)
    client.force_login(desk.supervisor)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("desk:board", args=["rivebourg"]))
    content = response.content.decode()
    assert content.count('data-call="') == n
    assert content.count('data-instruction="') == n
    assert desk.north_entrances[1].address in content  # where Yanis was last recorded
    with django_assert_max_num_queries(25):
        live = client.get(reverse("desk:board_live", args=["rivebourg"]))
    assert live.content.decode().count('data-call="') == n
    assert "<html" not in live.content.decode()


def test_the_board_counts_queries_not_rows(desk, client, clock):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(desk.supervisor)
    counts = []
    for n in (1, 10):
        fill(desk, n)
        with CaptureQueriesContext(connection) as context:
            client.get(reverse("desk:board_live", args=["rivebourg"]))
        counts.append(len(context))
    assert counts[0] == counts[1]


def test_a_call_with_an_unknown_entrance_is_refused_and_nothing_written(desk, client, clock):
    client.force_login(desk.supervisor)
    with translation.override("en"):
        response = client.post(
            reverse("desk:call_new", args=["rivebourg"]),
            {
                "received_at": "2026-01-13T21:00",
                "nature": str(nature(desk).pk),
                "urgency": "normal",
                "entrance_code": "XX-9",
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert "No entrance of the scheme has this code or this address" in response.content.decode()
    assert not Call.objects.exists()


def test_a_call_is_recorded_from_the_form(desk, client, clock):
    client.force_login(desk.supervisor)
    response = client.post(
        reverse("desk:call_new", args=["rivebourg"]),
        {
            "received_at": "2026-01-13T21:00",
            "nature": str(nature(desk).pk),
            "urgency": "urgent",
            "entrance_code": "hn-2",
            "caller_name": "Mme Lambert",
        },
    )
    call = Call.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:call", args=["rivebourg", call.pk])
    assert call.entrance == desk.north_entrances[1]
    assert call.night == TUESDAY


def test_an_instruction_without_a_place_is_refused(desk, client, clock):
    client.force_login(desk.north_referent)
    response = client.post(
        reverse("desk:instruction_new", args=["rivebourg"]),
        {"landlord": str(desk.north.pk), "nature": str(nature(desk).pk)},
    )
    assert response.status_code == 200
    assert not Instruction.objects.exists()


def test_a_landlord_referent_chooses_only_its_landlord(desk, client):
    client.force_login(desk.south_referent)
    content = client.get(reverse("desk:instruction_new", args=["rivebourg"])).content.decode()
    assert "Logis Sud" in content
    assert "Habitat Nord" not in content


def test_incidents_and_complaints_are_recorded_and_listed(desk, client, clock):
    client.force_login(desk.supervisor)
    response = client.post(
        reverse("desk:incident_new", args=["rivebourg"]),
        {
            "kind": "agent_attacked",
            "occurred_at": "2026-01-13T22:10",
            "agent": str(desk.agent.pk),
            "place": "Hall HN-1",
            "description": "Agent bousculé par un groupe.",
            "agent_withdrawn": "on",
            "supervisor_alerted_at": "2026-01-13T22:12",
            "police_called_at": "2026-01-13T22:13",
        },
    )
    assert response.status_code == 302
    incident = SeriousIncident.objects.get()
    assert incident.agent_withdrawn
    assert incident.night == TUESDAY
    response = client.post(
        reverse("desk:complaint_new", args=["rivebourg"]),
        {
            "filed_on": "2026-01-14",
            "police_station": "Commissariat central",
            "reference": "PV 2026/123",
            "on_behalf_of": "agent",
            "agent": str(desk.agent.pk),
            "incident": str(incident.pk),
        },
    )
    assert response.status_code == 302
    complaint_record(
        scheme=desk.scheme,
        user=desk.supervisor,
        filed_on=date(2026, 1, 15),
        police_station="Commissariat central",
        on_behalf_of=OnBehalfOf.LANDLORD,
        landlord=desk.north,
    )
    assert PoliceComplaint.objects.count() == 2
    page = client.get(reverse("desk:incidents", args=["rivebourg"])).content.decode()
    assert "PV 2026/123" in page
    assert "Hall HN-1" in page
    # Habitat Nord's referent sees the complaint filed on its behalf, not the incident.
    client.force_login(desk.north_referent)
    page = client.get(reverse("desk:incidents", args=["rivebourg"])).content.decode()
    assert "Hall HN-1" not in page
    assert page.count("Commissariat central") == 1


def test_a_complaint_without_its_party_is_refused(desk, client):
    client.force_login(desk.supervisor)
    response = client.post(
        reverse("desk:complaint_new", args=["rivebourg"]),
        {"filed_on": "2026-01-14", "police_station": "Central", "on_behalf_of": "landlord"},
    )
    assert response.status_code == 200
    assert not PoliceComplaint.objects.exists()


def test_on_an_evening_without_service_the_board_prepares_the_next_night(desk, client, clock):
    from voisinage.desk.selectors import board_night

    sunday = date(2026, 1, 18)
    monday = date(2026, 1, 19)
    clock.set(paris(sunday, 15, 0))
    assert board_night(desk.scheme, paris(sunday, 15, 0)) == monday
    assert board_night(desk.scheme, paris(TUESDAY, 21, 0)) == TUESDAY
    instruction, _created = instruction_submit(
        scheme=desk.scheme,
        user=desk.north_referent,
        landlord=desk.north,
        nature=nature(desk),
        entrance=desk.north_entrances[0],
        at=paris(sunday, 14, 0),
    )
    assert instruction.service_night == monday
    client.force_login(desk.supervisor)
    content = client.get(reverse("desk:board_live", args=["rivebourg"])).content.decode()
    assert f'data-instruction="{instruction.pk}"' in content


def test_a_call_left_without_its_callback_yesterday_stays_on_the_board(desk, client, clock):
    clock.set(paris(TUESDAY, 22, 5))
    call, _created = call_record(
        scheme=desk.scheme,
        user=desk.supervisor,
        nature=nature(desk),
        received_at=paris(TUESDAY, 22, 0),
        entrance=desk.north_entrances[0],
    )
    clock.set(paris(date(2026, 1, 14), 20, 0))  # Wednesday evening
    client.force_login(desk.supervisor)
    content = client.get(reverse("desk:board_live", args=["rivebourg"])).content.decode()
    assert f'data-call="{call.pk}"' in content


def test_the_supervisor_alerts_links_and_sends_the_survey_from_the_call_page(desk, client, clock):
    from voisinage.desk.models import EmergencyAlert, SatisfactionSurvey

    first, second = (
        call_record(
            scheme=desk.scheme,
            user=desk.supervisor,
            nature=nature(desk),
            received_at=paris(TUESDAY, 20, minute),
            entrance=desk.north_entrances[0],
        )[0]
        for minute in (50, 55)
    )
    client.force_login(desk.supervisor)

    def act(call, action, data=None):
        url = reverse("desk:call_action", args=["rivebourg", call.pk, action])
        return client.post(url, data or {}, follow=True)

    page = act(first, "alert", {"service": "17", "confirmed": "on"})
    assert EmergencyAlert.objects.get().service == "17"
    assert 'data-alert="17"' in page.content.decode()
    act(second, "link", {"other": str(first.pk)})
    assert Call.objects.get(pk=second.pk).event_id == first.event_id
    act(first, "close", {"note": "Police sur place"})
    with translation.override("en"):
        page = act(first, "survey")
    assert "/satisfaction/" in page.content.decode()
    assert SatisfactionSurvey.objects.get(call=first).nonce
    # A move the table refuses comes back as a message, nothing changes.
    page = act(second, "callback", {"quick": "yes", "solved": "yes", "satisfied": "yes"})
    assert Call.objects.get(pk=second.pk).status == "received"
    assert 'class="error"' in page.content.decode()


@pytest.mark.parametrize(
    "route", ["desk:calls", "desk:instructions", "api:list_calls", "api:list_instructions"]
)
def test_lists_cost_the_same_whatever_their_length(desk, client, clock, route):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(desk.city_officer)
    counts = []
    for n in (1, 8):
        fill(desk, n)
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse(route, args=["rivebourg"])).status_code == 200
        counts.append(len(context))
    assert counts[0] == counts[1]


def test_a_retired_nature_is_refused(desk):
    from django.core.exceptions import ValidationError

    retired = nature(desk, "rodeo")
    retired.retired_at = lib_clock.now()
    retired.save()
    with pytest.raises(ValidationError):
        call_record(
            scheme=desk.scheme,
            user=desk.supervisor,
            nature=retired,
            received_at=paris(TUESDAY, 21, 0),
            entrance=desk.north_entrances[0],
        )
    assert not Call.objects.exists()


def test_a_call_in_the_future_is_refused(desk, clock):
    from django.core.exceptions import ValidationError

    with translation.override("en"), pytest.raises(ValidationError, match="future"):
        call_record(
            scheme=desk.scheme,
            user=desk.supervisor,
            nature=nature(desk),
            received_at=paris(TUESDAY, 21, 30),  # the clock says 21:00
            entrance=desk.north_entrances[0],
        )
    assert not Call.objects.exists()


def test_the_live_board_is_not_called_like_the_dashboard(desk, client, clock):
    """The menu says « Tableau en direct »; the page said « Tableau de bord », the name of the
    statistics page — two different pages under one name."""
    clock.set(paris(TUESDAY, 22, 5))
    client.force_login(desk.supervisor)
    with translation.override("fr"):
        board = client.get(reverse("desk:board", args=["rivebourg"]), HTTP_ACCEPT_LANGUAGE="fr")
        dashboard = client.get(
            reverse("analytics:dashboard", args=["rivebourg"]), HTTP_ACCEPT_LANGUAGE="fr"
        )
    page = board.content.decode()
    assert "<title>Tableau en direct ·" in page
    assert "<h1>Tableau en direct — nuit du " in page
    assert "<title>Tableau de bord ·" in dashboard.content.decode()
