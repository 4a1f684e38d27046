"""A cost period an amendment opened — the agreement's own, or the operator contract's
amendment or price revision flowing to it — is a signed record: it cannot be removed by hand
(refused in French, nothing changed); a period added by hand still can."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from voisinage.funding import services
from voisinage.funding.models import AgreementCost
from voisinage.funding.tests.builders import besancon_like, contract_for

REVISED = date(2026, 6, 1)


@pytest.fixture
def funded(cast):
    contract = contract_for(cast.scheme)
    built = besancon_like(cast.scheme, coordinator=cast.north, city=cast.city, contract=contract)
    return contract, built


def test_a_period_from_an_agreement_amendment_is_refused_and_stays(cast, funded, french):
    agreement = funded[1].agreement
    services.agreement_amendment_add(
        agreement=agreement,
        author=None,
        signed_on=date(2026, 4, 1),
        effective_on=REVISED,
        annual_cost_cents=377_610_00,
    )
    cost = AgreementCost.objects.get(agreement=agreement, starts_on=REVISED)
    with pytest.raises(ValidationError) as caught:
        services.cost_period_remove(cost=cost)
    text = " ".join(caught.value.messages)
    assert "Avenant 1" in text
    assert "enregistrez plutôt un nouvel avenant" in text
    assert AgreementCost.objects.filter(pk=cost.pk).exists()


def test_a_period_from_a_contract_price_revision_is_refused(cast, funded, french):
    contract, built = funded
    services.contract_amendment_add(
        contract=contract,
        author=None,
        signed_on=date(2026, 4, 1),
        effective_on=date(2026, 5, 15),
        revision_percent=Decimal("2.5"),
    )
    cost = AgreementCost.objects.get(agreement=built.agreement, starts_on=date(2026, 5, 15))
    with pytest.raises(ValidationError, match="Avenant 1 au marché avec l'opérateur"):
        services.cost_period_remove(cost=cost)
    assert AgreementCost.objects.filter(pk=cost.pk).exists()


def test_a_period_added_by_hand_is_still_removed(funded):
    agreement = funded[1].agreement
    cost, _assessment = services.cost_period_add(
        agreement=agreement, starts_on=REVISED, annual_cost_cents=370_000_00
    )
    services.cost_period_remove(cost=cost)
    assert not AgreementCost.objects.filter(pk=cost.pk).exists()


def test_the_setup_page_refuses_it_in_french_and_changes_nothing(cast, client, funded):
    agreement = funded[1].agreement
    services.agreement_amendment_add(
        agreement=agreement,
        author=None,
        signed_on=date(2026, 4, 1),
        effective_on=REVISED,
        annual_cost_cents=377_610_00,
    )
    cost = AgreementCost.objects.get(agreement=agreement, starts_on=REVISED)
    client.force_login(cast.north_referent)
    setup = reverse("funding:agreement_setup", args=[cast.scheme.slug, agreement.pk])
    page = client.post(setup, {"action": "cost_remove", "id": str(cost.pk)}, follow=True)
    html = re.sub(r"&#x27;", "'", page.content.decode())
    assert "Cette période vient de l'Avenant 1" in html
    assert AgreementCost.objects.filter(pk=cost.pk).exists()
