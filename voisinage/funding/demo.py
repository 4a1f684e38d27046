"""Demo funding data: Besançon's 2024–2028 agreement (the Besançon agreement) with its previous
2020–2024 one, and Humanicité's 2019 budget (the Humanicité agreement). Idempotent (an
agreement is matched by scheme and title and built once; a payment by agreement, year, party and
kind), deterministic, with payments dated relative to today: past years requested and paid, the
current year partly."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.db import transaction

from voisinage.funding import services
from voisinage.funding.models import Agreement, AgreementParty, Payment, PaymentKind, RuleKind
from voisinage.funding.selectors import agreement_content, agreement_schedule
from voisinage.lib import clock
from voisinage.lib.money import round_to_unit
from voisinage.schemes.models import OperatorContract, Scheme
from voisinage.territory.models import Organisation

BESANCON_TITLE = "Convention pluriannuelle de partenariat 2024-2028 — tranquillité résidentielle"
BESANCON_PREVIOUS_TITLE = "Convention de partenariat 2020-2024 — tranquillité résidentielle"
HUMANICITE_TITLE = "Convention de coopération 2019 — médiation sociale Humanicité"
CLAUSE_CAPS = "Convention §5.3 — résiliation en cas de modification des participations financières"
CLAUSE_BALANCE = "Convention §3.2 et §5.3 — équilibre 51 % bailleurs / 49 % partenaires"


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _besancon_parties(agreement: Agreement) -> dict[str, AgreementParty]:
    specs = [
        ("loge.GBM", "Coordonnateur du groupement de commande des bailleurs", True),
        ("Néolia", "Membre du groupement de commande", False),
        ("Habitat 25", "Membre du groupement de commande", False),
        ("État — Préfecture du Doubs", "Financeur — Préfet du Doubs", False),
        ("Ville de Besançon", "Financeur — Ville de Besançon", False),
        ("Grand Besançon Métropole", "Financeur — Communauté urbaine", False),
    ]
    return {
        name: services.party_add(
            agreement=agreement,
            organisation=_org(name),
            role_label=role,
            is_coordinator=coordinator,
        )
        for name, role, coordinator in specs
    }


def _besancon_rules(agreement: Agreement, parties: dict[str, AgreementParty]) -> tuple[int, int]:
    landlords = services.rule_add(
        agreement=agreement,
        label="Bailleurs (groupement)",
        kind=RuleKind.PERCENT,
        percent=Decimal(51),
        party=parties["loge.GBM"],
    )
    partners = services.rule_add(
        agreement=agreement,
        label="Partenaires institutionnels",
        kind=RuleKind.PERCENT,
        percent=Decimal(49),
    )
    for label, name in [
        ("État", "État — Préfecture du Doubs"),
        ("Ville de Besançon", "Ville de Besançon"),
        ("Grand Besançon Métropole", "Grand Besançon Métropole"),
    ]:
        services.rule_add(
            agreement=agreement,
            label=label,
            kind=RuleKind.EQUAL_SHARE,
            parent=partners,
            party=parties[name],
        )
    return landlords.pk, partners.pk


@transaction.atomic
def load_besancon(today: date) -> list[str]:
    scheme = Scheme.objects.filter(slug="besancon").first()
    if scheme is None:
        return []
    done = []
    agreement = Agreement.objects.filter(scheme=scheme, title=BESANCON_TITLE).first()
    if agreement is None:
        contract = OperatorContract.objects.filter(
            scheme=scheme, starts_on=date(2024, 5, 15)
        ).first()
        agreement = services.agreement_create(
            scheme=scheme,
            title=BESANCON_TITLE,
            reference="Délibération n° 007644 du 19 septembre 2024",
            starts_on=date(2024, 6, 1),
            ends_on=date(2028, 5, 31),
            annual_cost_cents=368_400_00,
            contract=contract,
            notice_months=3,
            reminder_days=30,
        )
        parties = _besancon_parties(agreement)
        landlords, partners = _besancon_rules(agreement, parties)
        rules = {r.pk: r for r in agreement.rules.all()}
        services.constraint_add(
            agreement=agreement,
            rule=rules[landlords],
            kind="cap",
            cap_cents=187_884_00,
            clause=CLAUSE_CAPS + " (bailleurs : 187 884 €/an TTC)",
        )
        services.constraint_add(
            agreement=agreement,
            rule=rules[partners],
            kind="cap",
            cap_cents=180_516_00,
            clause=CLAUSE_CAPS + " (Ville, GBM et État : 180 516 €/an TTC)",
        )
        services.constraint_add(
            agreement=agreement,
            rule=rules[landlords],
            kind="balance",
            expected_percent=Decimal(51),
            tolerance_points=Decimal("0.5"),
            clause=CLAUSE_BALANCE,
        )
        done.append(agreement.title)
    _payments(agreement, today)

    previous = Agreement.objects.filter(scheme=scheme, title=BESANCON_PREVIOUS_TITLE).first()
    if previous is None:
        previous = services.agreement_create(
            scheme=scheme,
            title=BESANCON_PREVIOUS_TITLE,
            reference="Marché 2020 : 349 284 €/an, 1 an renouvelable 3 fois",
            starts_on=date(2020, 6, 1),
            ends_on=date(2024, 5, 31),
            annual_cost_cents=349_284_00,
        )
        _besancon_rules(previous, _besancon_parties(previous))
        done.append(previous.title)
    _payments(previous, today)
    return done


@transaction.atomic
def load_humanicite(today: date) -> list[str]:
    scheme = Scheme.objects.filter(slug="humanicite").first()
    if scheme is None:
        return []
    done = []
    agreement = Agreement.objects.filter(scheme=scheme, title=HUMANICITE_TITLE).first()
    if agreement is None:
        agreement = services.agreement_create(
            scheme=scheme,
            title=HUMANICITE_TITLE,
            reference="Convention de coopération, juin 2019 — §VII Coût et financements",
            starts_on=date(2019, 1, 1),
            ends_on=date(2019, 12, 31),
            annual_cost_cents=60_600_00,
            contract=OperatorContract.objects.filter(scheme=scheme).first(),
        )
        asl = services.party_add(
            agreement=agreement,
            organisation=_org("ASL Humanicité"),
            role_label="Commanditaire — Association Syndicale Libre",
            is_coordinator=True,
        )
        lille = services.party_add(
            agreement=agreement,
            organisation=_org("Ville de Lille et sa commune associée de Lomme"),
            role_label="Financeur — subvention à Citéo",
        )
        capinghem = services.party_add(
            agreement=agreement,
            organisation=_org("Ville de Capinghem"),
            role_label="Financeur — subvention à l'ASL",
        )
        services.party_add(
            agreement=agreement,
            organisation=_org("Citéo"),
            role_label="Opérateur de médiation sociale",
        )
        for label, party in [("Ville de Lille-Lomme", lille), ("Ville de Capinghem", capinghem)]:
            services.rule_add(
                agreement=agreement,
                label=label,
                kind=RuleKind.FIXED,
                fixed_cents=10_000_00,
                party=party,
            )
        services.rule_add(
            agreement=agreement, label="ASL Humanicité", kind=RuleKind.REMAINDER, party=asl
        )
        done.append(agreement.title)
    _payments(agreement, today)
    return done


def _payments(agreement: Agreement, today: date) -> None:
    """Past years requested and paid in full; the current year requested, partly paid."""
    content = agreement_content(agreement)
    existing = set(
        Payment.objects.filter(agreement=agreement).values_list("year", "party_id", "kind")
    )
    for year in agreement_schedule(agreement, content):
        if year.year > today.year:
            continue
        current = year.year == today.year
        for index, line in enumerate(ln for ln in year.allocation.lines if ln.party_id):
            party = content.party_by_id[line.party_id or 0]
            requested_on = min(max(date(year.year, 3, 1), year.starts_on), today)
            if (year.year, party.pk, PaymentKind.REQUESTED) not in existing:
                services.payment_record(
                    agreement=agreement,
                    party=party,
                    year=year.year,
                    kind=PaymentKind.REQUESTED,
                    on=requested_on,
                    amount_cents=line.amount_cents,
                    reference=f"Demande {year.year}-{index + 1:02d}",
                    today=today,
                )
            if current:
                # This year: the first line pays as the months go, the next in full, the
                # next half, the last not yet (deterministic, whatever today is).
                shares = [
                    round_to_unit(Fraction(line.amount_cents * (today.month - 1), 12)),
                    line.amount_cents,
                    round_to_unit(Fraction(line.amount_cents, 2)),
                    0,
                ]
                amount = shares[min(index, len(shares) - 1)]
                paid_on = min(max(date(year.year, 6, 30), requested_on), today)
            else:
                amount = line.amount_cents
                paid_on = min(max(date(year.year, 7, 15), year.starts_on), today)
            if amount > 0 and (year.year, party.pk, PaymentKind.PAID) not in existing:
                services.payment_record(
                    agreement=agreement,
                    party=party,
                    year=year.year,
                    kind=PaymentKind.PAID,
                    on=paid_on,
                    amount_cents=amount,
                    reference=f"Mandat {year.year}-{index + 1:02d}",
                    today=today,
                )


def load() -> str:
    today = clock.today()
    created = load_besancon(today) + load_humanicite(today)
    if not created:
        return "funding agreements already present"
    return "funding agreements: " + "; ".join(created)
