"""The contract an agreement shares, through the API: its terms, amendments and purchase orders
for the agreement's readers; amendments and orders recorded by its managers, through the same
services as the pages; refusals a 422 in French, nothing changed; 404 for everyone else."""

import json
from datetime import date

import pytest
from django.urls import reverse

from voisinage.funding.models import AgreementAmendment, ContractAmendment, PurchaseOrder
from voisinage.funding.tests.builders import besancon_like, contract_for


@pytest.fixture
def framework(cast):
    contract = contract_for(
        cast.scheme,
        reference="Accord-cadre à bons de commande",
        starts_on=date(2021, 7, 1),
        renewals=2,
        annual_amount_cents=2_000_000_00,
        ceiling_cents=5_000_000_00,
    )
    return besancon_like(
        cast.scheme,
        coordinator=cast.north,
        city=cast.city,
        contract=contract,
        starts_on=date(2021, 7, 1),
        ends_on=date(2024, 6, 30),
        checks=False,
    ).agreement


def said(response):
    return json.dumps(response.json(), ensure_ascii=False)


ORDER = {
    "reference": "BC-2021-01",
    "ordered_on": "2021-07-01",
    "amount_cents": 3_000_000_00,
    "description": "Second semestre 2021 et 2022",
    "period_start": "2021-07-01",
    "period_end": "2022-12-31",
    "sites": ["Site A", "Site B"],
}


def test_managers_record_orders_and_amendments_and_readers_read_the_history(
    cast, client, framework
):
    orders = reverse("api:add_purchase_order", args=[framework.pk])
    amendments = reverse("api:add_contract_amendment", args=[framework.pk])
    # A reader of the agreement (the city) may not write: 404 as for a stranger.
    client.force_login(cast.city_officer)
    assert client.post(orders, ORDER, content_type="application/json").status_code == 404
    client.force_login(cast.south_referent)
    assert client.post(orders, ORDER, content_type="application/json").status_code == 404
    assert not PurchaseOrder.objects.exists()

    client.force_login(cast.north_referent)
    created = client.post(orders, ORDER, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["sites"] == ["Site A", "Site B"]
    over = client.post(
        orders,
        {
            **ORDER,
            "reference": "BC-2021-02",
            "amount_cents": 2_000_000_01,
            "period_start": None,
            "period_end": None,
        },
        content_type="application/json",
    )
    assert over.status_code == 422
    assert "dépasse le montant restant" in said(over)
    amended = client.post(
        amendments,
        {
            "signed_on": "2024-05-01",
            "effective_on": "2024-07-01",
            "ends_on": "2025-06-30",
            "sites": ["Site A", "Site C"],
            "note": "Sites modifiés à budget constant",
        },
        content_type="application/json",
    )
    assert amended.status_code == 201
    assert amended.json()["number"] == 1
    early = client.post(
        amendments,
        {"signed_on": "2020-01-01", "effective_on": "2020-01-01", "ends_on": "2025-06-30"},
        content_type="application/json",
    )
    assert early.status_code == 422
    assert "ne peut pas être daté d'avant le marché" in said(early)
    assert ContractAmendment.objects.count() == 1
    assert PurchaseOrder.objects.count() == 1

    client.force_login(cast.city_officer)
    data = client.get(reverse("api:get_agreement_contract", args=[framework.pk])).json()
    assert data["ceiling_cents"] == 5_000_000_00
    assert (data["ordered_cents"], data["remaining_cents"]) == (3_000_000_00, 2_000_000_00)
    assert [o["reference"] for o in data["orders"]] == ["BC-2021-01"]
    assert [a["note"] for a in data["amendments"]] == ["Sites modifiés à budget constant"]
    assert data["terms"][-1]["sites"] == ["Site A", "Site C"]
    assert data["terms"][-1]["ends_on"] == "2025-06-30"


def test_an_agreement_amendment_through_the_api_revises_the_caps(cast, client):
    agreement = besancon_like(
        cast.scheme, coordinator=cast.north, city=cast.city, rounding="cent"
    ).agreement
    url = reverse("api:add_agreement_amendment", args=[agreement.pk])
    client.force_login(cast.north_referent)
    missing = client.post(
        url,
        {"signed_on": "2026-04-01", "effective_on": "2026-06-01", "cap_index_base": "100"},
        content_type="application/json",
    )
    assert missing.status_code == 422
    assert "l'indice de référence et le nouvel indice" in said(missing)
    assert not AgreementAmendment.objects.exists()

    done = client.post(
        url,
        {
            "signed_on": "2026-04-01",
            "effective_on": "2026-06-01",
            "annual_cost_cents": 377_610_00,
            "note": "Révision",
        },
        content_type="application/json",
    )
    assert done.status_code == 201
    revised = client.post(
        url,
        {
            "signed_on": "2026-04-01",
            "effective_on": "2026-06-01",
            "cap_index_base": "100",
            "cap_index_new": "102.5",
        },
        content_type="application/json",
    )
    assert revised.status_code == 201
    detail = client.get(reverse("api:get_agreement", args=[agreement.pk])).json()
    assert [a["number"] for a in detail["amendments"]] == [1, 2]
    last = [c for c in detail["checks"] if c["starts_on"] == "2026-06-01"]
    assert [c["annual_cost_cents"] for c in last] == [377_610_00]
    assert last[0]["findings"] == []
