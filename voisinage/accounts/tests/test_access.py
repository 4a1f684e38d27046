import pytest
from django.http import Http404

from voisinage.accounts.access import get_or_404, grants_for
from voisinage.schemes.access import access_scheme
from voisinage.schemes.models import Scheme
from voisinage.territory.models import Entrance, Neighbourhood


def codes(user):
    return sorted(Entrance.objects.visible_to(user).values_list("code", flat=True))


def test_a_landlord_referent_sees_only_its_own_entrances(cast):
    assert codes(cast.north_referent) == ["HN-1", "HN-2", "HN-3"]
    assert codes(cast.south_referent) == ["LS-1", "LS-2"]


def test_whole_scheme_roles_see_every_entrance_of_their_scheme_only(cast):
    expected = ["HN-1", "HN-2", "HN-3", "LS-1", "LS-2"]
    assert codes(cast.city_officer) == expected
    assert codes(cast.supervisor) == expected


def test_a_neighbourhood_perimeter_sees_only_those_neighbourhoods(cast):
    assert codes(cast.pres_viewer) == ["HN-1", "HN-2"]
    assert list(Neighbourhood.objects.visible_to(cast.pres_viewer)) == [cast.pres]


def test_a_landlord_sees_the_neighbourhoods_where_it_owns_entrances(cast):
    assert set(Neighbourhood.objects.visible_to(cast.south_referent)) == {cast.centre}
    assert set(Neighbourhood.objects.visible_to(cast.north_referent)) == {cast.pres, cast.centre}


def test_another_schemes_partner_sees_nothing_of_this_scheme(cast):
    assert codes(cast.other_partner) == ["AU-1"]
    with pytest.raises(Http404):
        access_scheme(cast.other_partner, "rivebourg")


def test_nobody_sees_nothing_and_the_administrator_sees_everything(cast):
    assert codes(cast.nobody) == []
    assert len(codes(cast.admin)) == 6
    assert Scheme.objects.visible_to(cast.admin).count() == 2


def test_missing_and_forbidden_are_the_same_404(cast):
    with pytest.raises(Http404):
        access_scheme(cast.north_referent, "does-not-exist")
    with pytest.raises(Http404):
        access_scheme(cast.north_referent, "autreville")
    other = cast.other_entrance.pk
    with pytest.raises(Http404):
        get_or_404(Entrance.objects.visible_to(cast.north_referent), pk=other)
    with pytest.raises(Http404):
        get_or_404(Entrance.objects.visible_to(cast.north_referent), pk="not-a-number")


def test_write_access_needs_the_manage_capability(cast):
    assert access_scheme(cast.operator_manager, "rivebourg", write=True) == cast.scheme
    for user in (cast.supervisor, cast.city_officer, cast.north_referent):
        with pytest.raises(Http404):
            access_scheme(user, "rivebourg", write=True)


def test_inactive_memberships_and_users_grant_nothing(cast):
    cast.city_officer.memberships.update(is_active=False)
    assert grants_for(type(cast.city_officer).objects.get(pk=cast.city_officer.pk)) == ()
    cast.supervisor.is_active = False
    assert codes(cast.supervisor) == []


def test_grants_are_computed_once_per_user(cast, django_assert_num_queries):
    with django_assert_num_queries(2):  # memberships + their neighbourhoods
        grants_for(cast.pres_viewer)
    with django_assert_num_queries(0):
        grants_for(cast.pres_viewer)
