"""The Marseille demo's contract history: the market extended by a final amendment to 30 June
2021, then the purchasing group's framework contract with half-yearly purchase orders."""

from datetime import date

from voisinage.factories import member
from voisinage.funding.demo_marseille import (
    FRAMEWORK_REFERENCE,
    MARKET_REFERENCE,
    load_marseille,
)
from voisinage.funding.models import Agreement, ContractAmendment, PurchaseOrder
from voisinage.funding.selectors.contract import contract_terms_of
from voisinage.schemes.models import OperatorContract
from voisinage.schemes.services import scheme_create


def test_it_waits_for_the_scheme_then_builds_the_history_once(cast):
    assert load_marseille(date(2026, 11, 22)) == []

    scheme = scheme_create(
        creator=cast.operator_manager,
        shape="night-tranquillity",
        name="Médiation sociale urbaine — Marseille",
        slug="marseille",
        operator_id=cast.operator.pk,
        starts_on=date(2018, 1, 1),
    )
    member(scheme, cast.north, "coordinator")
    member(scheme, cast.city, "funder")

    created = load_marseille(date(2026, 11, 22))

    assert MARKET_REFERENCE in created
    market = OperatorContract.objects.get(scheme=scheme, reference=MARKET_REFERENCE)
    assert contract_terms_of(market)[-1].ends_on == date(2021, 6, 30)
    framework = OperatorContract.objects.get(scheme=scheme, reference=FRAMEWORK_REFERENCE)
    orders = PurchaseOrder.objects.filter(contract=framework)
    # Eight half-years from July 2021 to June 2025: the whole ceiling, nothing above it.
    assert orders.count() == 8
    assert sum(o.amount_cents for o in orders) == framework.ceiling_cents
    assert "Site 41" in orders.last().sites
    assert "Site 41" not in orders.first().sites
    agreement = Agreement.objects.get(scheme=scheme, contract=framework)
    assert agreement.parties.count() == 2

    assert load_marseille(date(2026, 11, 22)) == []
    assert ContractAmendment.objects.filter(contract__scheme=scheme).count() == 2
    assert PurchaseOrder.objects.filter(contract=framework).count() == 8
