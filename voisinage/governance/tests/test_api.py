"""The governance API: meetings (filters, pagination), one meeting with its log and attendance,
decisions filtered by status and overdue; as the pages, limited to what the caller may see."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse

from voisinage.governance.services import (
    ActionSpec,
    action_item_transition,
    decision_record,
    meeting_create,
)
from voisinage.governance.tests.conftest import at, local

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = pytest.mark.time_sensitive


def test_meetings_are_listed_in_time_order_with_their_counts(cast, client, gov, other_meeting):
    later = meeting_create(
        scheme=cast.scheme, body=gov.steering, starts_at=at(cast.scheme, 9), created_by=None
    )
    client.force_login(cast.south_referent)
    data = client.get(reverse("api:list_meetings", args=["rivebourg"])).json()
    assert data["count"] == 2
    first, second = data["items"]
    assert datetime.fromisoformat(first.pop("starts_at")) == gov.meeting.starts_at
    assert datetime.fromisoformat(first.pop("ends_at")) == gov.meeting.ends_at
    assert first == {
        "id": gov.meeting.pk,
        "body": {"id": gov.technical.pk, "name": "Comité technique", "kind": "technical"},
        "title": "Comité technique",
        "place": "Salle du conseil",
        "cancelled": False,
        "has_minutes": False,
        "decisions": 1,
        "documents": 1,
    }
    assert second["id"] == later.pk


def test_meetings_filter_by_dates_and_body_and_paginate(cast, client, gov):
    later = meeting_create(
        scheme=cast.scheme, body=gov.steering, starts_at=at(cast.scheme, 9), created_by=None
    )
    client.force_login(cast.city_officer)
    url = reverse("api:list_meetings", args=["rivebourg"])
    day = local(cast.scheme, later.starts_at).date()
    by_date = client.get(url, {"from": day.isoformat(), "to": day.isoformat()}).json()
    assert [m["id"] for m in by_date["items"]] == [later.pk]
    assert [m["id"] for m in client.get(url, {"body": gov.technical.pk}).json()["items"]] == [
        gov.meeting.pk
    ]
    page = client.get(url, {"limit": 1, "offset": 1}).json()
    assert page["count"] == 2
    assert [m["id"] for m in page["items"]] == [later.pk]
    assert client.get(url, {"from": "yesterday"}).status_code == 422


def test_one_meeting_with_its_decision_log_attendance_and_documents(cast, client, gov):
    client.force_login(cast.pres_viewer)
    data = client.get(reverse("api:get_meeting", args=["rivebourg", gov.meeting.pk])).json()
    assert data["agenda"] == "Planning des veilles"
    assert {o["name"] for o in data["invited_organisations"]} == {
        "Médiateurs Unis",
        "Habitat Nord",
        "Logis Sud",
    }
    assert data["attendance"] == [
        {
            "name": "Sonia",
            "organisation": {"id": cast.operator.pk, "name": "Médiateurs Unis"},
            "status": "present",
        }
    ]
    assert data["documents"] == [
        {
            "title": "Rapport mensuel",
            "url": reverse("governance:document_download", args=["rivebourg", gov.document.pk]),
            "is_review_deck": False,
        }
    ]
    (decision,) = data["decisions"]
    assert decision["text"] == "Les éclairages des halls sont réparés."
    assert decision["action_items"] == [
        {
            "id": gov.action.pk,
            "title": "Réparer l'éclairage du hall LS-1",
            "owner_organisation": {"id": cast.south.pk, "name": "Logis Sud"},
            "owner_user": None,
            "due_on": gov.action.due_on.isoformat(),
            "status": "open",
            "overdue": False,
        }
    ]
    assert data["carried_forward"] == []


def test_decisions_filter_by_action_status_and_overdue(cast, client, gov):
    meeting_day = local(cast.scheme, gov.meeting.starts_at).date()
    late = decision_record(
        meeting=gov.meeting,
        text="En retard",
        recorded_by=None,
        action=ActionSpec(title="Retard", owner_organisation=cast.north, due_on=meeting_day),
    ).action_items.get()
    no_due_date = decision_record(
        meeting=gov.meeting,
        text="Sans échéance",
        recorded_by=None,
        action=ActionSpec(title="Un jour", owner_organisation=cast.north),
    )
    finished = decision_record(
        meeting=gov.meeting,
        text="Terminée",
        recorded_by=None,
        action=ActionSpec(
            title="Fini", owner_organisation=cast.north, due_on=meeting_day + timedelta(days=1)
        ),
    ).action_items.get()
    action_item_transition(item=finished, to_status="done", changed_by=None)
    plain = decision_record(meeting=gov.meeting, text="Sans action", recorded_by=None)

    client.force_login(cast.supervisor)
    url = reverse("api:list_decisions", args=["rivebourg"])
    everything = client.get(url).json()
    assert everything["count"] == 5
    by_text = {d["text"]: d for d in everything["items"]}
    assert by_text["Sans action"]["action_items"] == []
    assert by_text["Sans échéance"]["action_items"][0]["overdue"] is False
    assert by_text["En retard"]["action_items"][0]["overdue"] is True

    overdue = client.get(url, {"overdue": "true"}).json()
    assert [d["action_items"][0]["id"] for d in overdue["items"]] == [late.pk]
    done = client.get(url, {"status": "done"}).json()
    assert [d["text"] for d in done["items"]] == ["Terminée"]
    opened = client.get(url, {"status": "open"}).json()
    assert {d["text"] for d in opened["items"]} == {
        "Les éclairages des halls sont réparés.",
        "En retard",
        "Sans échéance",
    }
    assert no_due_date.pk in {d["id"] for d in opened["items"]}
    assert plain.pk not in {d["id"] for d in opened["items"]}
    assert client.get(url, {"status": "closed"}).status_code == 422


def test_another_scheme_s_partner_sees_nothing_of_rivebourg(cast, client, gov):
    client.force_login(cast.other_partner)
    for name, args in [
        ("api:list_meetings", ["rivebourg"]),
        ("api:list_decisions", ["rivebourg"]),
        ("api:meetings_ical", ["rivebourg"]),
        ("api:get_meeting", ["rivebourg", gov.meeting.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404


def test_the_openapi_document_describes_the_governance_routes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/schemes/{slug}/meetings" in paths
    assert "/api/v1/schemes/{slug}/meetings/{meeting_id}" in paths
    assert "/api/v1/schemes/{slug}/decisions" in paths
    ics = paths["/api/v1/schemes/{slug}/meetings.ics"]["get"]
    assert "text/calendar" in ics["responses"]["200"]["content"]
    parameters = {p["name"] for p in paths["/api/v1/schemes/{slug}/meetings"]["get"]["parameters"]}
    assert {"from", "to", "body", "limit", "offset"} <= parameters
