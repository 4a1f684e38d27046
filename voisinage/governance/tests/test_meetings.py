"""Meetings through their pages and services: creation, stale edits refused, minutes,
attendance, documents, the crisis form, the lists (upcoming first, no query per row)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from voisinage.governance.models import Attendance, Meeting, MeetingDocument
from voisinage.governance.selectors import scheme_zone
from voisinage.governance.services import (
    ActionSpec,
    action_item_transition,
    attendance_record,
    decision_record,
    document_add,
    meeting_create,
    meeting_minutes_record,
    meeting_update,
)
from voisinage.governance.tests.conftest import at, local

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = pytest.mark.time_sensitive


def form_data(cast, gov, **extra):
    start = local(cast.scheme, at(cast.scheme, 12))
    return {
        "body": gov.technical.pk,
        "title": "",
        "day": start.date().isoformat(),
        "start": "09:30",
        "end": "11:00",
        "place": "Salle Rivière",
        "invited_organisations": [cast.operator.pk, cast.city.pk],
        "agenda": "Ordre du jour",
        **extra,
    }


def test_an_editor_creates_a_meeting_at_the_local_time_entered(cast, client, gov):
    client.force_login(cast.north_referent)
    response = client.post(
        reverse("governance:meeting_create", args=["rivebourg"]), form_data(cast, gov)
    )
    meeting = Meeting.objects.exclude(pk=gov.meeting.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:meeting", args=["rivebourg", meeting.pk])
    start = local(cast.scheme, meeting.starts_at)
    assert (start.hour, start.minute) == (9, 30)
    assert meeting.ends_at - meeting.starts_at == timedelta(minutes=90)
    assert set(meeting.invited_organisations.all()) == {cast.operator, cast.city}
    assert meeting.created_by == cast.north_referent


def test_without_invitees_a_new_meeting_invites_the_body_s_usual_ones(cast, client, gov):
    client.force_login(cast.supervisor)
    client.post(
        reverse("governance:meeting_create", args=["rivebourg"]),
        form_data(cast, gov, invited_organisations=[]),
    )
    meeting = Meeting.objects.exclude(pk=gov.meeting.pk).get()
    assert set(meeting.invited_organisations.all()) == {cast.operator, cast.north, cast.south}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"end": "09:00"}, "end"),
        ({"day": "not a date"}, "day"),
        ({"body": "999999"}, "body"),
        ({"invited_organisations": ["999999"]}, "invited_organisations"),
    ],
)
def test_bad_input_is_refused_with_a_form_error_and_creates_nothing(
    cast, client, gov, change, field
):
    client.force_login(cast.supervisor)
    response = client.post(
        reverse("governance:meeting_create", args=["rivebourg"]), form_data(cast, gov, **change)
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert Meeting.objects.count() == 1


def test_another_scheme_s_organisation_cannot_be_invited(cast, gov, english):
    with pytest.raises(ValidationError, match="Only organisations of the scheme"):
        meeting_create(
            scheme=cast.scheme,
            body=gov.technical,
            starts_at=at(cast.scheme, 3),
            invited_organisation_ids=[cast.other_entrance.landlord_id],
            created_by=None,
        )
    assert Meeting.objects.count() == 1


def test_another_scheme_s_body_cannot_be_used(cast, gov, other_meeting, english):
    with pytest.raises(ValidationError, match="another scheme"):
        meeting_create(
            scheme=cast.scheme,
            body=other_meeting.body,
            starts_at=at(cast.scheme, 3),
            created_by=None,
        )


def test_an_edit_made_on_a_stale_page_is_refused_and_changes_nothing(cast, client, gov):
    client.force_login(cast.supervisor)
    url = reverse("governance:meeting_edit", args=["rivebourg", gov.meeting.pk])
    stale = client.get(url).context["form"].initial["version"]
    meeting_minutes_record(meeting=gov.meeting, minutes="Compte rendu", expected_version=stale)

    response = client.post(url, form_data(cast, gov, place="Ailleurs", version=stale))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    gov.meeting.refresh_from_db()
    assert gov.meeting.place == "Salle du conseil"
    assert gov.meeting.minutes == "Compte rendu"


def test_minutes_are_saved_and_a_stale_save_is_refused(cast, client, gov):
    client.force_login(cast.supervisor)
    url = reverse("governance:meeting_minutes", args=["rivebourg", gov.meeting.pk])
    response = client.post(url, {"minutes": "Présents : tous.", "version": gov.meeting.version})
    assert response.status_code == 302
    response = client.post(url, {"minutes": "Écrasé", "version": gov.meeting.version})
    assert response.status_code == 200
    gov.meeting.refresh_from_db()
    assert gov.meeting.minutes == "Présents : tous."
    assert gov.meeting.version == 2


def test_a_cancelled_meeting_can_no_longer_be_changed(cast, client, gov, english):
    client.force_login(cast.supervisor)
    client.post(reverse("governance:meeting_cancel", args=["rivebourg", gov.meeting.pk]))
    gov.meeting.refresh_from_db()
    # The request above switched the thread's language: check the English message explicitly.
    with translation.override("en"):
        with pytest.raises(ValidationError, match="cancelled"):
            meeting_minutes_record(
                meeting=gov.meeting, minutes="x", expected_version=gov.meeting.version
            )
        with pytest.raises(ValidationError, match="cancelled"):
            decision_record(meeting=gov.meeting, text="x", recorded_by=None)
    assert gov.meeting.decisions.count() == 1


def test_the_crisis_form_calls_a_meeting_in_one_step(cast, client, gov):
    client.force_login(cast.supervisor)
    url = reverse("governance:meeting_crisis", args=["rivebourg"])
    initial = client.get(url).context["form"].initial
    response = client.post(
        url,
        {
            "day": initial["day"].isoformat(),
            "start": "21:15",
            "place": "Local",
            "reason": "Squat du hall HN-2",
        },
    )
    meeting = Meeting.objects.get(body__kind="crisis")
    assert response["Location"] == reverse("governance:meeting", args=["rivebourg", meeting.pk])
    assert meeting.display_title == "Squat du hall HN-2"
    assert local(cast.scheme, meeting.starts_at).strftime("%H:%M") == "21:15"


def test_the_crisis_form_needs_a_reason(cast, client, gov):
    client.force_login(cast.supervisor)
    response = client.post(
        reverse("governance:meeting_crisis", args=["rivebourg"]),
        {"day": "2026-01-01", "start": "10:00", "place": "Local", "reason": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert not Meeting.objects.filter(body__kind="crisis").exists()


def test_attendance_of_a_person_of_the_scheme_or_a_guest(cast, client, gov):
    client.force_login(cast.north_referent)
    url = reverse("governance:meeting_attendance", args=["rivebourg", gov.meeting.pk])
    participants = client.get(url).context["form"].participants
    helene = next(pk for pk, m in participants.items() if m.user == cast.north_referent)
    assert client.post(url, {"person": helene, "status": "present"}).status_code == 302
    guest = {"person_name": "Inès Morel", "organisation": cast.city.pk, "status": "excused"}
    assert client.post(url, guest).status_code == 302
    rows = {(a.display_name, a.organisation, a.status) for a in gov.meeting.attendances.all()}
    assert rows == {
        ("Sonia", cast.operator, "present"),
        ("Hélène", cast.north, "present"),
        ("Inès Morel", cast.city, "excused"),
    }
    # Recording the same person again corrects the row.
    client.post(url, {"person": helene, "status": "absent"})
    assert gov.meeting.attendances.get(user=cast.north_referent).status == "absent"
    assert gov.meeting.attendances.count() == 3


def test_attendance_needs_exactly_one_person(cast, client, gov):
    client.force_login(cast.north_referent)
    url = reverse("governance:meeting_attendance", args=["rivebourg", gov.meeting.pk])
    assert client.post(url, {"status": "present"}).status_code == 200
    assert (
        client.post(url, {"person_name": "Sans organisation", "status": "present"}).status_code
        == 200
    )
    assert gov.meeting.attendances.count() == 1


def test_presence_cannot_be_recorded_before_the_meeting(cast, gov, english):
    future = meeting_create(
        scheme=cast.scheme,
        body=gov.technical,
        starts_at=at(cast.scheme, 5),
        created_by=None,
        notify=False,
    )
    with pytest.raises(ValidationError, match="once the meeting has started"):
        attendance_record(
            meeting=future, organisation=cast.operator, user=cast.agent, status="present"
        )
    excused = attendance_record(
        meeting=future, organisation=cast.operator, user=cast.agent, status="excused"
    )
    assert excused.status == "excused"


def test_an_organisation_outside_the_scheme_cannot_attend(cast, gov, english):
    with pytest.raises(ValidationError, match="takes no part"):
        attendance_record(
            meeting=gov.meeting,
            organisation=cast.other_entrance.landlord,
            person_name="Intrus",
            status="present",
        )
    assert Attendance.objects.count() == 1


def test_uploaded_files_are_checked_and_stored_under_media_root(cast, gov, media, english):
    too_big = SimpleUploadedFile("gros.pdf", b"x" * (20 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="larger than 20 MB"):
        document_add(meeting=gov.meeting, title="Gros", upload=too_big, added_by=None)
    with pytest.raises(ValidationError, match="Accepted files"):
        document_add(
            meeting=gov.meeting,
            title="Page",
            upload=SimpleUploadedFile("x.html", b"<script>"),
            added_by=None,
        )
    with pytest.raises(ValidationError, match="either a file or a link"):
        document_add(meeting=gov.meeting, title="Rien", added_by=None)
    assert MeetingDocument.objects.count() == 1
    stored = media / gov.document.file.name
    assert stored.read_bytes() == b"%PDF-1.4 test"
    assert stored.name != "rapport.pdf"  # a random name; the original is kept for downloads
    assert sorted(p.name for p in stored.parent.iterdir()) == [stored.name]


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "//evil.example/x", "ftp://x.example/y", "rien"]
)
def test_links_must_be_pages_of_voisinage_or_web_addresses(cast, gov, url, english):
    with pytest.raises(ValidationError, match="page of Voisinage"):
        document_add(meeting=gov.meeting, title="Lien", url=url, added_by=None)


def test_removing_a_document_deletes_its_file(
    cast, client, gov, media, django_capture_on_commit_callbacks
):
    stored = media / gov.document.file.name
    client.force_login(cast.supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("governance:document_remove", args=["rivebourg", gov.document.pk]))
    assert not stored.exists()
    assert MeetingDocument.objects.count() == 0


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
