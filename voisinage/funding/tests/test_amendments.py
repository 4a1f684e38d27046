"""Contracts as the buyer signs them: numbered, dated amendments effective from a date that
leave earlier periods untouched; framework contracts with purchase orders against a ceiling.
Refusals come in French and change nothing."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from voisinage.funding import services
from voisinage.funding.models import AgreementCost, ContractAmendment, PurchaseOrder
from voisinage.funding.selectors import agreement_content, agreement_schedule
from voisinage.funding.selectors.contract import contract_terms_of
from voisinage.funding.tests.builders import besancon_like, contract_for
from voisinage.schemes.models import SettingChange

SPACE = "[\u00a0\u202f ]"


@pytest.fixture
def funded(cast):
    contract = contract_for(cast.scheme)
    built = besancon_like(cast.scheme, coordinator=cast.north, city=cast.city, contract=contract)
    return contract, built


def years(agreement):
    content = agreement_content(agreement)
    return {
        y.year: {ln.label: ln.amount_cents for ln in y.allocation.lines}
        for y in agreement_schedule(agreement, content)
    }


def test_a_price_revision_by_index_from_the_anniversary_flows_to_every_share(cast, funded):
    contract, built = funded
    before = years(built.agreement)

    amendment = services.contract_amendment_add(
        contract=contract,
        author=cast.north_referent,
        signed_on=date(2026, 4, 1),
        effective_on=date(2026, 5, 15),
        index_base=Decimal("100"),
        index_new=Decimal("102.5"),
        note="Révision annuelle des prix",
    )

    assert amendment.number == 1
    assert amendment.annual_amount_cents == 377_610_00  # 368 400 € × 1,025
    terms = contract_terms_of(contract)
    assert [t.annual_cents for t in terms] == [368_400_00, 377_610_00]
    cost = AgreementCost.objects.get(agreement=built.agreement, starts_on=date(2026, 5, 15))
    assert cost.annual_cost_cents == 377_610_00
    after = years(built.agreement)
    # Earlier years untouched; from 2026 every share follows the revised cost.
    assert after[2024] == before[2024]
    assert after[2025] == before[2025]
    city = built.city.organisation.name
    assert after[2027][city] > before[2027][city]
    assert sum(after[2027].values()) == 377_610_00
    assert SettingChange.objects.filter(scheme=cast.scheme, section="contrat").exists()


def test_an_amendment_extends_the_contract_and_the_next_one_is_numbered_2(cast, funded):
    contract, _built = funded
    services.contract_amendment_add(
        contract=contract,
        author=None,
        signed_on=date(2027, 12, 1),
        effective_on=date(2028, 5, 15),
        ends_on=date(2028, 6, 30),
        note="Prolongation",
    )
    second = services.contract_amendment_add(
        contract=contract,
        author=None,
        signed_on=date(2028, 1, 10),
        effective_on=date(2028, 5, 15),
        sites="Planoise\nMontrapon",
    )

    assert second.number == 2
    terms = contract_terms_of(contract)
    assert terms[-1].ends_on == date(2028, 6, 30)
    assert terms[-1].sites == ("Planoise", "Montrapon")
    assert terms[0].ends_on == date(2028, 5, 14)  # the original term stays as signed


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"signed_on": date(2024, 1, 1), "effective_on": date(2024, 2, 1)},
            "ne peut pas être daté d'avant le marché",
        ),
        ({"index_base": Decimal(100)}, "l'indice de référence et le nouvel indice"),
        ({"revision_percent": None}, "ne change rien"),
        ({"ends_on": date(2025, 1, 1)}, "ne peut pas être avant l'avenant"),
    ],
)
def test_bad_amendments_are_refused_in_french_and_change_nothing(
    cast, funded, french, changes, message
):
    contract, built = funded
    values = {
        "contract": contract,
        "author": None,
        "signed_on": date(2025, 4, 1),
        "effective_on": date(2025, 5, 15),
        "revision_percent": Decimal("2"),
    }
    values.update(changes)
    if "index_base" in changes or "ends_on" in changes:
        values["revision_percent"] = None

    with pytest.raises(ValidationError, match=message):
        services.contract_amendment_add(**values)

    assert not ContractAmendment.objects.exists()
    assert built.agreement.costs.count() == 1


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
    besancon_like(
        cast.scheme,
        coordinator=cast.north,
        city=cast.city,
        contract=contract,
        starts_on=date(2021, 7, 1),
        ends_on=date(2024, 6, 30),
        checks=False,
    )
    return contract


def test_purchase_orders_draw_on_the_framework_ceiling_and_the_excess_is_refused(framework, french):
    services.purchase_order_create(
        contract=framework,
        reference="BC-2021-01",
        ordered_on=date(2021, 7, 1),
        amount_cents=3_000_000_00,
        description="Second semestre 2021 et 2022",
        period_start=date(2021, 7, 1),
        period_end=date(2022, 12, 31),
        sites="Site A\nSite B",
    )

    with pytest.raises(ValidationError, match="montant restant sur le marché au 01/08/2021"):
        services.purchase_order_create(
            contract=framework,
            reference="BC-2021-02",
            ordered_on=date(2021, 8, 1),
            amount_cents=2_000_000_01,
            description="Trop",
        )
    with pytest.raises(ValidationError, match="en dehors de la durée du marché"):
        services.purchase_order_create(
            contract=framework,
            reference="BC-2021-03",
            ordered_on=date(2021, 8, 1),
            amount_cents=1_00,
            description="Hors durée",
            period_start=date(2024, 1, 1),
            period_end=date(2024, 12, 31),
        )
    with pytest.raises(ValidationError, match="Le marché court du"):
        services.purchase_order_create(
            contract=framework,
            reference="BC-2030",
            ordered_on=date(2030, 1, 1),
            amount_cents=1_00,
            description="Après le terme",
        )
    assert list(PurchaseOrder.objects.values_list("reference", flat=True)) == ["BC-2021-01"]


def test_the_contract_page_records_an_amendment_and_lists_the_history(cast, client, funded):
    _contract, built = funded
    client.force_login(cast.north_referent)
    page_url = reverse("funding:contract", args=["rivebourg", built.agreement.pk])

    refused = client.post(
        page_url,
        {
            "action": "amendment",
            "amendment-signed_on": "2024-01-01",
            "amendment-effective_on": "2024-01-01",
            "amendment-revision_percent": "2",
        },
    ).content.decode()
    assert "avant le marché" in refused
    assert not ContractAmendment.objects.exists()

    response = client.post(
        page_url,
        {
            "action": "amendment",
            "amendment-signed_on": "2025-04-01",
            "amendment-effective_on": "2025-05-15",
            "amendment-revision_percent": "2,5",
            "amendment-note": "Révision 2025",
        },
    )
    assert response.status_code == 302
    page = client.get(page_url).content.decode()
    history = re.search(r'data-testid="amendments">(.*?)</table>', page, re.S).group(1)
    assert "Avenant 1" in history
    assert "Révision 2025" in history
    assert re.search(rf"377{SPACE}610 €", history)
    assert "(révision 2,5 %)" in history  # as a person writes it, not « 2,50 »
    # A reader sees the history but not the form.
    client.force_login(cast.city_officer)
    page = client.get(page_url).content.decode()
    assert "Avenant 1" in page
    assert 'data-testid="amendment-form"' not in page


def test_the_contract_page_writes_indices_as_people_do(cast, client, funded):
    contract, built = funded
    services.contract_amendment_add(
        contract=contract,
        author=None,
        signed_on=date(2026, 4, 1),
        effective_on=date(2026, 5, 15),
        index_base=Decimal("100"),
        index_new=Decimal("102.5"),
    )
    services.agreement_amendment_add(
        agreement=built.agreement,
        author=None,
        signed_on=date(2026, 4, 1),
        effective_on=date(2026, 6, 1),
        cap_index_base=Decimal("131.27"),
        cap_index_new=Decimal("134.5"),
    )
    client.force_login(cast.north_referent)
    slug, pk = cast.scheme.slug, built.agreement.pk
    contract_page = client.get(reverse("funding:contract", args=[slug, pk])).content.decode()
    history = re.search(r'data-testid="amendments">(.*?)</table>', contract_page, re.S).group(1)
    assert "(indice 100 → 102,5)" in history
    assert "102,5000" not in contract_page
    agreement_page = client.get(reverse("funding:agreement", args=[slug, pk])).content.decode()
    assert "131,27 → 134,5" in agreement_page
    assert "134,5000" not in agreement_page
