"""Calls: the timeline, dispatch to a team (the pending intervention), emergency alerts, the
callback that makes a call done, events counted once, and the caller's satisfaction."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from voisinage.desk.models import (
    Call,
    CallStatus,
    CallStatusChange,
    EmergencyAlert,
    Event,
    SatisfactionSurvey,
)
from voisinage.desk.selectors import events_count, satisfaction_by_month
from voisinage.desk.services import (
    call_alert,
    call_callback,
    call_close,
    call_dispatch,
    call_link_event,
    call_on_site,
    call_record,
    dispatch_teams,
    survey_answer,
    survey_link_issue,
)
from voisinage.desk.services.calls import SURVEY_SALT
from voisinage.desk.tests.conftest import TUESDAY, nature, paris
from voisinage.field.logbook.services import intervention_update
from voisinage.field.models import Intervention, InterventionStatus, Origin

pytestmark = pytest.mark.django_db


def a_call(cast, at=None, entrance=None, **extra) -> Call:
    call, _created = call_record(
        scheme=cast.scheme,
        user=cast.supervisor,
        nature=nature(cast),
        received_at=at or paris(TUESDAY, 21, 0),
        entrance=entrance or cast.north_entrances[0],
        caller_name="Mme Caller",
        caller_phone="06 00 00 00 01",
        caller_dwelling="12",
        **extra,
    )
    return call


def dispatched(cast, call: Call, at=None) -> Call:
    team = next(t for t in dispatch_teams(cast.scheme, TUESDAY) if t.key == "team:A")
    return call_dispatch(
        call=call,
        user=cast.supervisor,
        team_label=team.label,
        agent_ids=team.user_ids,
        at=at or paris(TUESDAY, 21, 5),
    )


def test_a_call_is_received_on_its_night_with_its_first_timeline_row(desk):
    call = a_call(desk, at=paris(TUESDAY, 23, 50) + timedelta(minutes=20))  # 00:10 Wednesday
    assert call.night == TUESDAY
    assert call.status == CallStatus.RECEIVED
    assert call.landlord_id == desk.north.pk
    assert list(call.timeline.values_list("status", flat=True)) == ["received"]


def test_dispatching_a_team_creates_the_pending_intervention_of_the_call(desk):
    call = dispatched(desk, a_call(desk))
    assert call.status == CallStatus.DISPATCHED
    assert call.team == "A"
    intervention = Intervention.objects.get(pk=call.intervention_id)
    assert intervention.status == InterventionStatus.PENDING
    assert intervention.origin == Origin.PHONE_CALL
    assert intervention.source_type == ContentType.objects.get_for_model(Call)
    assert intervention.source_id == call.pk
    assert intervention.author == desk.agent  # the team's agent completes it on site
    assert set(intervention.agents.all()) == {desk.agent, desk.supervisor}
    assert "Mme Caller" not in intervention.narrative  # the logbook is read by partners


def test_the_full_timeline_ends_done_only_with_the_callback(desk):
    call = dispatched(desk, a_call(desk))
    call = call_on_site(call=call, user=desk.agent, at=paris(TUESDAY, 21, 12))
    # The agent completes the pending intervention from the logbook.
    intervention_update(
        intervention=Intervention.objects.get(pk=call.intervention_id),
        user=desk.agent,
        can_supervise=False,
        narrative="Groupe dispersé après dialogue.",
    )
    assert Intervention.objects.get(pk=call.intervention_id).status == InterventionStatus.RECORDED
    call = call_close(call=call, user=desk.supervisor, at=paris(TUESDAY, 21, 30))
    assert call.status == CallStatus.CLOSED
    assert not call.is_done
    call = call_callback(
        call=call,
        user=desk.supervisor,
        at=paris(TUESDAY, 21, 40),
        answers={"quick": "yes", "solved": "partly", "satisfied": "yes"},
    )
    assert call.is_done
    assert list(call.timeline.values_list("status", flat=True)) == [
        "received",
        "dispatched",
        "on_site",
        "closed",
        "called_back",
    ]
    survey = SatisfactionSurvey.objects.get(call=call)
    assert (survey.quick, survey.solved, survey.satisfied) == ("yes", "partly", "yes")
    assert survey.channel == "callback"
    # The answer is copied onto the call, which the desk's figures read (ADR 0030).
    assert Call.objects.get(pk=call.pk).satisfaction == "yes"


def test_a_refused_move_says_why_and_writes_nothing(desk):
    call = a_call(desk)
    before = CallStatusChange.objects.count()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        call_callback(call=call, user=desk.supervisor, at=paris(TUESDAY, 21, 10))
    assert "cannot become" in " ".join(caught.value.messages)
    assert CallStatusChange.objects.count() == before
    assert Call.objects.get(pk=call.pk).status == CallStatus.RECEIVED


def test_a_move_before_the_call_was_received_is_refused(desk):
    call = a_call(desk)
    with translation.override("en"), pytest.raises(ValidationError, match="before the call"):
        call_close(call=call, user=desk.supervisor, at=paris(TUESDAY, 20, 0))


def test_bad_answers_at_the_callback_change_nothing(desk):
    call = call_close(call=a_call(desk), user=desk.supervisor, at=paris(TUESDAY, 21, 5))
    with pytest.raises(ValidationError):
        call_callback(
            call=call,
            user=desk.supervisor,
            at=paris(TUESDAY, 21, 6),
            answers={"quick": "maybe", "solved": "yes", "satisfied": "yes"},
        )
    assert Call.objects.get(pk=call.pk).status == CallStatus.CLOSED
    assert not SatisfactionSurvey.objects.exists()


def test_the_supervisor_alerts_the_police_with_the_time(desk):
    call = a_call(desk)
    alert = call_alert(call=call, user=desk.supervisor, service="17", at=paris(TUESDAY, 21, 2))
    assert alert.get_service_display() == "Police (17)"
    with pytest.raises(ValidationError):
        call_alert(call=call, user=desk.supervisor, service="112", at=paris(TUESDAY, 21, 3))
    assert EmergencyAlert.objects.count() == 1


def test_two_calls_linked_to_one_event_count_once(desk):
    first = a_call(desk)
    second = a_call(desk, at=paris(TUESDAY, 21, 4))
    third = a_call(desk, at=paris(TUESDAY, 22, 0), entrance=desk.south_entrances[0])
    assert events_count(desk.supervisor, desk.scheme, TUESDAY, TUESDAY) == 3
    call_link_event(call=second, other=first)
    assert Call.objects.get(pk=second.pk).event_id == first.event_id
    assert events_count(desk.supervisor, desk.scheme, TUESDAY, TUESDAY) == 2
    assert Event.objects.count() == 2  # the emptied event is gone
    assert Call.objects.get(pk=third.pk).event_id != first.event_id


def test_a_call_recorded_as_the_same_event_joins_it(desk):
    first = a_call(desk)
    second = a_call(desk, at=paris(TUESDAY, 21, 3), same_event_as=first)
    assert second.event_id == first.event_id
    assert events_count(desk.supervisor, desk.scheme, TUESDAY, TUESDAY) == 1


def test_a_replayed_idempotency_key_answers_the_first_call(desk):
    first, created = call_record(
        scheme=desk.scheme,
        user=desk.supervisor,
        nature=nature(desk),
        received_at=paris(TUESDAY, 21, 0),
        entrance=desk.north_entrances[0],
        idempotency_key="k-1",
    )
    again, created_again = call_record(
        scheme=desk.scheme,
        user=desk.supervisor,
        nature=nature(desk),
        received_at=paris(TUESDAY, 21, 0),
        entrance=desk.north_entrances[0],
        idempotency_key="k-1",
    )
    assert created
    assert not created_again
    assert again.pk == first.pk
    assert Call.objects.count() == 1


def closed(desk, **extra) -> Call:
    call = a_call(desk, caller_email="caller@example.org", **extra)
    return call_close(call=call, user=desk.supervisor, at=paris(TUESDAY, 21, 30))


def test_the_survey_link_is_mailed_and_answered_once(
    desk, client, django_capture_on_commit_callbacks
):
    call = closed(desk)
    with django_capture_on_commit_callbacks(execute=True):
        url, text = survey_link_issue(call=call, at=paris(TUESDAY, 21, 31))
    assert url in text
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["caller@example.org"]
    assert url in mail.outbox[0].body
    path = url.split("127.0.0.1:8000")[-1] if "127.0.0.1:8000" in url else url
    response = client.get(path)
    assert response.status_code == 200
    assert Call.objects.get(pk=call.pk).satisfaction == ""  # not answered yet
    response = client.post(path, {"quick": "yes", "solved": "yes", "satisfied": "no"})
    assert response.status_code == 200
    survey = SatisfactionSurvey.objects.get(call=call)
    assert survey.satisfied == "no"
    assert survey.channel == "link"
    assert Call.objects.get(pk=call.pk).satisfaction == "no"
    again = client.post(path, {"quick": "no", "solved": "no", "satisfied": "no"})
    assert b'data-testid="problem"' in again.content
    assert SatisfactionSurvey.objects.get(call=call).satisfied == "no"


def test_a_forged_or_replaced_link_is_refused(desk, client):
    call = closed(desk)
    url, _text = survey_link_issue(call=call, at=paris(TUESDAY, 21, 31))
    token = url.rstrip("/").rsplit("/", 1)[-1]
    forged = signing.dumps({"c": call.pk, "n": "0" * 16}, salt=SURVEY_SALT)
    for bad in (forged, token + "x"):
        with pytest.raises(ValidationError):
            survey_answer(token=bad, quick="yes", solved="yes", satisfied="yes")
    survey_link_issue(call=call, at=paris(TUESDAY, 21, 32))  # a new link replaces the first
    with pytest.raises(ValidationError):
        survey_answer(token=token, quick="yes", solved="yes", satisfied="yes")
    assert SatisfactionSurvey.objects.get(call=call).answered_at is None
    assert Call.objects.get(pk=call.pk).satisfaction == ""
    response = client.get(reverse("desk:survey", args=[forged]))
    assert response.status_code == 200
    assert b"problem" in response.content


def test_an_expired_link_is_refused(desk, settings, monkeypatch):
    call = closed(desk)
    url, _text = survey_link_issue(call=call, at=paris(TUESDAY, 21, 31))
    token = url.rstrip("/").rsplit("/", 1)[-1]
    import time as time_module

    real = time_module.time
    monkeypatch.setattr(time_module, "time", lambda: real() + 8 * 86400)
    with translation.override("en"), pytest.raises(ValidationError, match="expired"):
        survey_answer(token=token, quick="yes", solved="yes", satisfied="yes")


def test_the_satisfaction_rate_is_counted_per_month(desk):
    for minute, satisfied in ((0, "yes"), (10, "yes"), (20, "no")):
        call = a_call(desk, at=paris(TUESDAY, 21, minute))
        call = call_close(call=call, user=desk.supervisor, at=paris(TUESDAY, 22, minute))
        call_callback(
            call=call,
            user=desk.supervisor,
            at=paris(TUESDAY, 22, minute + 1),
            answers={"quick": "yes", "solved": "yes", "satisfied": satisfied},
        )
    a_call(desk, at=paris(TUESDAY, 23, 0))  # not answered: not counted
    rows = satisfaction_by_month(desk.supervisor, desk.scheme, TUESDAY.replace(day=1), TUESDAY)
    assert [(r.month, r.answered, r.satisfied, r.rate) for r in rows] == [
        (TUESDAY.replace(day=1), 3, 2, 67)
    ]


def test_the_migration_copies_answered_surveys_onto_their_calls(desk):
    """desk 0002 fills Call.satisfaction from the surveys answered before it existed; an
    unanswered survey (a link sent) leaves its call blank."""
    from importlib import import_module

    from django.apps import apps

    fill = import_module("voisinage.desk.migrations.0002_call_satisfaction").fill
    answered = call_close(
        call=a_call(desk, at=paris(TUESDAY, 21, 0)), user=desk.supervisor, at=paris(TUESDAY, 22)
    )
    answered = call_callback(
        call=answered,
        user=desk.supervisor,
        at=paris(TUESDAY, 22, 5),
        answers={"quick": "yes", "solved": "no", "satisfied": "partly"},
    )
    pending = closed(desk)
    survey_link_issue(call=pending, at=paris(TUESDAY, 21, 31))
    Call.objects.update(satisfaction="")  # as before the migration
    fill(apps, None)
    assert dict(Call.objects.values_list("pk", "satisfaction")) == {
        answered.pk: "partly",
        pending.pk: "",
    }
