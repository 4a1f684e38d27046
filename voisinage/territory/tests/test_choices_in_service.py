"""The choices other apps offer for a new entry: neighbourhoods and residences in service,
member organisations whose membership is in force, and what an edited record already names."""

from datetime import timedelta

from voisinage.lib import clock
from voisinage.schemes.models import SchemeMember
from voisinage.territory.models import Neighbourhood, Residence
from voisinage.territory.selectors import in_service, member_organisations


def test_retired_places_and_departed_members_are_offered_only_when_already_chosen(cast):
    Neighbourhood.objects.filter(pk=cast.centre.pk).update(is_active=False)
    hoods = Neighbourhood.objects.filter(scheme=cast.scheme)
    assert list(in_service(hoods)) == [cast.pres]
    assert set(in_service(hoods, keep=[cast.centre])) == {cast.pres, cast.centre}
    residence = Residence.objects.create(
        scheme=cast.scheme, landlord=cast.north, neighbourhood=cast.pres, name="Les Tilleuls"
    )
    Residence.objects.filter(pk=residence.pk).update(is_active=False)
    assert not in_service(Residence.objects.filter(scheme=cast.scheme)).exists()
    assert list(in_service(Residence.objects.all(), keep=[residence.pk])) == [residence]

    yesterday = clock.local_today(cast.scheme.time_zone) - timedelta(days=1)
    SchemeMember.objects.filter(scheme=cast.scheme, organisation=cast.south).update(
        ends_on=yesterday
    )
    offered = set(member_organisations(cast.scheme))
    assert cast.north in offered
    assert cast.south not in offered
    assert cast.south in member_organisations(cast.scheme, keep=[cast.south.pk])
    assert list(member_organisations(cast.scheme, role="landlord")) == [cast.north]
    # Another scheme's members are never offered.
    assert not member_organisations(cast.scheme).filter(name="ASL Autreville").exists()
