"""A new meeting offers as invitees the organisations whose membership is in force; an edited
meeting keeps offering the ones it already invites."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils.html import escape

from voisinage.lib import clock
from voisinage.schemes.models import SchemeMember


def _offered(page, organisation):
    return re.search(rf'name="invited_organisations" value="{organisation.pk}"', page) is not None


def test_a_departed_member_is_not_offered_as_invitee_of_a_new_meeting(cast, gov, client):
    client.force_login(cast.supervisor)
    new = reverse("governance:meeting_create", args=["rivebourg"])
    assert _offered(client.get(new).content.decode(), cast.city)

    yesterday = clock.local_today(cast.scheme.time_zone) - timedelta(days=1)
    SchemeMember.objects.filter(scheme=cast.scheme, organisation=cast.city).update(
        ends_on=yesterday
    )
    page = client.get(new).content.decode()
    assert _offered(page, cast.north)
    assert not _offered(page, cast.city)

    gov.meeting.invited_organisations.add(cast.city)
    edit = reverse("governance:meeting_edit", args=["rivebourg", gov.meeting.pk])
    assert _offered(client.get(edit).content.decode(), cast.city)


def test_attendance_and_action_owners_offer_members_in_force_and_what_the_meeting_names(
    cast, gov, client
):
    """The City left yesterday and the technical committee's meeting did not invite it: it is
    no longer offered as a guest's organisation nor as an action owner; once the meeting
    names it (invited), its attendance can be recorded again."""
    from voisinage.governance.models import Attendance, Decision

    yesterday = clock.local_today(cast.scheme.time_zone) - timedelta(days=1)
    SchemeMember.objects.filter(scheme=cast.scheme, organisation=cast.city).update(
        ends_on=yesterday
    )
    client.force_login(cast.supervisor)
    url = reverse("governance:meeting_attendance", args=["rivebourg", gov.meeting.pk])

    def guest_org(organisation):
        return f'<option value="{organisation.pk}">{escape(str(organisation))}</option>'

    page = client.get(url).content.decode()
    assert guest_org(cast.north) in page
    assert guest_org(cast.city) not in page
    guest = {"person_name": "Mme Invitée", "organisation": cast.city.pk, "status": "present"}
    attendances = Attendance.objects.filter(meeting=gov.meeting).count()
    assert client.post(url, guest).status_code == 200  # the form again, with the error
    assert Attendance.objects.filter(meeting=gov.meeting).count() == attendances

    gov.meeting.invited_organisations.add(cast.city)
    assert guest_org(cast.city) in client.get(url).content.decode()
    assert client.post(url, guest).status_code == 302
    assert Attendance.objects.filter(meeting=gov.meeting, organisation=cast.city).exists()

    decisions = Decision.objects.count()
    decision = {"text": "Suivi des tags", "action_title": "Nettoyer", "owner": f"o{cast.city.pk}"}
    add = reverse("governance:decision_add", args=["rivebourg", gov.meeting.pk])
    assert client.post(add, decision).status_code == 400
    assert Decision.objects.count() == decisions
    assert client.post(add, {**decision, "owner": f"o{cast.north.pk}"}).status_code == 302
