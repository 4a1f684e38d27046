import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from voisinage.factories import EntranceFactory, NeighbourhoodFactory
from voisinage.territory.models import Entrance, NeighbourhoodKind
from voisinage.territory.selectors import Tally, housing_stock

API = "/api/v1/schemes/rivebourg/"


@pytest.mark.parametrize(
    ("persona", "entrances", "dwellings"),
    [
        ("north_referent", 3, 40),
        ("south_referent", 2, 35),
        ("city_officer", 5, 75),
        ("supervisor", 5, 75),
        ("pres_viewer", 2, 32),
        ("admin", 5, 75),
        ("nobody", 0, 0),
    ],
)
def test_each_persona_counts_the_entrances_and_dwellings_of_its_perimeter(
    cast, persona, entrances, dwellings
):
    stock = housing_stock(cast.personas()[persona], cast.scheme)

    assert (stock.entrances, stock.dwellings) == (entrances, dwellings)
    assert sum(s.entrances for s in stock.by_landlord) == entrances
    assert sum(s.dwellings for s in stock.by_neighbourhood) == dwellings


@pytest.mark.parametrize(
    ("persona", "entrances", "dwellings", "landlords"),
    [
        ("north_referent", 3, 40, ["Habitat Nord"]),
        ("south_referent", 2, 35, ["Logis Sud"]),
        ("city_officer", 5, 75, ["Habitat Nord", "Logis Sud"]),
        ("pres_viewer", 2, 32, ["Habitat Nord"]),
    ],
)
def test_the_housing_stock_api_gives_the_same_totals(
    cast, client, persona, entrances, dwellings, landlords
):
    client.force_login(cast.personas()[persona])

    response = client.get(API + "housing-stock")

    assert response.status_code == 200
    body = response.json()
    assert (body["entrances"], body["dwellings"]) == (entrances, dwellings)
    assert [line["name"] for line in body["by_landlord"]] == landlords
    assert sum(line["dwellings"] for line in body["by_neighbourhood"]) == dwellings


def test_the_housing_stock_api_answers_404_outside_the_scheme(cast, client):
    client.force_login(cast.other_partner)

    assert client.get(API + "housing-stock").status_code == 404
    assert client.get(API + "entrances").status_code == 404
    assert client.get(API + "entrances.geojson").status_code == 404
    assert client.get(API + "neighbourhoods").status_code == 404


def test_the_api_needs_a_login(cast, client):
    assert client.get(API + "housing-stock").status_code == 401


def test_shares_are_whole_percents_of_the_visible_total(cast):
    stock = housing_stock(cast.city_officer, cast.scheme)

    north, south = stock.by_landlord
    assert (north.name, north.entrances_share, north.dwellings_share) == ("Habitat Nord", 60, 53)
    assert (south.name, south.entrances_share, south.dwellings_share) == ("Logis Sud", 40, 47)
    pres, centre = stock.by_neighbourhood
    assert (pres.name, pres.entrances_share, pres.dwellings_share) == ("Les Prés", 40, 43)
    assert (centre.name, centre.entrances_share, centre.dwellings_share) == ("Centre", 60, 57)


def test_a_landlord_owns_its_whole_perimeter(cast):
    stock = housing_stock(cast.north_referent, cast.scheme)

    [north] = stock.by_landlord
    assert (north.entrances_share, north.dwellings_share) == (100, 100)


def test_shares_round_exact_halves_up(cast):
    # 8 entrances: 3 (37.5 %) and 5 (62.5 %); 320 dwellings: 40 (12.5 %) and 280 (87.5 %).
    for dwellings in (100, 100, 45):
        EntranceFactory(neighbourhood=cast.centre, landlord=cast.south, dwellings=dwellings)

    stock = housing_stock(cast.city_officer, cast.scheme)

    north, south = stock.by_landlord
    assert (stock.entrances, stock.dwellings) == (8, 320)
    assert (north.entrances_share, north.dwellings_share) == (38, 13)
    assert (south.entrances_share, south.dwellings_share) == (63, 88)


def test_the_api_shares_round_exact_halves_up_too(cast, client):
    for dwellings in (100, 100, 45):
        EntranceFactory(neighbourhood=cast.centre, landlord=cast.south, dwellings=dwellings)
    client.force_login(cast.city_officer)

    body = client.get(API + "housing-stock").json()

    shares = {
        line["name"]: (line["entrances_share"], line["dwellings_share"])
        for line in body["by_landlord"]
    }
    assert shares == {"Habitat Nord": (38, 13), "Logis Sud": (63, 88)}


def test_withdrawn_entrances_are_not_counted(cast):
    Entrance.objects.filter(code="LS-1").update(is_active=False)

    stock = housing_stock(cast.city_officer, cast.scheme)

    assert (stock.entrances, stock.dwellings) == (4, 45)


def test_the_table_has_a_subtotal_row_before_the_neighbourhoods_of_each_kind(cast):
    vergers = NeighbourhoodFactory(scheme=cast.scheme, name="Les Vergers", kind="priority")
    EntranceFactory(neighbourhood=vergers, landlord=cast.south, dwellings=7)

    stock = housing_stock(cast.city_officer, cast.scheme)

    assert [s.name for s in stock.landlords] == ["Habitat Nord", "Logis Sud"]
    table = [(r.label, r.kind, r.is_subtotal, r.cells, r.total) for r in stock.rows]
    assert table == [
        (
            str(NeighbourhoodKind.PRIORITY.label),
            "",
            True,
            [Tally(2, 32), Tally(1, 7)],
            Tally(3, 39),
        ),
        ("Les Prés", "priority", False, [Tally(2, 32), Tally(0, 0)], Tally(2, 32)),
        ("Les Vergers", "priority", False, [Tally(0, 0), Tally(1, 7)], Tally(1, 7)),
        (
            str(NeighbourhoodKind.FRAGILE.label),
            "",
            True,
            [Tally(1, 8), Tally(2, 35)],
            Tally(3, 43),
        ),
        ("Centre", "fragile", False, [Tally(1, 8), Tally(2, 35)], Tally(3, 43)),
    ]


def test_the_table_of_a_neighbourhood_viewer_has_only_its_kind(cast):
    stock = housing_stock(cast.pres_viewer, cast.scheme)

    assert [(r.label, r.is_subtotal, r.total) for r in stock.rows] == [
        (str(NeighbourhoodKind.PRIORITY.label), True, Tally(2, 32)),
        ("Les Prés", False, Tally(2, 32)),
    ]


def test_the_overview_page_shows_the_totals_of_the_perimeter(cast, client):
    client.force_login(cast.south_referent)

    # A landlord's home is what waits for it; its housing stock is one link away.
    response = client.get("/dispositifs/rivebourg/", {"vue": "patrimoine"})

    assert response.status_code == 200
    assert response.context["stock"].entrances == 2
    assert b'data-testid="total-dwellings">35<' in response.content
    assert b"Habitat Nord" not in response.content


def add_entrances(cast, count):
    for i in range(count):
        EntranceFactory(
            neighbourhood=cast.pres if i % 2 else cast.centre,
            landlord=cast.north if i % 3 else cast.south,
            dwellings=i + 1,
        )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "url", ["/dispositifs/rivebourg/", "/dispositifs/rivebourg/entrees/", API + "housing-stock"]
)
def test_the_number_of_queries_does_not_grow_with_the_number_of_entrances(
    cast, client, django_assert_max_num_queries, url
):
    client.force_login(cast.supervisor)
    client.get(url)  # warm up anything cached per process
    with django_assert_max_num_queries(20):
        few = queries_for(client, url)

    add_entrances(cast, 50)
    with django_assert_max_num_queries(20):
        many = queries_for(client, url)

    assert Entrance.objects.filter(scheme=cast.scheme).count() == 55
    assert few == many


def test_the_entrances_api_lists_the_perimeter_with_its_relations(cast, client):
    client.force_login(cast.north_referent)

    body = client.get(API + "entrances").json()

    assert body["count"] == 3
    assert [e["code"] for e in body["items"]] == ["HN-1", "HN-2", "HN-3"]
    assert {e["landlord"]["name"] for e in body["items"]} == {"Habitat Nord"}
    assert body["items"][2]["neighbourhood"]["name"] == "Centre"


def test_the_entrances_api_filters_by_landlord_neighbourhood_and_words(cast, client):
    client.force_login(cast.city_officer)

    def codes(**params):
        return [e["code"] for e in client.get(API + "entrances", params).json()["items"]]

    assert codes(landlord=cast.south.pk) == ["LS-1", "LS-2"]
    assert codes(neighbourhood=cast.pres.pk) == ["HN-1", "HN-2"]
    assert codes(neighbourhood=cast.centre.pk, landlord=cast.north.pk) == ["HN-3"]
    assert codes(q="ls-2") == ["LS-2"]
    assert codes(q="Centre LS") == ["LS-1", "LS-2"]


def test_the_geojson_has_one_point_per_placed_entrance(cast, client):
    Entrance.objects.filter(code="HN-3").update(lat=None, lon=None)
    client.force_login(cast.north_referent)

    body = client.get(API + "entrances.geojson").json()

    assert body["type"] == "FeatureCollection"
    assert [f["properties"]["code"] for f in body["features"]] == ["HN-1", "HN-2"]
    assert body["features"][0]["geometry"] == {"type": "Point", "coordinates": [5.95, 47.22]}


def test_the_neighbourhoods_api_lists_those_of_the_perimeter(cast, client):
    client.force_login(cast.south_referent)
    south = client.get(API + "neighbourhoods").json()
    client.force_login(cast.city_officer)
    city = client.get(API + "neighbourhoods").json()

    assert [n["name"] for n in south["items"]] == ["Centre"]
    assert sorted(n["name"] for n in city["items"]) == ["Centre", "Les Prés"]


def test_nearest_entrances_come_closest_first_within_the_perimeter(cast, client):
    from voisinage.territory.models import Entrance

    places = {
        "HN-1": (47.2300, 5.9600),  # ~1.3 km away
        "HN-2": (47.2210, 5.9510),  # ~135 m
        "HN-3": (47.2250, 5.9550),  # ~600 m
        "LS-1": (47.2201, 5.9501),  # ~13 m
        "LS-2": (47.2400, 5.9700),  # ~2.7 km
    }
    for code, (lat, lon) in places.items():
        Entrance.objects.filter(code=code).update(lat=lat, lon=lon)
    url = "/api/v1/schemes/rivebourg/entrances/nearest"
    client.force_login(cast.north_referent)
    data = client.get(url, {"lat": 47.22, "lon": 5.95, "limit": 2}).json()
    assert [e["code"] for e in data] == ["HN-2", "HN-3"]
    assert 100 < data[0]["distance_m"] < 170
    client.force_login(cast.supervisor)
    data = client.get(url, {"lat": 47.22, "lon": 5.95}).json()
    assert [e["code"] for e in data] == ["LS-1", "HN-2", "HN-3", "HN-1", "LS-2"]
    assert data[0]["distance_m"] < 20


def test_nearest_entrances_refuse_impossible_coordinates(cast, client):
    client.force_login(cast.supervisor)
    response = client.get("/api/v1/schemes/rivebourg/entrances/nearest", {"lat": 123, "lon": 5.95})
    assert response.status_code == 422


def test_the_overview_counts_agree_in_number_in_french(cast, client):
    """« 1 quartiers », « 1 bailleurs » read on Humanicité's home: one of each is singular."""
    import re

    from django.utils import translation

    client.force_login(cast.south_referent)
    with translation.override("fr"):
        html = client.get(
            "/dispositifs/rivebourg/", {"vue": "patrimoine"}, HTTP_ACCEPT_LANGUAGE="fr"
        ).content.decode()

    def label(code: str) -> str:
        found = re.search(rf'data-testid="kpi-{code}-label">([^<]*)<', html)
        assert found, code
        return found.group(1)

    assert label("landlords") == "bailleur"  # Logis Sud alone
    assert label("entrances") == "entrées"  # two
    neighbourhoods = re.search(r'data-testid="kpi-neighbourhoods">(\d+)<', html)
    assert neighbourhoods
    expected = "quartier" if neighbourhoods.group(1) == "1" else "quartiers"
    assert label("neighbourhoods") == expected
