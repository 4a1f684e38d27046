"""Meetings through their pages and services: creation, stale edits refused, minutes,
attendance, documents, the crisis form (decisions, lists and decks: test_meeting_decisions)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from voisinage.governance.models import Attendance, Meeting, MeetingDocument
from voisinage.governance.services import (
    attendance_record,
    decision_record,
    document_add,
    meeting_create,
    meeting_minutes_record,
)
from voisinage.governance.tests.conftest import at, form_data, local

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = pytest.mark.time_sensitive


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
