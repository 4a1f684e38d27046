"""A new instruction or complaint offers only landlords whose membership is in force and
residences in service."""

from datetime import timedelta

from django.urls import reverse

from voisinage.lib import clock
from voisinage.schemes.models import SchemeMember
from voisinage.territory.models import Residence


def _offered(page, organisation):
    return f'<option value="{organisation.pk}">{organisation.name}</option>' in page


def _leave(cast, organisation):
    yesterday = clock.local_today(cast.scheme.time_zone) - timedelta(days=1)
    SchemeMember.objects.filter(scheme=cast.scheme, organisation=organisation).update(
        ends_on=yesterday
    )


def test_a_new_instruction_offers_no_departed_landlord_nor_retired_residence(cast, client):
    Residence.objects.create(
        scheme=cast.scheme, landlord=cast.north, neighbourhood=cast.pres, name="Les Tilleuls"
    )
    Residence.objects.create(
        scheme=cast.scheme,
        landlord=cast.north,
        neighbourhood=cast.pres,
        name="Les Peupliers",
        is_active=False,
    )
    client.force_login(cast.supervisor)
    url = reverse("desk:instruction_new", args=["rivebourg"])
    page = client.get(url).content.decode()
    assert _offered(page, cast.south)
    assert "Les Tilleuls (Habitat Nord)" in page
    assert "Les Peupliers" not in page

    _leave(cast, cast.south)
    page = client.get(url).content.decode()
    assert _offered(page, cast.north)
    assert not _offered(page, cast.south)


def test_a_new_complaint_offers_no_departed_landlord(cast, client):
    _leave(cast, cast.south)
    client.force_login(cast.supervisor)
    page = client.get(reverse("desk:complaint_new", args=["rivebourg"])).content.decode()
    assert _offered(page, cast.north)
    assert not _offered(page, cast.south)
