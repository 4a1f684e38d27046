"""Steering networks: the metropolis' officer reads the network's totals across its schemes,
side by side, and no scheme's own pages without a grant there; bad input is refused in French
and changes nothing. The cast's network « metropole » groups Rivebourg and Autreville."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from voisinage.accounts.services import api_token_create
from voisinage.analytics.tests.conftest import dataset  # noqa: F401 (the fixture)
from voisinage.factories import UserFactory
from voisinage.networks import services
from voisinage.networks.models import Network, NetworkMember, NetworkScheme
from voisinage.schemes.tests.settings_walk import call, refused

PARIS = ZoneInfo("Europe/Paris")
OVERVIEW = "?annee=2026"


@pytest.fixture
def metro(dataset, clock):  # noqa: F811
    """The dataset's interventions (Rivebourg: 7 in 2026, Autreville: 1) seen on 1 April 2026,
    and the metropolis' officer: a member of the network, of no scheme."""
    clock.set(datetime(2026, 4, 1, 10, tzinfo=PARIS))
    cast = dataset.cast
    network = Network.objects.get(slug="metropole")
    officer = UserFactory.create(username="mathilde")
    services.network_member_add(
        network=network, user=officer, organisation=cast.city, author=cast.admin
    )
    return cast, network, officer


def _api(client, user, url):
    _token, raw = api_token_create(user=user, name="networks")
    return client.get(url, headers={"authorization": f"Bearer {raw}"})


def test_the_metropolis_officer_sees_the_totals_and_no_schemes_detail(metro, client):
    cast, _network, officer = metro
    client.force_login(officer)
    page = client.get(reverse("networks:overview", args=["metropole"]) + OVERVIEW)
    assert page.status_code == 200
    html = page.content.decode()
    total = html.split('data-testid="network-total"')[1].split("</tr>")[0]
    assert "<strong>8</strong>" in total  # 7 in Rivebourg + 1 in Autreville
    for slug, count in (("rivebourg", "7"), ("autreville", "1")):
        row = html.split(f'data-testid="scheme-{slug}"')[1].split("</tr>")[0]
        assert f">{count}</td>" in row
        assert "<a href" not in row  # no grant in the scheme: no drill-down
    for name in ("analytics:dashboard", "territory:overview", "field:logbook"):
        for slug in ("rivebourg", "autreville"):
            assert client.get(reverse(name, args=[slug])).status_code == 404, (name, slug)
    data = _api(client, officer, reverse("api:network_overview_api", args=["metropole"])).json()
    assert data["total"]["values"]["interventions"] == 8
    assert {r["key"]: r["drill_down"] for r in data["by_scheme"]} == {
        "autreville": None,
        "rivebourg": None,
    }
    assert [r["label"] for r in data["by_operator"]] == sorted(
        [cast.operator.name, cast.other_scheme.operator.name]
    )
    kinds = {r["key"]: r["values"]["interventions"] for r in data["by_neighbourhood_kind"]}
    assert sum(kinds.values()) == 8


def test_a_member_drills_down_only_where_it_holds_a_grant(metro, client):
    cast, _network, _officer = metro
    client.force_login(cast.city_officer)
    html = client.get(reverse("networks:overview", args=["metropole"]) + OVERVIEW).content.decode()
    rivebourg = html.split('data-testid="scheme-rivebourg"')[1].split("</tr>")[0]
    autreville = html.split('data-testid="scheme-autreville"')[1].split("</tr>")[0]
    assert reverse("analytics:dashboard", args=["rivebourg"]) in rivebourg
    assert "<a href" not in autreville
    assert client.get(reverse("analytics:dashboard", args=["autreville"])).status_code == 404


def test_a_grant_on_some_schemes_reads_only_theirs(metro, client):
    cast, network, _officer = metro
    reader = UserFactory.create(username="aramis")
    services.network_member_add(
        network=network,
        user=reader,
        organisation=cast.city,
        author=cast.admin,
        schemes=[cast.other_scheme],
    )
    data = _api(client, reader, reverse("api:network_overview_api", args=["metropole"])).json()
    assert data["total"]["values"]["interventions"] == 1
    assert [r["key"] for r in data["by_scheme"]] == ["autreville"]


def test_the_totals_are_the_schemes_own_indicator(metro, client):
    cast, _network, _officer = metro
    client.force_login(cast.admin)
    network = client.get(
        reverse("api:network_overview_api", args=["metropole"]) + "?year=2026"
    ).json()
    for slug in ("rivebourg", "autreville"):
        own = client.get(
            reverse("api:indicators", args=[slug]) + "?from=2026-01-01&to=2026-12-31"
        ).json()
        values = {i["code"]: i["value"] for i in own["items"]}
        row = next(r for r in network["by_scheme"] if r["key"] == slug)
        for code in ("interventions", "people_reached", "resolved_share", "climate_score"):
            assert row["values"][code] == values[code], (slug, code)


def test_outsiders_get_404_alike(metro, client):
    cast, _network, _officer = metro
    for user in (cast.other_partner, cast.north_referent, cast.nobody, cast.supervisor):
        client.force_login(user)
        for slug in ("metropole", "inconnu"):
            assert client.get(reverse("networks:overview", args=[slug])).status_code == 404
        assert "Métropole" not in client.get(reverse("networks:list")).content.decode()


def test_bad_input_is_refused_in_french_and_changes_nothing(metro, client):
    cast, network, officer = metro
    with pytest.raises(ValidationError, match="déjà dans ce réseau"):
        services.network_scheme_add(network=network, scheme=cast.scheme, author=cast.admin)
    assert NetworkScheme.objects.filter(network=network).count() == 2
    outside = Network.objects.create(
        name="Autre réseau", slug="autre", kind="department", organisation=cast.city
    )
    with pytest.raises(ValidationError, match="plus large que le réseau"):
        services.network_member_add(
            network=outside,
            user=officer,
            organisation=cast.city,
            author=cast.admin,
            schemes=[cast.scheme],
        )
    assert not NetworkMember.objects.filter(network=outside).exists()
    manager = UserFactory.create(username="gerant-reseau")
    services.network_member_add(
        network=network, user=manager, organisation=cast.city, author=cast.admin, can_manage=True
    )
    schemes_url = reverse("api:add_network_scheme", args=["metropole"])
    members_url = reverse("api:add_network_member", args=["metropole"])
    assert "déjà dans ce réseau" in refused(
        client, cast.admin, "POST", schemes_url, {"scheme": "rivebourg"}
    )
    # A scheme joins only by someone who manages it: unknown and not managed read alike.
    for slug in ("inconnu", "rivebourg"):
        assert "que vous gérez" in refused(client, manager, "POST", schemes_url, {"scheme": slug})
    detail = refused(
        client,
        manager,
        "POST",
        members_url,
        {"username": "zoe", "schemes": ["rivebourg", "ailleurs"]},
    )
    assert "plus large que le réseau" in detail
    assert not NetworkMember.objects.filter(user=cast.nobody).exists()
    # A member who does not manage the network gets 404 before its body is read.
    assert call(client, officer, "POST", members_url, {"username": "zoe"}).status_code == 404
    assert call(client, manager, "POST", members_url, {"username": "zoe"}).status_code == 201
    assert NetworkMember.objects.filter(user=cast.nobody, network=network).exists()


def test_the_manager_adds_a_scheme_it_manages_through_the_page(metro, client):
    cast, network, _officer = metro
    NetworkScheme.objects.filter(network=network, scheme=cast.scheme).delete()
    client.force_login(cast.admin)
    url = reverse("networks:manage", args=["metropole"])
    response = client.post(url, {"action": "scheme", "scheme": "rivebourg"})
    assert response.status_code == 302
    again = client.post(url, {"action": "scheme", "scheme": "rivebourg"})
    assert again.status_code == 400
    assert "déjà dans ce réseau" in again.content.decode()
    assert NetworkScheme.objects.filter(network=network).count() == 2
