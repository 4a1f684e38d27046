"""The demonstration data. Loading it takes seconds, so each test loads it once and checks much."""

import csv
import math
from collections import defaultdict
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from voisinage.accounts.demo_users import DEMO_PASSWORD
from voisinage.accounts.models import Membership, User
from voisinage.lib.staffing import required_staff
from voisinage.schemes.models import (
    Activity,
    OperatorContract,
    Scheme,
    SchemeMember,
    ServiceHoursRule,
    SettingChange,
    StaffingRule,
)
from voisinage.schemes.presets import XP_X60_600
from voisinage.schemes.selectors import scheme_staffing
from voisinage.territory.models import Entrance, Neighbourhood, Organisation, Residence
from voisinage.territory.selectors import housing_stock

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = pytest.mark.time_sensitive

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "domain" / "data"
STOCK_CSV = "besancon_housing_stock.csv"
DEMO_USERNAMES = [
    "admin",
    "operateur",
    "superviseur",
    "agent",
    "habitat25",
    "neolia",
    "logegbm",
    "ville",
    "prefecture",
    "humanicite",
    "mediateur",
    "lillelomme",
    "capinghem",
    "mons",
    "partenord",
    "mediatrice-mons",
    "marseille-operateur",
    "marseille-etat",
    "metropole",
]


@pytest.fixture
def demo(db):
    out = StringIO()
    call_command("load_demo", "--no-activity", stdout=out)
    return out.getvalue()


def seed_rows():
    """The seed's table; the shared copy if this checkout has it, else the demo's own copy."""
    path = DATA / STOCK_CSV
    if not path.is_file():
        path = Path(__file__).resolve().parents[1] / "data" / STOCK_CSV
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def tally(entrances, *keys):
    return {
        tuple(row[k] for k in keys): (row["n"], row["d"])
        for row in entrances.values(*keys).annotate(n=Count("id"), d=Sum("dwellings"))
    }


def metres(lat1, lon1, lat2, lon2):
    """Haversine distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def test_besancon_has_the_seeds_housing_stock_to_the_last_dwelling(demo):
    besancon = Scheme.objects.get(slug="besancon")
    stock = Entrance.objects.filter(scheme=besancon)

    assert stock.count() == 783
    assert stock.aggregate(d=Sum("dwellings"))["d"] == 10_646

    # Every row of the seed table, exactly, and nothing else.
    expected = {
        (r["landlord"], r["neighbourhood"]): (int(r["entrances"]), int(r["dwellings"]))
        for r in seed_rows()
    }
    assert len(expected) == 18
    assert tally(stock, "landlord__name", "neighbourhood__name") == expected

    assert tally(stock, "landlord__name") == {
        ("Habitat 25",): (199, 2_171),
        ("Néolia",): (336, 3_488),
        ("loge.GBM",): (248, 4_987),
    }
    assert tally(stock, "neighbourhood__kind") == {
        ("priority",): (692, 9_518),
        ("fragile",): (91, 1_128),
    }
    assert tally(stock.filter(neighbourhood__name="Planoise"), "neighbourhood__name") == {
        ("Planoise",): (228, 5_581)
    }
    kinds = {r["neighbourhood"]: r["neighbourhood_kind"] for r in seed_rows()}
    assert dict(besancon.neighbourhoods.values_list("name", "kind")) == kinds

    # The same figures through the selector, as the overview page shows them.
    selected = housing_stock(User.objects.get(username="ville"), besancon)
    assert (selected.entrances, selected.dwellings) == (783, 10_646)
    shares = {
        s.name: (s.entrances, s.dwellings, s.entrances_share, s.dwellings_share)
        for s in selected.by_landlord
    }
    assert shares == {
        "Habitat 25": (199, 2_171, 25, 20),
        "Néolia": (336, 3_488, 43, 33),
        "loge.GBM": (248, 4_987, 32, 47),
    }
    subtotals = [(r.total.entrances, r.total.dwellings) for r in selected.rows if r.is_subtotal]
    assert subtotals == [(692, 9_518), (91, 1_128)]  # priority, then fragile
    planoise = next(r for r in selected.rows if r.label == "Planoise")
    assert (planoise.total.entrances, planoise.total.dwellings) == (228, 5_581)

    # Every entrance is placed near its neighbourhood's centroid, and has a residence.
    far = [
        (code, hood)
        for code, hood, lat, lon, hlat, hlon in stock.values_list(
            "code", "neighbourhood__name", "lat", "lon", "neighbourhood__lat", "neighbourhood__lon"
        )
        if lat is None or lon is None or metres(lat, lon, hlat, hlon) > 3_000
    ]
    assert far == []
    assert not stock.filter(residence__isnull=True).exists()
    assert stock.filter(dwellings__lt=1).count() == 0
    assert Residence.objects.filter(scheme=besancon).exclude(entrances__isnull=False).count() == 0


def test_the_demo_users_see_the_stock_of_their_perimeter_through_the_api(demo, client):
    url = "/api/v1/schemes/besancon/housing-stock"
    expected = {
        "neolia": (336, 3_488),
        "habitat25": (199, 2_171),
        "logegbm": (248, 4_987),
        "ville": (783, 10_646),
        "prefecture": (783, 10_646),
        "operateur": (783, 10_646),
        "admin": (783, 10_646),
    }
    for username, totals in expected.items():
        client.force_login(User.objects.get(username=username))
        response = client.get(url)
        assert response.status_code == 200, username
        body = response.json()
        assert (body["entrances"], body["dwellings"]) == totals, username

    client.force_login(User.objects.get(username="neolia"))
    body = client.get(url).json()
    assert [line["name"] for line in body["by_landlord"]] == ["Néolia"]
    assert {line["name"] for line in body["by_neighbourhood"]} == {
        "Planoise",
        "Montrapon",
        "Palente-Orchamps",
        "Battant",
        "Cité Viotte",
    }
    entrances = client.get("/api/v1/schemes/besancon/entrances", {"limit": 1}).json()
    assert entrances["count"] == 336

    client.force_login(User.objects.get(username="humanicite"))
    assert client.get(url).status_code == 404
    assert client.get("/dispositifs/besancon/").status_code == 404
    humanicite = client.get("/api/v1/schemes/humanicite/housing-stock").json()
    assert humanicite["entrances"] == 12


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Scheme,
            Organisation,
            SchemeMember,
            OperatorContract,
            ServiceHoursRule,
            StaffingRule,
            Activity,
            Neighbourhood,
            Residence,
            Entrance,
            User,
            Membership,
        )
    }


def test_loading_the_demo_twice_changes_nothing_and_every_login_works(demo):
    first = counts()
    stamps = dict(Entrance.objects.values_list("code", "updated_at"))
    changes = SettingChange.objects.count()

    again = StringIO()
    call_command("load_demo", "--no-activity", stdout=again)

    assert counts() == first
    assert dict(Entrance.objects.values_list("code", "updated_at")) == stamps
    # Mons: 8 + 6 + 4 entrances; Marseille: 40 sites of 5 entrances.
    assert first["Entrance"] == 783 + 12 + 18 + 40 * 5
    assert SettingChange.objects.count() == changes  # the services found what existed

    assert DEMO_PASSWORD == "voisinage-demo"
    users = User.objects.filter(username__in=DEMO_USERNAMES)
    assert sorted(u.username for u in users) == sorted(DEMO_USERNAMES)
    assert all(u.check_password("voisinage-demo") for u in users)
    assert [u.username for u in users if u.is_superuser] == ["admin"]
    assert "voisinage-demo" in demo
    for username in DEMO_USERNAMES:
        assert username in demo
    # Each demo user but the administrator has at least one membership; the metropolis'
    # officer's grant is in a steering network (loaded with the activity), not in a scheme.
    no_membership = users.exclude(memberships__isnull=False).values_list("username", flat=True)
    assert sorted(no_membership) == ["admin", "metropole"]


def test_the_schemes_have_their_referential_hours_and_staffing(demo):
    besancon = Scheme.objects.get(slug="besancon")
    humanicite = Scheme.objects.get(slug="humanicite")
    xp_codes = [code for code, _label in XP_X60_600]

    assert list(humanicite.activities.values_list("code", flat=True)) == xp_codes
    assert len(xp_codes) == 8
    assert list(besancon.activities.values_list("code", flat=True)) == xp_codes
    assert humanicite.entrances.count() == 12
    assert humanicite.annual_hours_basis == 1607

    assert ServiceHoursRule.objects.filter(scheme=besancon).count() == 2
    assert StaffingRule.objects.filter(scheme=besancon).count() == 5
    assert besancon.contracts.get().annual_amount_cents == 36_840_000

    staffing = scheme_staffing(besancon)
    monday = required_staff(staffing, date(2025, 11, 17))
    tuesday = required_staff(staffing, date(2025, 11, 18))
    assert (monday["agent"].headcount, monday["supervisor"].headcount) == (2, 1)
    assert (tuesday["agent"].headcount, tuesday["supervisor"].headcount) == (4, 1)
    # Restricted service in summer and at the end of the year, none on Sunday.
    assert required_staff(staffing, date(2025, 8, 5))["agent"].headcount == 2
    assert required_staff(staffing, date(2025, 12, 16))["agent"].headcount == 2
    assert required_staff(staffing, date(2025, 11, 23)) == {}

    roles = defaultdict(set)
    for name, role in besancon.members.values_list("organisation__name", "role"):
        roles[name].add(role)
    assert roles["loge.GBM"] == {"coordinator", "landlord"}
    assert {name for name, r in roles.items() if "landlord" in r} == {
        "Habitat 25",
        "Néolia",
        "loge.GBM",
    }


def test_mons_is_set_up_through_the_wizard_with_its_real_figures(demo, client):
    mons = Scheme.objects.get(slug="mons-en-baroeul")
    assert mons.capabilities == ["reports"]
    assert Activity.objects.filter(scheme=mons).count() == 9
    stock = dict(
        Entrance.objects.filter(scheme=mons)
        .values("landlord__name")
        .annotate(n=Sum("dwellings"))
        .values_list("landlord__name", "n")
    )
    assert stock == {"Partenord Habitat": 1144, "Vilogia": 901, "Logis Métropole": 510}
    roles = set(SchemeMember.objects.filter(scheme=mons).values_list("organisation__name", "role"))
    assert ("Ville de Mons-en-Barœul", "coordinator") in roles
    assert ("AG2R La Mondiale", "funder") in roles
    contract = OperatorContract.objects.get(scheme=mons)
    assert (contract.starts_on, contract.initial_term_months, contract.renewals) == (
        date(2019, 12, 1),
        12,
        2,
    )
    # The wizard's services logged what they did, as they would for a person.
    assert SettingChange.objects.filter(scheme=mons, author__username="operateur").exists()
    for username, sees, not_seen in (
        ("mons", "mons-en-baroeul", ("besancon", "humanicite")),
        ("partenord", "mons-en-baroeul", ("besancon", "humanicite")),
        ("lillelomme", "humanicite", ("besancon", "mons-en-baroeul")),
        ("capinghem", "humanicite", ("besancon", "mons-en-baroeul")),
        ("mediateur", "humanicite", ("besancon", "mons-en-baroeul")),
        ("mediatrice-mons", "mons-en-baroeul", ("besancon", "humanicite")),
    ):
        client.force_login(User.objects.get(username=username))
        assert client.get(f"/dispositifs/{sees}/fiche/").status_code == 200, username
        for slug in not_seen:
            assert client.get(f"/dispositifs/{slug}/fiche/").status_code == 404, username
    client.force_login(User.objects.get(username="partenord"))
    seen = client.get("/api/v1/schemes/mons-en-baroeul/housing-stock").json()
    assert seen["dwellings"] == 1144
