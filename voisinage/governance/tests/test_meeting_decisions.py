"""Meetings' decisions and action items, the meeting and action lists (upcoming first, no
query per row), and the review deck a meeting links to (built for each reader)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from voisinage.governance.models import Meeting, MeetingDocument
from voisinage.governance.selectors import scheme_zone
from voisinage.governance.services import (
    ActionSpec,
    action_item_transition,
    decision_record,
    document_add,
    meeting_create,
    meeting_update,
)
from voisinage.governance.tests.conftest import at, form_data, local

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = pytest.mark.time_sensitive


def test_the_decision_form_records_a_decision_with_its_action_item(cast, client, gov):
    client.force_login(cast.supervisor)
    url = reverse("governance:decision_add", args=["rivebourg", gov.meeting.pk])
    due = local(cast.scheme, gov.meeting.starts_at).date() + timedelta(days=7)
    response = client.post(
        url,
        {
            "text": "Le hall HN-1 est nettoyé.",
            "action_title": "Nettoyer le hall HN-1",
            "owner": f"o{cast.north.pk}",
            "due_on": due.isoformat(),
        },
    )
    assert response.status_code == 302
    decision = gov.meeting.decisions.get(text="Le hall HN-1 est nettoyé.")
    item = decision.action_items.get()
    assert (item.title, item.owner_organisation, item.due_on, item.status) == (
        "Nettoyer le hall HN-1",
        cast.north,
        due,
        "open",
    )
    assert decision.position == 2


def test_an_action_owned_by_a_person_records_the_person_and_their_organisation(cast, client, gov):
    client.force_login(cast.supervisor)
    meeting_url = reverse("governance:meeting", args=["rivebourg", gov.meeting.pk])
    form = client.get(meeting_url).context["decision_form"]
    vincent = next(pk for pk, m in form.participants.items() if m.user == cast.city_officer)
    client.post(
        reverse("governance:decision_add", args=["rivebourg", gov.meeting.pk]),
        {"text": "Rappel", "action_title": "Appeler le syndic", "owner": f"m{vincent}"},
    )
    item = gov.meeting.decisions.get(text="Rappel").action_items.get()
    assert (item.owner_user, item.owner_organisation) == (cast.city_officer, cast.city)


def test_an_action_without_owner_is_shown_back_on_the_meeting_page(cast, client, gov):
    client.force_login(cast.supervisor)
    response = client.post(
        reverse("governance:decision_add", args=["rivebourg", gov.meeting.pk]),
        {"text": "Décision", "action_title": "Sans propriétaire"},
    )
    assert response.status_code == 400
    assert response.context["decision_form"].errors["owner"]
    assert gov.meeting.decisions.count() == 1


def test_the_list_shows_upcoming_meetings_first_then_past_ones(cast, client, gov):
    soon = meeting_create(
        scheme=cast.scheme, body=gov.technical, starts_at=at(cast.scheme, 2), created_by=None
    )
    later = meeting_create(
        scheme=cast.scheme, body=gov.steering, starts_at=at(cast.scheme, 30), created_by=None
    )
    older = meeting_create(
        scheme=cast.scheme, body=gov.technical, starts_at=at(cast.scheme, -40), created_by=None
    )
    client.force_login(cast.pres_viewer)
    response = client.get(reverse("governance:meetings", args=["rivebourg"]))
    assert response.context["upcoming"] == [soon, later]
    assert list(response.context["page"]) == [gov.meeting, older]
    filtered = client.get(
        reverse("governance:meetings", args=["rivebourg"]), {"body": gov.steering.pk}
    )
    assert filtered.context["upcoming"] == [later]
    assert list(filtered.context["page"]) == []
    start = local(cast.scheme, soon.starts_at).date().isoformat()
    ranged = client.get(
        reverse("governance:meetings", args=["rivebourg"]), {"from": start, "to": start}
    )
    assert ranged.context["upcoming"] == [soon]


def test_the_lists_do_not_query_per_row(cast, client, gov, django_assert_max_num_queries):
    for days in range(-60, 60, 4):
        meeting = meeting_create(
            scheme=cast.scheme,
            body=gov.technical,
            starts_at=at(cast.scheme, days),
            created_by=None,
            notify=False,
        )
        if days < 0:
            decision_record(
                meeting=meeting,
                text="D",
                recorded_by=None,
                action=ActionSpec(title=f"Action {days}", owner_organisation=cast.south),
            )
    client.force_login(cast.supervisor)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("governance:meetings", args=["rivebourg"])).status_code == 200
    with django_assert_max_num_queries(14):
        response = client.get(reverse("governance:actions", args=["rivebourg"]))
    assert response.context["page"].paginator.count == 16
    with django_assert_max_num_queries(20):
        assert (
            client.get(
                reverse("governance:meeting", args=["rivebourg", gov.meeting.pk])
            ).status_code
            == 200
        )


def test_the_action_list_filters_by_owner_and_overdue(cast, client, gov):
    late = decision_record(
        meeting=gov.meeting,
        text="Retard",
        recorded_by=None,
        action=ActionSpec(
            title="Action en retard",
            owner_organisation=cast.north,
            due_on=local(cast.scheme, gov.meeting.starts_at).date(),
        ),
    ).action_items.get()
    client.force_login(cast.pres_viewer)
    url = reverse("governance:actions", args=["rivebourg"])
    assert list(client.get(url, {"overdue": "1"}).context["page"]) == [late]
    assert list(client.get(url, {"owner": cast.south.pk}).context["page"]) == [gov.action]
    assert client.get(url, {"status": "done"}).context["page"].paginator.count == 0
    assert client.get(url, {"status": "bogus"}).context["status"] == "current"
    action_item_transition(item=late, to_status="in_progress", changed_by=None)
    assert list(client.get(url).context["page"]) == [late, gov.action]  # by owner: Habitat Nord
    assert list(client.get(url, {"status": "open"}).context["page"]) == [gov.action]


def test_the_meeting_page_warns_when_the_deck_is_missing(cast, client, gov):
    meeting = meeting_create(
        scheme=cast.scheme,
        body=gov.steering,
        starts_at=at(cast.scheme, 3),
        created_by=None,
        notify=False,
    )
    client.force_login(cast.city_officer)
    page = client.get(
        reverse("governance:meeting", args=["rivebourg", meeting.pk])
    ).content.decode()
    assert 'data-state="missing"' in page
    client.force_login(cast.supervisor)
    day = local(cast.scheme, at(cast.scheme, -1)).date().isoformat()
    client.post(
        reverse("governance:meeting_deck", args=["rivebourg", meeting.pk]),
        {"day": day, "time": "10:00"},
    )
    page = client.get(
        reverse("governance:meeting", args=["rivebourg", meeting.pk])
    ).content.decode()
    assert 'data-state="late"' in page


def test_updates_keep_the_meeting_in_its_scheme(cast, gov, other_meeting, english):
    with pytest.raises(ValidationError, match="another scheme"):
        meeting_update(
            meeting=gov.meeting,
            expected_version=gov.meeting.version,
            body=other_meeting.body,
            starts_at=gov.meeting.starts_at,
            ends_at=gov.meeting.ends_at,
            place="",
            title="",
            agenda="",
            invited_organisation_ids=[],
        )
    gov.meeting.refresh_from_db()
    assert gov.meeting.body == gov.technical


def test_a_meeting_of_a_retired_body_can_still_be_edited_but_no_new_one_created(cast, client, gov):
    gov.technical.is_active = False
    gov.technical.save()
    client.force_login(cast.supervisor)
    edit = reverse("governance:meeting_edit", args=["rivebourg", gov.meeting.pk])
    data = form_data(cast, gov, version=gov.meeting.version, place="Nouvelle salle")
    assert client.post(edit, data).status_code == 302
    gov.meeting.refresh_from_db()
    assert gov.meeting.place == "Nouvelle salle"
    response = client.post(
        reverse("governance:meeting_create", args=["rivebourg"]), form_data(cast, gov)
    )
    assert response.context["form"].errors["body"]
    assert Meeting.objects.count() == 1


def test_a_review_deck_is_never_a_file_and_is_a_link_built_for_each_reader(cast, gov, english):
    deck = SimpleUploadedFile("bilan.pptx", b"PK whole scheme", "application/octet-stream")
    with pytest.raises(ValidationError, match="built for each reader"):
        document_add(
            meeting=gov.meeting, title="Bilan", upload=deck, is_review_deck=True, added_by=None
        )
    assert MeetingDocument.objects.count() == 1
    linked = document_add(
        meeting=gov.meeting, title="Bilan du semestre", is_review_deck=True, added_by=None
    )
    day = gov.meeting.starts_at.astimezone(scheme_zone(cast.scheme)).date()
    assert linked.url == f"/dispositifs/rivebourg/bilan/bilan.pptx?avant={day.isoformat()}"


def test_following_the_deck_link_gives_each_reader_its_own_perimeter(cast, gov, client):
    from datetime import datetime, time

    from voisinage.analytics.periods import Period, PeriodKind
    from voisinage.field.logbook.services import intervention_record
    from voisinage.tests.canary.crawl import document_text

    day = gov.meeting.starts_at.astimezone(scheme_zone(cast.scheme)).date()
    reviewed = Period.around(PeriodKind.HALF_YEAR, day).previous()
    moment = datetime.combine(
        reviewed.first + timedelta(days=20), time(21), tzinfo=scheme_zone(cast.scheme)
    )
    for entrance in (cast.north_entrances[0], cast.south_entrances[0]):  # Les Prés, Centre
        intervention_record(
            scheme=cast.scheme,
            author=cast.agent,
            started_at=moment,
            origin="patrol",
            entrance=entrance,
        )
    linked = document_add(meeting=gov.meeting, title="Bilan", is_review_deck=True, added_by=None)
    texts = {}
    for user in (cast.supervisor, cast.south_referent):
        client.force_login(user)
        response = client.get(linked.url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        texts[user.username] = document_text(response.content)
    assert "Les Prés" in texts["sonia"]
    assert "Les Prés" not in texts["nicolas"]  # Logis Sud owns nothing there
    assert "Centre" in texts["nicolas"]


def test_a_review_deck_stored_as_a_file_is_read_by_whole_scheme_grants_only(cast, gov, client):
    """Attached before decks became links: it holds its author's figures."""
    legacy = MeetingDocument(meeting=gov.meeting, title="Ancien bilan", is_review_deck=True)
    legacy.file.save("bilan.pptx", SimpleUploadedFile("bilan.pptx", b"PK old"), save=False)
    legacy.filename = "bilan.pptx"
    legacy.save()
    url = reverse("governance:document_download", args=["rivebourg", legacy.pk])
    meeting = reverse("governance:meeting", args=["rivebourg", gov.meeting.pk])
    for user, readable in (
        (cast.supervisor, True),
        (cast.city_officer, True),
        (cast.north_referent, False),
        (cast.centre_supervisor, False),
    ):
        client.force_login(user)
        assert client.get(url).status_code == (200 if readable else 404), user
        assert ("Ancien bilan" in client.get(meeting).content.decode()) == readable, user
