"""The funding API: amounts in cents, perimeter-scoped, paginated lists."""

from datetime import date

import pytest
from django.urls import reverse

from voisinage.funding import services
from voisinage.funding.tests.builders import besancon_like, contract_for

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = pytest.mark.time_sensitive


@pytest.fixture
def besancon(cast):
    return besancon_like(
        cast.scheme, coordinator=cast.north, city=cast.city, contract=contract_for(cast.scheme)
    )


def test_the_schedule_gives_each_year_and_party_in_cents(cast, client, besancon):
    services.payment_record(
        agreement=besancon.agreement,
        party=besancon.city,
        year=2025,
        kind="paid",
        on=date(2025, 7, 1),
        amount_cents=60_172_00,
        today=date(2026, 11, 22),
    )
    client.force_login(cast.city_officer)

    data = client.get(reverse("api:get_agreement_schedule", args=[besancon.agreement.pk])).json()

    assert data["agreement"] == besancon.agreement.pk
    years = {y["year"]: y for y in data["years"]}
    assert sorted(years) == [2024, 2025, 2026, 2027, 2028]
    assert (years[2024]["months"], years[2024]["total_cents"]) == ("7", 214_900_00)
    assert years[2025]["total_cents"] == 368_400_00
    for year in years.values():
        assert sum(line["amount_cents"] for line in year["lines"]) == year["total_cents"]
        assert all(isinstance(line["amount_cents"], int) for line in year["lines"])
    by_name = {line["party"]["name"]: line for line in years[2025]["lines"]}
    assert by_name["Ville de Rivebourg"]["amount_cents"] == 60_172_00
    assert by_name["Ville de Rivebourg"]["paid_cents"] == 60_172_00
    assert by_name["Ville de Rivebourg"]["status"] == "paid"
    assert by_name["Ville de Rivebourg"]["party"]["organisation_id"] == cast.city.pk
    assert by_name["Habitat Nord"]["amount_cents"] == 187_884_00
    assert by_name["Métropole"]["status"] == "planned"
    assert {line["amount_cents"] for line in years[2028]["lines"]} >= {25_072_00}


def test_the_agreement_gives_parties_rules_checks_and_contract(cast, client, besancon):
    client.force_login(cast.north_referent)

    data = client.get(reverse("api:get_agreement", args=[besancon.agreement.pk])).json()

    assert data["scheme"] == "rivebourg"
    assert data["annual_cost_cents"] == 368_400_00
    assert {p["organisation"]["name"] for p in data["parties"]} == {
        "Habitat Nord",
        "Ville de Rivebourg",
        "État — Préfecture",
        "Métropole",
    }
    landlords, partners = data["rules"]
    assert (landlords["kind"], landlords["percent"], landlords["children"]) == ("percent", "51", [])
    assert [c["kind"] for c in partners["children"]] == ["equal_share"] * 3
    assert partners["percent"] == "49"
    assert [(c["kind"], c["cap_cents"]) for c in data["constraints"]] == [
        ("cap", 187_884_00),
        ("cap", 180_516_00),
        ("balance", None),
    ]
    assert data["constraints"][2]["expected_percent"] == "51"
    assert data["constraints"][2]["tolerance_points"] == "0.5"
    assert data["checks"] == [
        {"starts_on": "2024-06-01", "annual_cost_cents": 368_400_00, "findings": []}
    ]
    assert data["contract"]["annual_amount_cents"] == 368_400_00
    assert data["notice_months"] == 3


def test_a_cost_revision_appears_in_the_checks_with_its_clause(cast, client, besancon):
    services.cost_period_add(
        agreement=besancon.agreement, starts_on=date(2027, 1, 1), annual_cost_cents=380_000_00
    )
    client.force_login(cast.city_officer)

    data = client.get(reverse("api:get_agreement", args=[besancon.agreement.pk])).json()

    revision = data["checks"][1]
    assert revision["annual_cost_cents"] == 380_000_00
    assert {f["kind"] for f in revision["findings"]} == {"cap"}
    assert all(f["clause"].startswith("Convention §5.3") for f in revision["findings"])


def test_the_list_is_paginated(cast, client, besancon):
    for n in range(3):
        services.agreement_create(
            scheme=cast.scheme,
            title=f"Avenant {n}",
            starts_on=date(2025, 1, 1),
            ends_on=date(2025, 12, 31),
            annual_cost_cents=1_000_00,
        )
    client.force_login(cast.admin)

    data = client.get(reverse("api:list_agreements", args=["rivebourg"]), {"limit": 2}).json()

    assert data["count"] == 4
    assert len(data["items"]) == 2
    assert all(isinstance(a["annual_cost_cents"], int) for a in data["items"])


def test_the_api_describes_itself_in_openapi(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/agreements/{agreement_id}/schedule" in schema["paths"]
    assert "/api/v1/schemes/{slug}/agreements" in schema["paths"]
