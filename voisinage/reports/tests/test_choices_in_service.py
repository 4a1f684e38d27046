"""A new routing rule or a rerouting offers only members whose membership is in force and
neighbourhoods in service; the report list's filter still names past recipients."""

from datetime import timedelta

from voisinage.lib import clock
from voisinage.reports.forms import RerouteForm, RuleForm
from voisinage.reports.selectors import recipient_choices
from voisinage.schemes.models import SchemeMember
from voisinage.territory.models import Neighbourhood


def test_departed_members_and_retired_neighbourhoods_are_not_offered_for_new_rules(cast):
    yesterday = clock.local_today(cast.scheme.time_zone) - timedelta(days=1)
    SchemeMember.objects.filter(scheme=cast.scheme, organisation=cast.south).update(
        ends_on=yesterday
    )
    Neighbourhood.objects.filter(pk=cast.centre.pk).update(is_active=False)
    rule = RuleForm(scheme=cast.scheme)
    assert set(rule.fields["recipient"].queryset) == {cast.north, cast.city}
    assert list(rule.fields["landlord"].queryset) == [cast.north]
    assert list(rule.fields["neighbourhood"].queryset) == [cast.pres]
    reroute = RerouteForm(scheme=cast.scheme)
    assert cast.south not in reroute.fields["recipient"].queryset
    assert cast.south in recipient_choices(cast.scheme)
