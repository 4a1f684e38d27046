"""Demo funding data: Besançon's 2024–2028 agreement (the Besançon agreement) with its previous
2020–2024 one, Humanicité's 2019 budget (the Humanicité agreement), and Mons-en-Barœul's
purchasing group (seed 000: the City pays 28.19 % of 160 000 € a year, at most 45 200 €; the
other members' shares are not in the council decision — AG2R La Mondiale's fixed amount and the
landlords' split by dwellings are invented, and so are the renewals of the group after its
first three years). Idempotent (an
agreement is matched by scheme and title and built once; a payment by agreement, year, party and
kind), deterministic, with payments dated relative to today: past years requested and paid, the
current year partly."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.db import transaction

from voisinage.funding import services
from voisinage.funding.demo_marseille import load_marseille
from voisinage.funding.models import (
    Agreement,
    AgreementParty,
    Payment,
    PaymentKind,
    RuleKind,
    VatBasis,
)
from voisinage.funding.selectors import agreement_content, agreement_schedule
from voisinage.lib import clock
from voisinage.lib.money import round_to_unit
from voisinage.schemes.models import OperatorContract, Scheme
from voisinage.territory.models import Organisation

BESANCON_TITLE = "Convention pluriannuelle de partenariat 2024-2028 — tranquillité résidentielle"
BESANCON_PREVIOUS_TITLE = "Convention de partenariat 2020-2024 — tranquillité résidentielle"
HUMANICITE_TITLE = "Convention de coopération 2019 — médiation sociale Humanicité"
MONS_TITLE = "Groupement de commandes {start}-{end} — médiation sociale du Nouveau Mons"
MONS_CITY = "Ville de Mons-en-Barœul"
# (organisation, share of the landlords' part in %, or None for the rest): by dwellings,
# 1 144, 901 and 510 of 2 555.
MONS_LANDLORDS = (
    ("Partenord Habitat", Decimal("44.77")),
    ("Vilogia", Decimal("35.26")),
    ("Logis Métropole", None),
)
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
            rounding="euro",  # the council decision's figures are to the euro
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
            rounding="euro",
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
            vat_basis=VatBasis.NET,  # §VII: « 60 600 € net de TVA »
        )
        citeo = _org("Citéo")
        asl_org = _org("ASL Humanicité")
        # §VII: each subsidy's payee, as the agreement writes it.
        asl = services.party_add(
            agreement=agreement,
            organisation=asl_org,
            role_label="Commanditaire — Association Syndicale Libre",
            is_coordinator=True,
            payee=citeo,
        )
        lille = services.party_add(
            agreement=agreement,
            organisation=_org("Ville de Lille et sa commune associée de Lomme"),
            role_label="Financeur — subvention à Citéo",
            payee=citeo,
        )
        capinghem = services.party_add(
            agreement=agreement,
            organisation=_org("Ville de Capinghem"),
            role_label="Financeur — subvention à l'ASL",
            payee=asl_org,
        )
        services.party_add(
            agreement=agreement, organisation=citeo, role_label="Opérateur de médiation sociale"
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


@transaction.atomic
def load_mons(today: date) -> list[str]:
    """The purchasing group from 1 December 2019 for three years (one, renewable twice), then
    groups of three years again, up to the one running today."""
    scheme = Scheme.objects.filter(slug="mons-en-baroeul").first()
    if scheme is None:
        return []
    done = []
    start = date(2019, 12, 1)
    while start <= today:
        end = date(start.year + 3, 11, 30)
        title = MONS_TITLE.format(start=start.year, end=end.year)
        agreement = Agreement.objects.filter(scheme=scheme, title=title).first()
        if agreement is None:
            agreement = _mons_agreement(scheme, title, start, end)
            done.append(title)
        _payments(agreement, today)
        start = date(end.year, 12, 1)
    return done


def _mons_agreement(scheme: Scheme, title: str, starts_on: date, ends_on: date) -> Agreement:
    first = starts_on == date(2019, 12, 1)
    agreement = services.agreement_create(
        scheme=scheme,
        title=title,
        reference=(
            "Délibération 11/1 du conseil municipal du 27 juin 2019 — convention constitutive"
            if first
            else "Nouveau groupement aux mêmes conditions (fictif)"
        ),
        starts_on=starts_on,
        ends_on=ends_on,
        annual_cost_cents=160_000_00,
        rounding="euro",  # the council's figures are to the euro
        contract=OperatorContract.objects.filter(scheme=scheme, starts_on=starts_on).first(),
        coordinator=_org(MONS_CITY),
        coordinator_role="Coordonnateur du groupement de commandes",
    )
    city = agreement.parties.get()
    parties = {
        name: services.party_add(
            agreement=agreement,
            organisation=_org(name),
            role_label="Membre du groupement de commandes",
        )
        for name in [name for name, _share in MONS_LANDLORDS] + ["AG2R La Mondiale"]
    }
    city_rule = services.rule_add(
        agreement=agreement,
        label="Ville de Mons-en-Barœul",
        kind=RuleKind.CAPPED_PERCENT,
        percent=Decimal("28.19"),
        cap_cents=45_200_00,
        party=city,
    )
    services.rule_add(
        agreement=agreement,
        label="AG2R La Mondiale",
        kind=RuleKind.FIXED,
        fixed_cents=8_000_00,
        party=parties["AG2R La Mondiale"],
    )
    landlords = services.rule_add(
        agreement=agreement, label="Bailleurs, au prorata des logements", kind=RuleKind.REMAINDER
    )
    for name, share in MONS_LANDLORDS:
        services.rule_add(
            agreement=agreement,
            label=name,
            kind=RuleKind.PERCENT if share is not None else RuleKind.REMAINDER,
            percent=share,
            parent=landlords,
            party=parties[name],
        )
    services.constraint_add(
        agreement=agreement,
        rule=city_rule,
        kind="cap",
        cap_cents=45_200_00,
        clause="Délibération du 27 juin 2019 — participation de la Ville plafonnée à 45 200 €",
    )
    return agreement


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
    created = (
        load_besancon(today)
        + load_humanicite(today)
        + load_mons(today)
        + load_marseille(today)  # after the scheme loaders: it needs the scheme
    )
    if not created:
        return "funding agreements already present"
    return "funding agreements: " + "; ".join(created)
