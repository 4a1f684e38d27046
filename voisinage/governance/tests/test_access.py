"""Who reaches what: the object routes and POST routes the shared matrix cannot walk, as every
persona, plus the rules behind them (members see, editors edit, owners move their items)."""

import pytest
from django.urls import reverse

from voisinage.accounts.services import api_token_create
from voisinage.governance.models import ActionItem, ActionStatus, Meeting
from voisinage.governance.selectors import can_edit_governance
from voisinage.governance.tests.matrix import COMPLIANCE_READERS, EDITORS, RIVEBOURG

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = pytest.mark.time_sensitive

# Members of the organisation owning the fixture's action item (Logis Sud), and the editors.
ACTION_UPDATERS = EDITORS | {"south_referent"}


def object_routes(gov):
    m, doc = gov.meeting.pk, gov.document.pk
    return [
        ("governance:meeting", ("rivebourg", m), RIVEBOURG),
        ("governance:meeting_edit", ("rivebourg", m), EDITORS),
        ("governance:meeting_minutes", ("rivebourg", m), EDITORS),
        ("governance:meeting_attendance", ("rivebourg", m), EDITORS),
        ("governance:document_download", ("rivebourg", doc), RIVEBOURG),
        ("api:get_meeting", ("rivebourg", m), RIVEBOURG),
    ]


def test_object_routes_answer_200_to_those_allowed_and_404_to_everyone_else(cast, client, gov):
    for name, args, allowed in object_routes(gov):
        url = reverse(name, args=args)
        for persona, user in cast.personas().items():
            client.force_login(user)
            response = client.get(url)
            assert response.status_code == (200 if persona in allowed else 404), (persona, url)
            client.logout()


def test_the_meeting_api_answers_bearer_tokens_like_the_session(cast, client, gov):
    url = reverse("api:get_meeting", args=["rivebourg", gov.meeting.pk])
    for persona, user in cast.personas().items():
        _token, raw = api_token_create(user=user, name="t")
        response = client.get(url, headers={"authorization": f"Bearer {raw}"})
        assert response.status_code == (200 if persona in RIVEBOURG else 404), persona
    assert client.get(url).status_code == 401


def test_anonymous_visitors_are_sent_to_the_login_page(client, gov):
    for name, args, _allowed in object_routes(gov):
        if name.startswith("api:"):
            continue
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def post_routes(gov):
    """(url name, args, data, who may post) — everyone else gets 404 and nothing changes."""
    m, item = gov.meeting.pk, gov.action.pk
    deck = {"day": "2026-01-01", "time": "10:00"}
    return [
        ("governance:decision_add", ("rivebourg", m), {"text": "Décision"}, EDITORS),
        ("governance:document_add", ("rivebourg", m), {"title": "Lien", "url": "/x/"}, EDITORS),
        ("governance:meeting_invite", ("rivebourg", m), {}, EDITORS),
        ("governance:meeting_deck", ("rivebourg", m), deck, EDITORS),
        ("governance:action_status", ("rivebourg", item), {"status": "done"}, ACTION_UPDATERS),
        ("governance:calendar_regenerate", ("rivebourg",), {}, RIVEBOURG),
        ("governance:calendar_revoke", ("rivebourg",), {}, RIVEBOURG),
    ]


@pytest.mark.parametrize("index", range(7))
def test_post_routes_answer_404_to_those_not_allowed(cast, client, gov, index):
    name, args, data, allowed = post_routes(gov)[index]
    url = reverse(name, args=args)
    for persona, user in cast.personas().items():
        if persona in allowed:
            continue
        client.force_login(user)
        assert client.post(url, data).status_code == 404, (persona, url)
    # Nothing was written by the refused personas.
    assert gov.meeting.decisions.count() == 1
    assert gov.meeting.documents.count() == 1
    assert ActionItem.objects.get().status == ActionStatus.OPEN


@pytest.mark.parametrize("index", range(7))
def test_post_routes_are_open_to_those_allowed(cast, client, gov, index):
    name, args, data, allowed = post_routes(gov)[index]
    persona = sorted(allowed)[0]
    client.force_login(cast.personas()[persona])
    response = client.post(reverse(name, args=args), data)
    assert response.status_code in {200, 302, 400}, persona  # 400: a form error, not access


def test_removing_attendance_or_a_document_or_cancelling_needs_an_editor(cast, client, gov):
    urls = [
        reverse(
            "governance:attendance_remove",
            args=["rivebourg", gov.meeting.pk, gov.attendance.pk],
        ),
        reverse("governance:document_remove", args=["rivebourg", gov.document.pk]),
        reverse("governance:meeting_cancel", args=["rivebourg", gov.meeting.pk]),
    ]
    for persona, user in cast.personas().items():
        if persona in EDITORS:
            continue
        client.force_login(user)
        for url in urls:
            assert client.post(url).status_code == 404, (persona, url)
    client.force_login(cast.north_referent)  # the coordinator's referent may
    for url in urls:
        assert client.post(url).status_code == 302
    gov.meeting.refresh_from_db()
    assert gov.meeting.is_cancelled
    assert gov.meeting.attendances.count() == 0
    assert gov.meeting.documents.count() == 0


def test_get_on_a_post_route_is_refused(cast, client, gov):
    client.force_login(cast.supervisor)
    url = reverse("governance:decision_add", args=["rivebourg", gov.meeting.pk])
    assert client.get(url).status_code == 405


def test_the_buttons_follow_the_same_rule_as_the_querysets(cast, gov):
    for persona, user in cast.personas().items():
        editable = Meeting.objects.editable_by(user).filter(pk=gov.meeting.pk).exists()
        assert can_edit_governance(user, cast.scheme) == editable, persona
        assert editable == (persona in EDITORS), persona


def test_a_partner_referent_of_a_non_coordinating_organisation_cannot_edit(cast, gov):
    # Logis Sud is a landlord of Rivebourg, not its coordinator; the city is a funder.
    for user in (cast.south_referent, cast.city_officer):
        assert not Meeting.objects.editable_by(user).exists()


def test_the_owning_organisation_may_move_its_item_and_others_may_not(cast, client, gov):
    url = reverse("governance:action_status", args=["rivebourg", gov.action.pk])
    client.force_login(cast.city_officer)
    assert client.post(url, {"status": "done"}).status_code == 404
    client.force_login(cast.south_referent)
    response = client.post(url, {"status": "done", "note": "Réparé le 12"})
    assert response.status_code == 302
    gov.action.refresh_from_db()
    assert gov.action.status == ActionStatus.DONE
    change = gov.action.history.last()
    assert (change.from_status, change.to_status, change.note) == ("open", "done", "Réparé le 12")
    assert change.changed_by == cast.south_referent


def test_a_person_owning_an_item_may_move_it(cast, client, gov):
    gov.action.owner_user = cast.city_officer
    gov.action.save()
    client.force_login(cast.city_officer)
    url = reverse("governance:action_status", args=["rivebourg", gov.action.pk])
    assert client.post(url, {"status": "in_progress"}).status_code == 302
    gov.action.refresh_from_db()
    assert gov.action.status == ActionStatus.IN_PROGRESS


def test_a_meeting_of_another_scheme_is_not_found_through_rivebourg(
    cast, client, gov, other_meeting
):
    client.force_login(cast.admin)
    url = reverse("governance:meeting", args=["rivebourg", other_meeting.pk])
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("governance:meeting", args=["autreville", other_meeting.pk])).status_code
        == 200
    )
    client.force_login(cast.other_partner)
    assert (
        client.get(reverse("governance:meeting", args=["autreville", other_meeting.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("governance:meeting", args=["autreville", gov.meeting.pk])).status_code
        == 404
    )


def test_a_link_document_has_no_download(cast, client, gov):
    from voisinage.governance.services import document_add

    link = document_add(
        meeting=gov.meeting, title="Bilan", url="/dispositifs/rivebourg/", added_by=None
    )
    client.force_login(cast.supervisor)
    assert (
        client.get(reverse("governance:document_download", args=["rivebourg", link.pk])).status_code
        == 404
    )


def test_files_are_downloaded_as_attachments_with_their_name(cast, client, gov):
    client.force_login(cast.pres_viewer)
    response = client.get(
        reverse("governance:document_download", args=["rivebourg", gov.document.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="rapport.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_the_navigation_shows_committees_to_members_and_compliance_to_its_readers(
    cast, client, gov
):
    meetings_url = reverse("governance:meetings", args=["rivebourg"])
    compliance_url = reverse("governance:compliance", args=["rivebourg"])
    for persona, user in cast.personas().items():
        if persona not in RIVEBOURG:
            continue
        client.force_login(user)
        page = client.get(reverse("territory:overview", args=["rivebourg"])).content.decode()
        assert f'href="{meetings_url}"' in page, persona
        assert (f'href="{compliance_url}"' in page) == (persona in COMPLIANCE_READERS), persona
