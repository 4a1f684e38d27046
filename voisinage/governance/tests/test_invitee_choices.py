"""A new meeting offers as invitees the organisations whose membership is in force; an edited
meeting keeps offering the ones it already invites."""

import re
from datetime import timedelta

from django.urls import reverse

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
