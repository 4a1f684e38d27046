"""The Marseille-shaped scheme's contract history (seed 002, invented figures): a market
extended by a final amendment to 30 June 2021, then a purchasing group's framework contract
with half-yearly purchase orders, its list of sites changing at constant budget.

Built through the services, idempotent, and a no-op until the scheme ``marseille`` exists (its
loader, run before this one, creates it)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from voisinage.funding import services
from voisinage.funding.models import Agreement, ContractAmendment, PurchaseOrder
from voisinage.lib.money import add_months
from voisinage.schemes import services as scheme_services
from voisinage.schemes.models import OperatorContract, Scheme

MARKET_REFERENCE = "Marché de médiation sociale urbaine 2018 (fictif)"
FRAMEWORK_REFERENCE = "Accord-cadre à bons de commande du groupement (fictif)"
AGREEMENT_TITLE = "Convention de financement de l'accord-cadre 2021"
ANNUAL = 3_400_000_00  # invented: 85 mediators
SITES = [f"Site {n:02d}" for n in range(1, 41)]


def _market(scheme: Scheme) -> OperatorContract:
    market = scheme_services.operator_contract_add(
        scheme=scheme,
        author=None,
        operator_id=scheme.operator_id,
        starts_on=date(2018, 1, 1),
        annual_amount_cents=ANNUAL,
        initial_term_months=12,
        renewals=2,
        reference=MARKET_REFERENCE,
    )
    if not ContractAmendment.objects.filter(contract=market).exists():
        services.contract_amendment_add(
            contract=market,
            author=None,
            signed_on=date(2020, 12, 14),
            effective_on=date(2021, 1, 1),
            ends_on=date(2021, 6, 30),
            note="Avenant de prolongation jusqu'au 30 juin 2021",
        )
    return market


def _framework(scheme: Scheme) -> OperatorContract:
    framework = scheme_services.operator_contract_add(
        scheme=scheme,
        author=None,
        operator_id=scheme.operator_id,
        starts_on=date(2021, 7, 1),
        annual_amount_cents=ANNUAL,
        initial_term_months=12,
        renewals=3,
        reference=FRAMEWORK_REFERENCE,
        ceiling_cents=4 * ANNUAL,
    )
    if not ContractAmendment.objects.filter(contract=framework).exists():
        # Two sites leave, two others join: the budget stays the same.
        services.contract_amendment_add(
            contract=framework,
            author=None,
            signed_on=date(2022, 12, 5),
            effective_on=date(2023, 1, 1),
            sites="\n".join([*SITES[2:], "Site 41", "Site 42"]),
            note="Liste des sites modifiée à budget constant",
        )
    return framework


def _orders(framework: OperatorContract, today: date) -> None:
    """A purchase order each half-year up to today, for that half-year's sites."""
    start = framework.starts_on
    number = 1
    while start <= today and start < date(2025, 7, 1):
        end = add_months(start, 6).replace(day=1)
        end = date.fromordinal(end.toordinal() - 1)
        reference = f"BC-{start.year}-{number:02d}"
        if not PurchaseOrder.objects.filter(contract=framework, reference=reference).exists():
            sites = SITES if start < date(2023, 1, 1) else [*SITES[2:], "Site 41", "Site 42"]
            services.purchase_order_create(
                contract=framework,
                reference=reference,
                ordered_on=start,
                amount_cents=ANNUAL // 2,
                description=f"Médiation sociale urbaine, {len(sites)} sites",
                period_start=start,
                period_end=end,
                sites="\n".join(sites),
            )
        start = add_months(start, 6)
        number += 1


def _agreement(scheme: Scheme, framework: OperatorContract) -> str | None:
    if Agreement.objects.filter(scheme=scheme, title=AGREEMENT_TITLE).exists():
        return None
    funders = list(
        scheme.members.exclude(organisation_id=scheme.operator_id)
        .select_related("organisation")
        .order_by("pk")[:6]
    )
    if not funders:
        return None
    agreement = services.agreement_create(
        scheme=scheme,
        title=AGREEMENT_TITLE,
        reference="Groupement de commandes (fictif)",
        starts_on=framework.starts_on,
        ends_on=date(2025, 6, 30),
        annual_cost_cents=ANNUAL,
        contract=framework,
    )
    seen: set[int] = set()
    for index, member in enumerate(funders):
        if member.organisation_id in seen:
            continue
        seen.add(member.organisation_id)
        party = services.party_add(
            agreement=agreement,
            organisation=member.organisation,
            role_label="Coordonnateur du groupement" if index == 0 else "Financeur",
            is_coordinator=index == 0,
        )
        services.rule_add(agreement=agreement, label="", kind="equal_share", party=party)
    return agreement.title


@transaction.atomic
def load_marseille(today: date) -> list[str]:
    scheme = Scheme.objects.filter(slug="marseille").first()
    if scheme is None:
        return []
    done = []
    if not OperatorContract.objects.filter(scheme=scheme, reference=MARKET_REFERENCE).exists():
        done.append(MARKET_REFERENCE)
    _market(scheme)
    framework = _framework(scheme)
    _orders(framework, today)
    title = _agreement(scheme, framework)
    if title:
        done.append(title)
    return done
