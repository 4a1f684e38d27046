"""Members leave a scheme from a date, never rewriting the past: their people's access ends the
same day; the operator and the last coordinator cannot leave."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from voisinage.accounts.access import grants_for
from voisinage.accounts.models import Membership
from voisinage.lib import clock as lib_clock
from voisinage.schemes.models import MemberRole, SchemeMember, SettingChange
from voisinage.schemes.services import scheme_member_add

MEMBERS = reverse("schemes:settings_section", args=["rivebourg", "membres"])
SHEET = reverse("schemes:about", args=["rivebourg"])


def _member(cast, organisation, role):
    return SchemeMember.objects.get(scheme=cast.scheme, organisation=organisation, role=role)


def _end(client, member, day):
    return client.post(MEMBERS, {"action": "end", "member": member.pk, "last_day": day.isoformat()})


def test_a_landlord_leaves_today_and_its_referent_no_longer_sees_the_scheme_tomorrow(
    cast, client, clock
):
    south = _member(cast, cast.south, MemberRole.LANDLORD)
    client.force_login(cast.operator_manager)
    today = lib_clock.today()
    response = _end(client, south, today)
    assert response.status_code == 302
    south.refresh_from_db()
    assert south.ends_on == today
    referent = Membership.objects.get(user=cast.south_referent, scheme=cast.scheme)
    assert referent.ends_on == today
    log = SettingChange.objects.get(scheme=cast.scheme, section="membres", subject="Logis Sud")
    assert "2 personnes" in log.after
    # Today the referent still reads the scheme; tomorrow it is « page not found ».
    client.force_login(cast.south_referent)
    assert client.get(SHEET).status_code == 200
    clock.advance(days=1)
    assert not [g for g in grants_for(cast.south_referent) if g.scheme_id == cast.scheme.pk]
    client.force_login(cast.south_referent)
    assert client.get(SHEET).status_code == 404
    # The past stays: the membership row and the member row are kept, with their last day.
    assert SchemeMember.objects.filter(pk=south.pk, ends_on=today).exists()


def test_a_member_cannot_leave_in_the_past(cast, client, clock):
    south = _member(cast, cast.south, MemberRole.LANDLORD)
    client.force_login(cast.operator_manager)
    response = _end(client, south, lib_clock.today() - timedelta(days=1))
    assert response.status_code == 400
    assert "le passé n’est pas réécrit" in response.content.decode().replace("'", "’")
    south.refresh_from_db()
    assert south.ends_on is None
    assert Membership.objects.get(user=cast.south_referent, scheme=cast.scheme).ends_on is None
    assert not SettingChange.objects.filter(section="membres").exists()


def test_the_last_coordinator_cannot_leave(cast, client, clock):
    coordinator = _member(cast, cast.north, MemberRole.COORDINATOR)
    client.force_login(cast.operator_manager)
    response = _end(client, coordinator, lib_clock.today())
    assert response.status_code == 400
    assert "dernier coordinateur" in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.ends_on is None
    # With another coordinator, it can; Habitat Nord stays a landlord, so its people keep
    # their access.
    scheme_member_add(
        scheme=cast.scheme, author=None, organisation_id=cast.city.pk, role=MemberRole.COORDINATOR
    )
    assert _end(client, coordinator, lib_clock.today()).status_code == 302
    assert Membership.objects.get(user=cast.north_referent, scheme=cast.scheme).ends_on is None


def test_the_operator_cannot_leave(cast, client, clock):
    operator = _member(cast, cast.operator, MemberRole.OPERATOR)
    client.force_login(cast.operator_manager)
    response = _end(client, operator, lib_clock.today() + timedelta(days=10))
    assert response.status_code == 400
    assert "opérateur" in response.content.decode()
    operator.refresh_from_db()
    assert operator.ends_on is None


def test_an_organisation_that_left_comes_back_from_today(cast, client, clock):
    south = _member(cast, cast.south, MemberRole.LANDLORD)
    client.force_login(cast.operator_manager)
    _end(client, south, lib_clock.today())
    clock.advance(days=3)
    back = scheme_member_add(
        scheme=cast.scheme, author=None, organisation_id=cast.south.pk, role=MemberRole.LANDLORD
    )
    assert back.pk != south.pk
    assert back.starts_on == lib_clock.today()
    south.refresh_from_db()
    assert south.ends_on == lib_clock.today() - timedelta(days=3)


def test_only_managers_end_members(cast, client, clock):
    south = _member(cast, cast.south, MemberRole.LANDLORD)
    client.force_login(cast.south_referent)
    assert _end(client, south, lib_clock.today()).status_code == 404
    south.refresh_from_db()
    assert south.ends_on is None
