"""Agreements for tests, built through the services (as the pages build them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from voisinage.factories import OrganisationFactory, member
from voisinage.funding import services
from voisinage.funding.models import Agreement, AgreementParty, AllocationRule
from voisinage.schemes.models import OperatorContract, Scheme
from voisinage.territory.models import Organisation

CLAUSE = "Convention §5.3 — résiliation en cas de modification des participations financières"


@dataclass
class Besancon:
    agreement: Agreement
    landlords: AllocationRule
    partners: AllocationRule
    state: AgreementParty
    city: AgreementParty
    metropolis: AgreementParty
    coordinator: AgreementParty


def besancon_like(
    scheme: Scheme,
    *,
    coordinator: Organisation,
    city: Organisation,
    state: Organisation | None = None,
    metropolis: Organisation | None = None,
    annual_cost_cents: int = 368_400_00,
    starts_on: date = date(2024, 6, 1),
    ends_on: date = date(2028, 5, 31),
    contract: OperatorContract | None = None,
    checks: bool = True,
    rounding: str = "euro",
) -> Besancon:
    """Landlords 51 % paid by the coordinator; partners 49 % split equally among State, City
    and the metropolis; caps 187 884 € / 180 516 € and the 51/49 balance (± 0.5 point)."""
    state = state or OrganisationFactory.create(name="État — Préfecture", kind="state")
    metropolis = metropolis or OrganisationFactory.create(name="Métropole", kind="metropolis")
    for org, role in [(state, "funder"), (metropolis, "funder"), (city, "funder")]:
        member(scheme, org, role)
    member(scheme, coordinator, "coordinator")
    agreement = services.agreement_create(
        scheme=scheme,
        title="Convention pluriannuelle",
        starts_on=starts_on,
        ends_on=ends_on,
        annual_cost_cents=annual_cost_cents,
        contract=contract,
        rounding=rounding,
    )
    coord = services.party_add(
        agreement=agreement,
        organisation=coordinator,
        role_label="Coordonnateur du groupement",
        is_coordinator=True,
    )
    parties = {
        name: services.party_add(agreement=agreement, organisation=org, role_label="Financeur")
        for name, org in [("state", state), ("city", city), ("metropolis", metropolis)]
    }
    landlords = services.rule_add(
        agreement=agreement,
        label="Bailleurs (groupement)",
        kind="percent",
        percent=Decimal(51),
        party=coord,
    )
    partners = services.rule_add(
        agreement=agreement, label="Partenaires", kind="percent", percent=Decimal(49)
    )
    for name in ("state", "city", "metropolis"):
        services.rule_add(
            agreement=agreement,
            label=parties[name].organisation.name,
            kind="equal_share",
            parent=partners,
            party=parties[name],
        )
    if checks:
        services.constraint_add(
            agreement=agreement, rule=landlords, kind="cap", cap_cents=187_884_00, clause=CLAUSE
        )
        services.constraint_add(
            agreement=agreement, rule=partners, kind="cap", cap_cents=180_516_00, clause=CLAUSE
        )
        services.constraint_add(
            agreement=agreement,
            rule=landlords,
            kind="balance",
            expected_percent=Decimal(51),
            clause="Convention §3.2",
        )
    return Besancon(
        agreement=agreement,
        landlords=landlords,
        partners=partners,
        state=parties["state"],
        city=parties["city"],
        metropolis=parties["metropolis"],
        coordinator=coord,
    )


def contract_for(scheme: Scheme, **overrides: object) -> OperatorContract:
    values: dict[str, object] = {
        "scheme": scheme,
        "operator": scheme.operator,
        "reference": "Marché 2024",
        "starts_on": date(2024, 5, 15),
        "initial_term_months": 12,
        "renewals": 3,
        "renewal_term_months": 12,
        "annual_amount_cents": 368_400_00,
    }
    values.update(overrides)
    return OperatorContract.objects.create(**values)
