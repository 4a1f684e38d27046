"""The digest's settings offer the members whose membership is in force, and keep a recipient
already chosen even if its membership ended since."""

from datetime import timedelta

from django.urls import reverse

from voisinage.digests.models import DigestRecipient
from voisinage.lib import clock
from voisinage.schemes.models import SchemeMember


def _offered(page, organisation):
    return f'value="{organisation.pk}"' in page and organisation.name in page


def test_departed_members_are_offered_only_when_already_recipients(cast, client):
    yesterday = clock.local_today(cast.scheme.time_zone) - timedelta(days=1)
    SchemeMember.objects.filter(
        scheme=cast.scheme, organisation__in=[cast.south, cast.city]
    ).update(ends_on=yesterday)
    DigestRecipient.objects.create(scheme=cast.scheme, organisation=cast.city)
    client.force_login(cast.operator_manager)
    page = client.get(reverse("digests:settings", args=["rivebourg"])).content.decode()
    assert _offered(page, cast.north)
    assert _offered(page, cast.city)
    assert cast.south.name not in page


def test_a_change_of_the_digest_settings_is_in_the_change_log(cast, client):
    client.force_login(cast.operator_manager)
    url = reverse("digests:settings", args=["rivebourg"])
    data = {"dispatch_time": "07:15", "is_enabled": "on", "organisations": [str(cast.north.pk)]}
    assert client.post(url, data).status_code == 302
    log = client.get(reverse("api:list_setting_changes", args=["rivebourg"])).json()["items"]
    assert {(c["before"], c["after"]) for c in log} >= {("", cast.north.name)}
    assert any(c["after"] == "07:15" for c in log)
    assert {c["author"] for c in log} == {cast.operator_manager.display_name}
    # The same settings again: nothing new in the log.
    assert client.post(url, data).status_code == 302
    again = client.get(reverse("api:list_setting_changes", args=["rivebourg"])).json()["items"]
    assert len(again) == len(log)
