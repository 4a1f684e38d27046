"""The POST actions on calls and instructions, persona by persona: who may act (everyone
else gets a 404 and nothing changes)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from voisinage.desk.models import Call, CallStatus, Instruction, InstructionStatus
from voisinage.desk.services import call_dispatch, call_record, dispatch_teams, instruction_submit
from voisinage.desk.tests.conftest import TUESDAY, nature, paris
from voisinage.tests.test_persona_matrix import param_id

pytestmark = pytest.mark.django_db

SUPERVISORS = {"supervisor", "operator_manager", "admin"}
RECORDERS = SUPERVISORS | {"agent"}


def new_call(cast) -> Call:
    call, _created = call_record(
        scheme=cast.scheme,
        user=cast.supervisor,
        nature=nature(cast),
        received_at=paris(TUESDAY, 21, 0),
        entrance=cast.north_entrances[0],
    )
    return call


@pytest.mark.parametrize(
    ("action", "data", "allowed", "status"),
    [
        ("dispatch", {"team": "team:A"}, SUPERVISORS, CallStatus.DISPATCHED),
        ("close", {"note": "vu"}, SUPERVISORS, CallStatus.CLOSED),
        ("on_site", {}, RECORDERS, CallStatus.ON_SITE),
    ],
    ids=param_id,
)
def test_who_may_act_on_a_call(desk, client, clock, action, data, allowed, status):
    for persona, user in desk.personas().items():
        call = new_call(desk)
        if action == "on_site":
            team = dispatch_teams(desk.scheme, TUESDAY)[0]
            call = call_dispatch(
                call=call,
                user=desk.supervisor,
                team_label=team.label,
                agent_ids=team.user_ids,
                at=paris(TUESDAY, 21, 1),
            )
        before = call.status
        client.force_login(user)
        response = client.post(
            reverse("desk:call_action", args=["rivebourg", call.pk, action]), data
        )
        after = Call.objects.get(pk=call.pk).status
        if persona in allowed:
            assert response.status_code == 302, persona
            assert after == status, persona
        else:
            assert response.status_code == 404, persona
            assert after == before, persona


def test_an_unknown_action_is_a_404(desk, client):
    client.force_login(desk.supervisor)
    call = new_call(desk)
    response = client.post(reverse("desk:call_action", args=["rivebourg", call.pk, "delete"]))
    assert response.status_code == 404


def test_who_may_handle_an_instruction(desk, client, clock):
    for persona, user in desk.personas().items():
        instruction, _created = instruction_submit(
            scheme=desk.scheme,
            user=desk.north_referent,
            landlord=desk.north,
            nature=nature(desk),
            entrance=desk.north_entrances[0],
            at=paris(TUESDAY, 16, 0),
        )
        client.force_login(user)
        response = client.post(
            reverse("desk:instruction_action", args=["rivebourg", instruction.pk, "handle"]),
            {"outcome": "Rien à signaler."},
        )
        handled = Instruction.objects.get(pk=instruction.pk).status == InstructionStatus.HANDLED
        assert handled == (persona in SUPERVISORS), persona
        assert response.status_code == (302 if persona in SUPERVISORS else 404), persona
