"""A funding agreement offers as new parties the scheme's members whose membership is in force
(and not yet parties)."""

from datetime import timedelta

from voisinage.funding.forms import PartyForm
from voisinage.funding.tests.builders import besancon_like, contract_for
from voisinage.lib import clock
from voisinage.schemes.models import SchemeMember


def test_a_departed_member_is_not_offered_as_a_new_party(cast):
    agreement = besancon_like(
        cast.scheme, coordinator=cast.north, city=cast.city, contract=contract_for(cast.scheme)
    ).agreement
    offered = set(PartyForm(agreement=agreement).fields["organisation"].queryset)
    assert cast.south in offered
    assert cast.north not in offered  # already a party

    yesterday = clock.local_today(cast.scheme.time_zone) - timedelta(days=1)
    SchemeMember.objects.filter(scheme=cast.scheme, organisation=cast.south).update(
        ends_on=yesterday
    )
    offered = set(PartyForm(agreement=agreement).fields["organisation"].queryset)
    assert cast.south not in offered
    assert cast.operator in offered
