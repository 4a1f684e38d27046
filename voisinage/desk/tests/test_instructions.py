"""Landlords' instructions: the cut-off decides the night (days without service skipped),
urgent requests wait for the supervisor, a copy goes to the landlord's other referents, the
outcome goes back to the landlord, and the night's summary serves the daily digest."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from voisinage.desk.models import DeskSettings, Instruction, InstructionStatus, UrgentDecision
from voisinage.desk.selectors import night_summary
from voisinage.desk.services import (
    call_record,
    desk_settings,
    dispatch_teams,
    instruction_decide_urgent,
    instruction_dispatch,
    instruction_handle,
    instruction_night,
    instruction_submit,
)
from voisinage.desk.tests.conftest import TUESDAY, nature, paris
from voisinage.factories import UserFactory, grant
from voisinage.field.models import Intervention, InterventionStatus, Origin

pytestmark = pytest.mark.django_db

WEDNESDAY = date(2026, 1, 14)
SATURDAY = date(2026, 1, 17)
MONDAY = date(2026, 1, 19)


def submit(cast, at, **extra) -> Instruction:
    values = {
        "scheme": cast.scheme,
        "user": cast.north_referent,
        "landlord": cast.north,
        "nature": nature(cast, "controle-logement"),
        "entrance": cast.north_entrances[0],
        "tenant_name": "M. Tenant",
        "dwelling": "21",
        "slot_start": time(20),
        "slot_end": time(22),
        "at": at,
    }
    values.update(extra)
    instruction, _created = instruction_submit(**values)
    return instruction


@pytest.mark.parametrize(
    ("moment", "night"),
    [
        (paris(TUESDAY, 16, 30), TUESDAY),
        (paris(TUESDAY, 16, 59), TUESDAY),
        (paris(TUESDAY, 17, 0), WEDNESDAY),
        (paris(TUESDAY, 17, 30), WEDNESDAY),
        (paris(SATURDAY, 17, 30), MONDAY),  # no service on Sunday
        (paris(date(2026, 1, 18), 10, 0), MONDAY),  # sent on a Sunday morning
        (paris(WEDNESDAY, 0, 30), WEDNESDAY),  # after Tuesday's shift, before the cut-off
    ],
    ids=["16h30", "16h59", "17h00", "17h30", "saturday-17h30", "sunday-10h", "00h30"],
)
def test_the_cut_off_decides_the_night(desk, moment, night):
    assert instruction_night(desk.scheme, moment) == night
    assert submit(desk, moment).service_night == night


def test_the_cut_off_is_a_setting_of_the_scheme(desk):
    assert desk_settings(desk.scheme).instruction_cutoff == time(17)
    DeskSettings.objects.filter(scheme=desk.scheme).update(instruction_cutoff=time(15))
    assert instruction_night(desk.scheme, paris(TUESDAY, 16, 30)) == WEDNESDAY


def test_an_urgent_instruction_after_the_cut_off_waits_for_the_supervisor(desk):
    instruction = submit(desk, paris(TUESDAY, 17, 30), urgent=True)
    assert instruction.service_night == WEDNESDAY
    assert instruction.urgent_decision == UrgentDecision.REQUESTED
    accepted = instruction_decide_urgent(
        instruction=instruction, user=desk.supervisor, accept=True, at=paris(TUESDAY, 18, 0)
    )
    assert accepted.service_night == TUESDAY
    assert accepted.urgent_decision == UrgentDecision.ACCEPTED
    with pytest.raises(ValidationError):
        instruction_decide_urgent(
            instruction=accepted, user=desk.supervisor, accept=False, at=paris(TUESDAY, 18, 1)
        )


def test_a_refused_urgent_request_keeps_its_night(desk):
    instruction = submit(desk, paris(TUESDAY, 17, 30), urgent=True)
    refused = instruction_decide_urgent(
        instruction=instruction, user=desk.supervisor, accept=False, at=paris(TUESDAY, 18, 0)
    )
    assert refused.service_night == WEDNESDAY
    assert refused.urgent_decision == UrgentDecision.REFUSED


def test_urgent_before_the_cut_off_is_simply_tonight(desk):
    instruction = submit(desk, paris(TUESDAY, 16, 0), urgent=True)
    assert instruction.service_night == TUESDAY
    assert instruction.urgent_decision == ""


def test_a_copy_goes_to_the_landlords_other_referents(desk, django_capture_on_commit_callbacks):
    colleague = UserFactory.create(username="colleague", email="colleague@habitat-nord.example")
    grant(colleague, desk.scheme, desk.north, "partner_referent", perimeter="landlord")
    desk.north_referent.email = "helene@habitat-nord.example"
    desk.north_referent.save()
    with django_capture_on_commit_callbacks(execute=True):
        submit(desk, paris(TUESDAY, 16, 30))
    # HN-1 is in Les Prés: Léa, Habitat Nord's referent there, reads it too.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "colleague@habitat-nord.example",
        desk.north_pres_referent.email,
    ]
    assert all("M. Tenant" in m.body for m in mail.outbox)


def test_the_copy_goes_only_to_referents_whose_perimeter_holds_the_entrance(
    desk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(desk, paris(TUESDAY, 16, 30), entrance=desk.north_entrances[2])  # HN-3, Centre
    # Léa works for Habitat Nord in Les Prés only: she gets neither the copy nor its tenant.
    assert [m.to for m in mail.outbox] == []
    former = desk.former_referent  # Logis Sud's referent until yesterday
    with django_capture_on_commit_callbacks(execute=True):
        submit(
            desk,
            paris(TUESDAY, 16, 40),
            user=desk.south_referent,
            landlord=desk.south,
            entrance=desk.south_entrances[0],
        )
    assert former.email not in [to for m in mail.outbox for to in m.to]


def test_another_landlords_entrance_is_refused_and_nothing_is_written(desk):
    with translation.override("en"), pytest.raises(ValidationError, match="not the landlord"):
        submit(desk, paris(TUESDAY, 16, 30), entrance=desk.south_entrances[0])
    with pytest.raises(ValidationError):
        submit(desk, paris(TUESDAY, 16, 30), entrance=None)
    assert not Instruction.objects.exists()


def test_dispatch_and_outcome_go_back_to_the_landlord(desk):
    instruction = submit(desk, paris(TUESDAY, 16, 30))
    team = next(t for t in dispatch_teams(desk.scheme, TUESDAY) if t.key == "team:A")
    instruction = instruction_dispatch(
        instruction=instruction,
        user=desk.supervisor,
        team_label=team.label,
        agent_ids=team.user_ids,
        at=paris(TUESDAY, 20, 0),
    )
    assert instruction.status == InstructionStatus.DISPATCHED
    intervention = Intervention.objects.get(
        source_type=ContentType.objects.get_for_model(Instruction), source_id=instruction.pk
    )
    assert intervention.origin == Origin.LANDLORD_INSTRUCTION
    assert intervention.status == InterventionStatus.PENDING
    assert "M. Tenant" not in intervention.narrative
    instruction_handle(
        instruction=instruction,
        user=desk.supervisor,
        outcome="Locataire rencontré, rappel du règlement.",
        at=paris(TUESDAY, 21, 0),
    )
    summary = night_summary(desk.scheme, TUESDAY, desk.north_referent)
    [row] = summary.instructions
    assert row.instruction.outcome.startswith("Locataire rencontré")
    assert row.person_visible
    assert [i.pk for i in row.interventions] == [intervention.pk]
    city = night_summary(desk.scheme, TUESDAY, desk.city_officer)
    assert not city.instructions[0].person_visible
    assert night_summary(desk.scheme, TUESDAY, desk.south_referent).instructions == []


def test_an_empty_outcome_is_refused(desk):
    instruction = submit(desk, paris(TUESDAY, 16, 30))
    with pytest.raises(ValidationError):
        instruction_handle(instruction=instruction, user=desk.supervisor, outcome="  ")
    assert Instruction.objects.get(pk=instruction.pk).status == InstructionStatus.SCHEDULED


def test_the_night_summary_lists_calls_and_counts_events(desk, django_assert_max_num_queries):
    for minute in range(5):
        call_record(
            scheme=desk.scheme,
            user=desk.supervisor,
            nature=nature(desk),
            received_at=paris(TUESDAY, 21, minute),
            entrance=desk.north_entrances[0],
            caller_name=f"Caller {minute}",
        )
        submit(desk, paris(TUESDAY, 16, minute))
    # Two of them decide, for every call and instruction at once, whose person shows.
    with django_assert_max_num_queries(10):
        summary = night_summary(desk.scheme, TUESDAY, desk.north_referent)
    assert len(summary.calls) == 5
    assert len(summary.instructions) == 5
    assert summary.events == 5


def test_urgent_on_an_evening_without_service_is_simply_the_next_night(desk):
    instruction = submit(desk, paris(date(2026, 1, 18), 18, 0), urgent=True)  # a Sunday
    assert instruction.service_night == MONDAY
    assert instruction.urgent_decision == ""
