"""Changing a person's role or perimeter: the current membership ends yesterday and a new one
starts today; never wider than the manager's own access; never without a manager."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from voisinage.accounts.access import grants_for
from voisinage.accounts.models import Membership, User
from voisinage.factories import UserFactory, grant
from voisinage.lib import clock as lib_clock
from voisinage.schemes.models import SettingChange

PEOPLE = reverse("schemes:settings_section", args=["rivebourg", "personnes"])


def _change(client, membership, **data):
    fields = {f"change-{k}": v for k, v in data.items()}
    return client.post(PEOPLE, {"action": "change", "change-membership": membership.pk, **fields})


def test_a_perimeter_change_keeps_the_past_and_starts_today(cast, client, clock):
    client.force_login(cast.operator_manager)
    old = Membership.objects.get(user=cast.pres_viewer, scheme=cast.scheme)
    response = _change(
        client,
        old,
        role="partner_viewer",
        perimeter="neighbourhoods",
        neighbourhoods=[cast.centre.pk],
    )
    assert response.status_code == 302
    today = lib_clock.today()
    old.refresh_from_db()
    assert old.ends_on == today - timedelta(days=1)
    assert list(old.neighbourhoods.all()) == [cast.pres]  # the past as it was
    new = Membership.objects.get(user=cast.pres_viewer, scheme=cast.scheme, starts_on=today)
    assert list(new.neighbourhoods.all()) == [cast.centre]
    (g,) = list(grants_for(User.objects.get(pk=cast.pres_viewer.pk)))
    assert g.neighbourhood_ids == frozenset({cast.centre.pk})
    log = SettingChange.objects.get(section="personnes", subject=str(cast.pres_viewer))
    assert "Les Prés" in log.before
    assert "Centre" in log.after


def test_a_role_change_wider_than_the_managers_own_is_refused(cast, client, clock):
    narrow = UserFactory.create(username="gestion-nord")
    grant(narrow, cast.scheme, cast.north, "operator_manager", perimeter="landlord")
    client.force_login(narrow)
    target = Membership.objects.get(user=cast.north_referent, scheme=cast.scheme)
    response = _change(client, target, role="partner_viewer", perimeter="scheme")
    assert response.status_code == 400
    assert "plus large que le vôtre" in response.content.decode()
    target.refresh_from_db()
    assert target.ends_on is None
    assert target.perimeter == "landlord"
    assert Membership.objects.filter(user=cast.north_referent, scheme=cast.scheme).count() == 1
    assert not SettingChange.objects.filter(section="personnes").exists()
    # Within the manager's stock, it is allowed.
    ok = _change(client, target, role="partner_viewer", perimeter="landlord")
    assert ok.status_code == 302


def test_the_last_manager_cannot_lose_the_role(cast, client, clock):
    client.force_login(cast.operator_manager)
    own = Membership.objects.get(user=cast.operator_manager, scheme=cast.scheme)
    response = _change(client, own, role="supervisor", perimeter="scheme")
    assert response.status_code == 400
    assert "sans responsable" in response.content.decode()
    own.refresh_from_db()
    assert own.ends_on is None
    assert own.role.code == "operator_manager"
    assert Membership.objects.filter(user=cast.operator_manager, scheme=cast.scheme).count() == 1


def test_a_change_that_changes_nothing_is_refused(cast, client, clock):
    client.force_login(cast.operator_manager)
    target = Membership.objects.get(user=cast.city_officer, scheme=cast.scheme)
    response = _change(client, target, role="partner_referent", perimeter="scheme")
    assert response.status_code == 400
    assert "Rien ne change" in response.content.decode()
    target.refresh_from_db()
    assert target.ends_on is None


def test_only_managers_change_access(cast, client, clock):
    client.force_login(cast.supervisor)
    target = Membership.objects.get(user=cast.city_officer, scheme=cast.scheme)
    assert _change(client, target, role="partner_viewer", perimeter="scheme").status_code == 404
    target.refresh_from_db()
    assert target.ends_on is None
    assert target.role.code == "partner_referent"
