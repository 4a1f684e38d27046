"""Grants at a date, and the other direction of the access rule: who may read an object.

``readers(obj)`` must answer exactly the users for whom ``visible_to`` returns the object; the
tests compare both directions over every entrance and every persona of the cast."""

from datetime import timedelta

import pytest
from django.db.models import Q

from voisinage.accounts.access import forget_grants, grants_for, may_read, readable, readers
from voisinage.accounts.models import Membership
from voisinage.lib.clock import today
from voisinage.territory.models import Entrance


def names(users):
    return sorted(u.username for u in users)


def test_a_membership_that_ended_yesterday_grants_nothing_today(cast):
    assert grants_for(cast.former_referent) == ()
    assert Entrance.objects.visible_to(cast.former_referent).count() == 0
    assert not may_read(cast.former_referent, cast.south_entrances[0])


def test_the_last_day_still_grants_and_a_future_first_day_does_not_yet(cast):
    membership = Membership.objects.get(user=cast.former_referent)
    membership.ends_on = today()
    membership.save(update_fields=["ends_on"])
    forget_grants(cast.former_referent)
    assert [g.membership_id for g in grants_for(cast.former_referent)] == [membership.pk]
    membership.starts_on, membership.ends_on = today() + timedelta(days=1), None
    membership.save(update_fields=["starts_on", "ends_on"])
    forget_grants(cast.former_referent)
    assert grants_for(cast.former_referent) == ()
    assert len(grants_for(cast.former_referent, on=today() + timedelta(days=1))) == 1


def test_the_readers_of_an_entrance_follow_each_grant_s_perimeter(cast):
    hn1, hn3, ls1 = cast.north_entrances[0], cast.north_entrances[2], cast.south_entrances[0]
    whole = ["olivier", "sonia", "vincent", "yanis"]
    assert names(readers(hn1)) == sorted([*whole, "helene", "lea", "quentin"])
    assert names(readers(hn3)) == sorted([*whole, "helene", "marc"])
    assert names(readers(ls1)) == sorted([*whole, "marc", "nicolas"])
    # Yesterday Fanny was still Logis Sud's referent.
    yesterday = today() - timedelta(days=1)
    assert "fanny" in names(readers(ls1, on=yesterday))


def test_a_section_and_a_capability_narrow_the_readers(cast):
    hn3 = cast.north_entrances[2]

    def person(grant):
        # Operator staff everywhere they read; others only at their own organisation's stock.
        return True if grant.sees_personal_data else Q(landlord_id=grant.organisation_id)

    assert names(readers(hn3, section=person)) == ["helene", "marc", "olivier", "sonia", "yanis"]
    assert names(readers(hn3, require="can_supervise")) == ["marc", "olivier", "sonia"]
    assert names(readers(hn3, organisations=[cast.north.pk])) == ["helene"]
    assert may_read(cast.north_referent, hn3, section=person)
    assert not may_read(cast.city_officer, hn3, section=person)
    # Léa works for Habitat Nord, but HN-3 is outside her neighbourhoods.
    assert not may_read(cast.north_pres_referent, hn3, section=person)
    assert may_read(cast.admin, hn3, section=person)
    assert not may_read(cast.nobody, hn3)
    # The same section over a list, in one query.
    everything = Entrance.objects.filter(scheme=cast.scheme)
    assert sorted(
        readable(cast.north_pres_referent, everything, section=person).values_list(
            "code", flat=True
        )
    ) == ["HN-1", "HN-2"]
    assert list(readable(cast.city_officer, everything, section=person)) == []
    assert readable(cast.centre_supervisor, everything, section=person).count() == 3


@pytest.mark.parametrize(
    "persona", ["north_referent", "pres_viewer", "centre_supervisor", "former_referent", "nobody"]
)
def test_readers_is_the_inverse_of_visible_to(cast, persona):
    user = cast.personas()[persona]
    for entrance in Entrance.objects.filter(scheme=cast.scheme):
        visible = Entrance.objects.visible_to(user).filter(pk=entrance.pk).exists()
        assert (user in readers(entrance)) == visible, (persona, entrance.code)
        assert may_read(user, entrance) == visible, (persona, entrance.code)


def test_readers_asks_one_query_per_hundred_grants(cast, django_assert_max_num_queries):
    # Memberships, their neighbourhoods, the coverage, the users: four queries.
    with django_assert_max_num_queries(4):
        readers(cast.north_entrances[0])
