"""A new routing rule or a rerouting offers only members whose membership is in force and
neighbourhoods in service; the report list's filter names members in force, and a past member
only if the scheme's reports were sent to it."""

from datetime import timedelta

from django.urls import reverse

from voisinage.lib import clock
from voisinage.reports.forms import RerouteForm, RuleForm
from voisinage.reports.models import Report
from voisinage.reports.selectors import recipient_choices
from voisinage.reports.tests.helpers import make_report
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
    assert set(recipient_choices(cast.scheme)) == {cast.north, cast.city}


def test_the_report_filter_keeps_a_departed_member_that_received_reports(cast, reporting, client):
    report = make_report(cast, reporting, "encombrants").report
    Report.objects.filter(pk=report.pk).update(recipient=cast.south)
    yesterday = clock.local_today(cast.scheme.time_zone) - timedelta(days=1)
    SchemeMember.objects.filter(scheme=cast.scheme, organisation=cast.south).update(
        ends_on=yesterday
    )
    assert cast.south in recipient_choices(cast.scheme)
    client.force_login(cast.supervisor)
    page = client.get(reverse("reports:list", args=["rivebourg"])).content.decode()
    assert f'value="{cast.south.pk}">{cast.south.display_name}<' in page
    Report.objects.filter(pk=report.pk).update(recipient=cast.north)
    page = client.get(reverse("reports:list", args=["rivebourg"])).content.decode()
    assert f'value="{cast.south.pk}">{cast.south.display_name}<' not in page
    assert f'value="{cast.north.pk}">{cast.north.display_name}<' in page
