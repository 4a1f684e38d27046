"""A courtesy campaign is created only for landlords whose membership is in force."""

from datetime import timedelta

from voisinage.field.courtesy.selectors import campaign_landlords
from voisinage.lib import clock
from voisinage.schemes.models import SchemeMember


def test_a_departed_landlord_is_not_offered_for_a_new_campaign(cast):
    assert campaign_landlords(cast.admin, cast.scheme) == [cast.north, cast.south]
    yesterday = clock.local_today(cast.scheme.time_zone) - timedelta(days=1)
    SchemeMember.objects.filter(scheme=cast.scheme, organisation=cast.south).update(
        ends_on=yesterday
    )
    assert campaign_landlords(cast.admin, cast.scheme) == [cast.north]
