"""The decision log: the transitions table refuses illegal moves and changes nothing; the
history is appended; open items are carried forward to the next meetings of the same body."""

import itertools
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voisinage.governance.models import (
    TRANSITIONS,
    ActionItem,
    ActionItemStatusChange,
    ActionStatus,
)
from voisinage.governance.selectors import carried_forward
from voisinage.governance.services import (
    ActionSpec,
    action_item_add,
    action_item_transition,
    decision_record,
    meeting_create,
)
from voisinage.governance.tests.conftest import at, local

STATUSES = list(ActionStatus.values)


def item_in(status, item, user):
    """Bring ``item`` to ``status`` through allowed moves (open → … → status)."""
    paths = {
        "open": [],
        "in_progress": ["in_progress"],
        "done": ["done"],
        "dropped": ["dropped"],
    }
    for step in paths[status]:
        item = action_item_transition(item=item, to_status=step, changed_by=user)
    return item


def test_the_table_allows_these_moves_and_no_other():
    assert {
        "open": {"in_progress", "done", "dropped"},
        "in_progress": {"done", "dropped"},
        "done": {"in_progress"},
        "dropped": {"open"},
    } == TRANSITIONS


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(start=st.sampled_from(STATUSES), target=st.sampled_from([*STATUSES, "closed", ""]))
def test_any_move_outside_the_table_is_refused_with_a_clear_error_and_changes_nothing(
    start, target, cast, gov, english
):
    # Hypothesis runs many examples in one test: start each from a fresh open item.
    ActionItemStatusChange.objects.filter(action_item=gov.action).exclude(from_status="").delete()
    ActionItem.objects.filter(pk=gov.action.pk).update(status="open", closed_at=None)
    item = item_in(start, ActionItem.objects.get(pk=gov.action.pk), cast.supervisor)
    history = list(
        ActionItemStatusChange.objects.filter(action_item=item).values_list("pk", flat=True)
    )
    before = ActionItem.objects.filter(pk=item.pk).values().get()
    if target in TRANSITIONS[start]:
        moved = action_item_transition(item=item, to_status=target, changed_by=cast.supervisor)
        assert moved.status == target
        assert (moved.closed_at is not None) == (target in {"done", "dropped"})
        last = ActionItemStatusChange.objects.filter(action_item=item).last()
        assert (last.from_status, last.to_status) == (start, target)
    else:
        with pytest.raises(ValidationError) as refused:
            action_item_transition(item=item, to_status=target, changed_by=cast.supervisor)
        message = " ".join(refused.value.messages)
        if target == start:
            assert "already" in message
        elif target in STATUSES:
            assert "cannot go from" in message
            assert str(ActionStatus(start).label) in message
            assert str(ActionStatus(target).label) in message
        else:
            assert "Unknown status" in message
        assert ActionItem.objects.filter(pk=item.pk).values().get() == before
        assert (
            list(
                ActionItemStatusChange.objects.filter(action_item=item).values_list("pk", flat=True)
            )
            == history
        )
    # Whatever happened, the item's history is a chain from its creation.
    chain = list(ActionItemStatusChange.objects.filter(action_item=item))
    assert chain[0].from_status == ""
    assert chain[0].to_status == "open"
    for previous, following in itertools.pairwise(chain):
        assert following.from_status == previous.to_status
    assert chain[-1].to_status == ActionItem.objects.get(pk=item.pk).status


def test_reopening_a_done_item_clears_its_closing_time(cast, gov):
    item = action_item_transition(item=gov.action, to_status="done", changed_by=cast.south_referent)
    assert item.closed_at is not None
    item = action_item_transition(item=item, to_status="in_progress", changed_by=cast.supervisor)
    assert item.closed_at is None
    assert list(item.history.values_list("from_status", "to_status")) == [
        ("", "open"),
        ("open", "done"),
        ("done", "in_progress"),
    ]


def test_an_action_needs_a_title_an_owner_of_the_scheme_and_a_due_date_after_the_meeting(
    cast, gov, english
):
    decision = gov.action.decision
    meeting_day = local(cast.scheme, gov.meeting.starts_at).date()
    cases = [
        ({"title": " ", "owner_organisation": cast.south}, "Say what is to be done"),
        ({"title": "X"}, "Say who owns the action"),
        (
            {"title": "X", "owner_organisation": cast.other_entrance.landlord},
            "organisation of the scheme",
        ),
        ({"title": "X", "owner_user": cast.other_partner}, "person of the scheme"),
        (
            {
                "title": "X",
                "owner_organisation": cast.south,
                "due_on": meeting_day - timedelta(days=1),
            },
            "before the meeting",
        ),
    ]
    for kwargs, message in cases:
        with pytest.raises(ValidationError, match=message):
            action_item_add(decision=decision, created_by=cast.supervisor, **kwargs)
    assert ActionItem.objects.count() == 1


def test_a_decision_with_a_bad_action_is_not_recorded_at_all(cast, gov):
    with pytest.raises(ValidationError):
        decision_record(
            meeting=gov.meeting,
            text="Décision",
            recorded_by=cast.supervisor,
            action=ActionSpec(title="Sans propriétaire"),
        )
    assert gov.meeting.decisions.count() == 1


def next_meeting(cast, body, days):
    return meeting_create(
        scheme=cast.scheme,
        body=body,
        starts_at=at(cast.scheme, days),
        created_by=None,
        notify=False,
    )


def test_open_items_are_carried_to_the_next_meetings_of_the_same_body_only(cast, gov):
    following = next_meeting(cast, gov.technical, 25)
    other_body = next_meeting(cast, gov.steering, 25)
    assert list(carried_forward(cast.supervisor, following)) == [gov.action]
    assert list(carried_forward(cast.supervisor, other_body)) == []
    assert list(carried_forward(cast.supervisor, gov.meeting)) == []  # not to its own meeting

    action_item_transition(item=gov.action, to_status="done", changed_by=cast.supervisor)
    assert list(carried_forward(cast.supervisor, following)) == []


def test_a_past_meeting_shows_the_items_that_were_open_when_it_began(cast, gov):
    # A meeting held yesterday: the item was open then, and is closed today.
    between = next_meeting(cast, gov.technical, -1)
    action_item_transition(item=gov.action, to_status="done", changed_by=cast.supervisor)
    assert list(carried_forward(cast.supervisor, between)) == [gov.action]


def test_the_meeting_page_shows_carried_forward_items_with_their_origin(cast, client, gov):
    following = next_meeting(cast, gov.technical, 25)
    client.force_login(cast.pres_viewer)
    page = client.get(f"/dispositifs/rivebourg/comites/{following.pk}/").content.decode()
    assert escape("Réparer l'éclairage du hall LS-1") in page
    assert f"/dispositifs/rivebourg/comites/{gov.meeting.pk}/" in page
    assert 'data-testid="carried-forward"' in page
