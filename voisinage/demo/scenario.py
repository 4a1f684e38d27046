"""The demonstration scenarios: Besançon (its agreement of 2024) and Humanicité (its agreement of
June 2019).

Everything is idempotent (matched by natural keys) and deterministic (seeded random), so the
quick start can run it on every start. People are invented; organisations are the public
parties named in the source documents.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from voisinage.accounts.access import PerimeterKind
from voisinage.accounts.demo_users import demo_user
from voisinage.accounts.models import User
from voisinage.accounts.services import membership_grant, roles_ensure_defaults
from voisinage.core.extensions import DEMO
from voisinage.demo.scales import mons_scales
from voisinage.schemes.models import (
    Capability,
    MemberRole,
    Scheme,
    ServiceHoursRule,
    StaffingRule,
)
from voisinage.schemes.services import (
    operator_contract_add,
    scheme_capabilities_set,
    scheme_create,
    scheme_member_add,
    scheme_sheet_update,
    service_hours_rule_add,
    service_hours_rule_remove,
)
from voisinage.schemes.staffing_rules import staffing_rule_add
from voisinage.territory.models import Entrance, Neighbourhood, Organisation
from voisinage.territory.services import (
    entrance_create,
    housing_stock_import,
    neighbourhood_create,
    neighbourhood_update,
)

DATA_DIR = Path(__file__).resolve().parent / "data"

STREETS = [
    "rue des Tilleuls",
    "rue des Acacias",
    "allée des Peupliers",
    "rue du Parc",
    "avenue du Stade",
    "rue des Écoles",
    "rue de la Fontaine",
    "place du Marché",
    "rue des Vergers",
    "rue du Moulin",
    "allée des Lilas",
    "rue des Jardins",
    "rue de la Colline",
    "boulevard du Centre",
    "rue des Sources",
    "rue des Frênes",
    "rue du Clos",
    "impasse des Érables",
    "rue de l'Étang",
    "avenue des Sports",
    "rue des Noisetiers",
    "chemin des Prés",
    "rue de la Source",
    "rue des Mésanges",
    "rue des Hirondelles",
    "allée des Cerisiers",
]
RESIDENCE_NAMES = [
    "Les Acacias",
    "Les Tilleuls",
    "Le Belvédère",
    "Les Cèdres",
    "Les Glycines",
    "Le Parc",
    "Les Hortensias",
    "Les Jonquilles",
    "Le Clos Vert",
    "Les Platanes",
    "Les Marronniers",
    "Le Panorama",
    "Les Bouleaux",
    "Les Iris",
    "Les Primevères",
    "Le Verger",
    "Les Charmes",
    "Les Saules",
    "L'Orée",
    "Les Mimosas",
    "Les Lauriers",
    "Le Coteau",
    "Les Pins",
    "Les Aulnes",
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    persona: str
    superuser: bool = False


DEMO_USERS = [
    DemoUser("admin", "Alice", "Martinot", "Platform administrator (every scheme)", True),
    DemoUser("operateur", "Olivier", "Perrard", "Operator manager (every demo scheme)"),
    DemoUser("superviseur", "Sonia", "Belkadi", "Night supervisor, Besançon"),
    DemoUser("agent", "Yanis", "Ferrand-Lucas", "Field agent, Besançon"),
    DemoUser("habitat25", "Hélène", "Vautrin", "Habitat 25 referent (its stock only)"),
    DemoUser("neolia", "Nicolas", "Grosjean", "Néolia referent (its stock only)"),
    DemoUser("logegbm", "Laure", "Tissot", "loge.GBM referent (its stock only)"),
    DemoUser("ville", "Vincent", "Roussel", "City of Besançon, public tranquillity (whole scheme)"),
    DemoUser("prefecture", "Pauline", "Mercier", "Préfet's delegate, Doubs (whole scheme)"),
    DemoUser("protection", "Nadia", "Rochet", "Data-protection contact, Besançon"),
    DemoUser("humanicite", "Hugo", "Lemaire", "ASL Humanicité (Humanicité scheme only)"),
    DemoUser("mediateur", "Karim", "Haddad", "Mediator, Humanicité (daytime)"),
    DemoUser("lillelomme", "Lina", "Desmet", "Ville de Lille-Lomme (Humanicité scheme only)"),
    DemoUser("capinghem", "Camille", "Vandamme", "Ville de Capinghem (Humanicité scheme only)"),
    DemoUser("mons", "Mathilde", "Lefebvre", "Ville de Mons-en-Barœul, coordinator (Mons only)"),
    DemoUser("partenord", "Paul", "Delattre", "Partenord Habitat referent (its stock in Mons)"),
    DemoUser("mediatrice-mons", "Inès", "Carpentier", "Mediator, Mons-en-Barœul (daytime)"),
    DemoUser(
        "marseille-operateur",
        "Farid",
        "Montagnac",
        "Manager of one of Marseille's five operators (its sites only)",
    ),
    DemoUser("marseille-etat", "Élise", "Rambert", "The State in Marseille (all five operators)"),
    DemoUser(
        "metropole",
        "Margaux",
        "Declercq",
        "Métropole européenne de Lille officer: the network's figures, no scheme's pages",
    ),
]


def _org(name: str, kind: str, short_name: str = "", email: str = "") -> Organisation:
    org, _created = Organisation.objects.update_or_create(
        name=name, defaults={"kind": kind, "short_name": short_name, "email": email}
    )
    return org


def _member(scheme: Scheme, author: User, org: Organisation, role: str) -> None:
    scheme_member_add(scheme=scheme, author=author, organisation_id=org.pk, role=role)


def _neighbourhood(
    scheme: Scheme, author: User, name: str, kind: str, lat: float, lon: float
) -> Neighbourhood:
    """A neighbourhood through the settings services: created once, its kind kept up to date."""
    hood = Neighbourhood.objects.filter(scheme=scheme, name=name).first()
    if hood is None:
        return neighbourhood_create(
            scheme=scheme, author=author, name=name, kind=kind, lat=lat, lon=lon
        )
    if hood.kind != kind:
        hood = neighbourhood_update(neighbourhood=hood, author=author, name=name, kind=kind)
    return hood


def _user(spec: DemoUser) -> User:
    user = demo_user(spec.username, spec.first_name, spec.last_name)
    if user.is_superuser != spec.superuser or user.is_staff != spec.superuser:
        user.is_superuser = user.is_staff = spec.superuser
        user.save(update_fields=["is_superuser", "is_staff"])
    return user


type HoursRow = tuple[int, int, int, int, str, time, time]


@dataclass(frozen=True)
class SchemeSpec:
    """A demo scheme as its managers would set it up: the wizard's questions, then the sheet,
    the parts used and the service hours of the settings area."""

    slug: str
    shape: str
    name: str
    operator: Organisation
    capabilities: tuple[str, ...]
    description: str
    starts_on: date
    activity_preset: str
    # (from month, from day, to month, to day, weekdays, start, end)
    hours: tuple[HoursRow, ...]
    ends_on: date | None = None
    holidays_included: bool = True
    weekly_patrol_target: int | None = None
    annual_hours_basis: int | None = None


def _scheme(manager: User, spec: SchemeSpec) -> Scheme:
    """Create the scheme through the wizard's service, then set what the template does not
    know through the settings services (idempotent: each service changes only what differs).
    The template's service hours are replaced by the scheme's own only when it is created: a
    scheme that exists keeps its hours, its managers may have changed them."""
    created = not Scheme.objects.filter(slug=spec.slug).exists()
    scheme = scheme_create(
        creator=manager,
        shape=spec.shape,
        name=spec.name,
        slug=spec.slug,
        operator_id=spec.operator.pk,
        starts_on=spec.starts_on,
        activity_preset=spec.activity_preset,
    )
    scheme = scheme_sheet_update(
        scheme=scheme,
        author=manager,
        name=spec.name,
        description=spec.description,
        public_phone=scheme.public_phone,
        starts_on=spec.starts_on,
        ends_on=spec.ends_on,
        time_zone=scheme.time_zone,
        holidays_included=spec.holidays_included,
        weekly_patrol_target=spec.weekly_patrol_target,
        annual_hours_basis=spec.annual_hours_basis,
    )
    scheme = scheme_capabilities_set(scheme=scheme, author=manager, capabilities=spec.capabilities)
    if created:
        _hours_replace(scheme, manager, spec.hours)
    return scheme


def _hours_replace(scheme: Scheme, author: User, rows: tuple[HoursRow, ...]) -> None:
    """Make the scheme's service hours exactly ``rows``, through the settings services: the
    template's rules that differ are removed first (they might overlap), then the missing
    ones are added in order."""
    wanted = list(rows)
    for rule in ServiceHoursRule.objects.filter(scheme=scheme).order_by("position"):
        row = (
            rule.start_month,
            rule.start_day,
            rule.end_month,
            rule.end_day,
            rule.weekdays,
            rule.starts_at,
            rule.ends_at,
        )
        if row in wanted:
            wanted.remove(row)
        else:
            service_hours_rule_remove(rule=rule, author=author)
    for sm, sd, em, ed, weekdays, start, end in wanted:
        service_hours_rule_add(
            scheme=scheme,
            author=author,
            start_month=sm,
            start_day=sd,
            end_month=em,
            end_day=ed,
            weekdays=weekdays,
            starts_at=start,
            ends_at=end,
        )


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """Split ``total`` dwellings into ``parts`` entrances, plausibly uneven, exact sum."""
    weights = [rng.uniform(0.6, 1.6) for _ in range(parts)]
    scale = total / sum(weights)
    counts = [max(1, int(w * scale)) for w in weights]
    diff = total - sum(counts)
    i = 0
    while diff != 0:
        j = i % parts
        if diff > 0:
            counts[j] += 1
            diff -= 1
        elif counts[j] > 1:
            counts[j] -= 1
            diff += 1
        i += 1
    return counts


def _stock_csv(
    scheme_rows: list[dict[str, str]],
    centroids: dict[str, tuple[float, float]],
    landlord_codes: dict[str, str],
    seed: int,
) -> bytes:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        [
            "code",
            "adresse",
            "bailleur",
            "quartier",
            "residence",
            "logements",
            "latitude",
            "longitude",
        ]
    )
    for row in scheme_rows:
        landlord, hood = row["landlord"], row["neighbourhood"]
        n, dwellings = int(row["entrances"]), int(row["dwellings"])
        lat0, lon0 = centroids[hood]
        counts = _split(dwellings, n, rng)
        hood_code = "".join(c for c in hood.upper() if c.isalpha())[:3]
        streets = rng.sample(STREETS, k=min(len(STREETS), max(2, n // 6 + 1)))
        residence_names = rng.sample(RESIDENCE_NAMES, k=min(len(RESIDENCE_NAMES), n // 5 + 1))
        number = rng.randint(1, 9)
        for i in range(n):
            street = streets[i % len(streets)]
            residence = residence_names[(i // 5) % len(residence_names)]
            number += rng.randint(1, 4)
            writer.writerow(
                [
                    f"{landlord_codes[landlord]}-{hood_code}-{i + 1:03d}",
                    f"{number} {street}, Besançon",
                    landlord,
                    hood,
                    f"Résidence {residence}",
                    counts[i],
                    f"{lat0 + rng.gauss(0, 0.0025):.6f}",
                    f"{lon0 + rng.gauss(0, 0.0035):.6f}",
                ]
            )
    return out.getvalue().encode("utf-8")


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_besancon() -> Scheme:
    roles_ensure_defaults()
    users = {spec.username: _user(spec) for spec in DEMO_USERS}
    manager = users["operateur"]
    city = _org("Ville de Besançon", "city", "Ville de Besançon")
    gbm = _org("Grand Besançon Métropole", "metropolis", "GBM")
    state = _org("État — Préfecture du Doubs", "state", "Préfecture du Doubs")
    habitat25 = _org("Habitat 25", "landlord")
    neolia = _org("Néolia", "landlord")
    logegbm = _org("loge.GBM", "landlord")
    operator = _org("Médiaction Expertises", "operator")
    national_police = _org("Police nationale — DDSP du Doubs", "police", "Police nationale")
    municipal_police = _org("Police municipale de Besançon", "police", "Police municipale")

    scheme = _scheme(
        manager,
        SchemeSpec(
            slug="besancon",
            shape="night-tranquillity",
            name="Tranquillité résidentielle du Grand Besançon",
            operator=operator,
            capabilities=tuple(Capability.values),
            description=(
                "Dispositif de tranquillité résidentielle et de médiation de nuit dans le "
                "patrimoine des bailleurs sociaux des quartiers prioritaires et fragiles du "
                "contrat de ville."
            ),
            starts_on=date(2024, 6, 1),
            ends_on=date(2028, 5, 31),
            holidays_included=True,
            weekly_patrol_target=200,
            # Not in the Besançon agreement: the French legal annual working time, as in the
            # Humanicité agreement.
            annual_hours_basis=1607,
            activity_preset="xp-x60-600",
            hours=(
                (4, 1, 9, 30, "012345", time(18, 0), time(1, 0)),
                (10, 1, 3, 31, "012345", time(17, 0), time(0, 0)),
            ),
        ),
    )
    for org, role in [
        (logegbm, MemberRole.COORDINATOR),
        (logegbm, MemberRole.LANDLORD),
        (neolia, MemberRole.LANDLORD),
        (habitat25, MemberRole.LANDLORD),
        (state, MemberRole.FUNDER),
        (city, MemberRole.FUNDER),
        (gbm, MemberRole.FUNDER),
        (operator, MemberRole.OPERATOR),
        (national_police, MemberRole.POLICE),
        (municipal_police, MemberRole.POLICE),
    ]:
        _member(scheme, manager, org, role)
    operator_contract_add(
        scheme=scheme,
        author=manager,
        operator_id=operator.pk,
        starts_on=date(2024, 5, 15),
        reference="Marché de tranquillité résidentielle 2024",
        notified_on=date(2024, 5, 15),
        initial_term_months=12,
        renewals=3,
        renewal_term_months=12,
        annual_amount_cents=368_400_00,
    )
    if not StaffingRule.objects.filter(scheme=scheme).exists():
        for label, position, headcount, weekdays, priority, ranges, weeks in [
            ("Encadrant", "supervisor", 1, "012345", 0, "", ""),
            ("Service normal", "agent", 4, "12345", 0, "", ""),
            ("Service restreint (lundi)", "agent", 2, "0", 10, "", ""),
            ("Service restreint (été)", "agent", 2, "012345", 10, "25/07-31/07, 01/08-14/08", ""),
            ("Service restreint (fin d'année)", "agent", 2, "012345", 10, "", "51, 52"),
        ]:
            staffing_rule_add(
                scheme=scheme,
                author=manager,
                label=label,
                position=position,
                headcount=headcount,
                weekdays=weekdays,
                priority=priority,
                date_ranges=ranges,
                iso_weeks=weeks,
            )

    stock = _read_csv("besancon_housing_stock.csv")
    centroids = {
        r["neighbourhood"]: (float(r["lat"]), float(r["lon"]))
        for r in _read_csv("besancon_neighbourhood_centroids.csv")
    }
    kinds = {r["neighbourhood"]: r["neighbourhood_kind"] for r in stock}
    for name, kind in kinds.items():
        lat, lon = centroids[name]
        _neighbourhood(scheme, manager, name, kind, lat, lon)
    data = _stock_csv(
        stock, centroids, {"Habitat 25": "H25", "Néolia": "NEO", "loge.GBM": "LGB"}, seed=2024
    )
    housing_stock_import(scheme=scheme, data=data, filename="besancon-demo.csv")

    grants: list[tuple[str, Organisation, str, PerimeterKind]] = [
        ("operateur", operator, "operator_manager", PerimeterKind.SCHEME),
        ("superviseur", operator, "supervisor", PerimeterKind.SCHEME),
        ("agent", operator, "agent", PerimeterKind.SCHEME),
        ("habitat25", habitat25, "partner_referent", PerimeterKind.LANDLORD),
        ("neolia", neolia, "partner_referent", PerimeterKind.LANDLORD),
        ("logegbm", logegbm, "partner_referent", PerimeterKind.LANDLORD),
        ("ville", city, "partner_referent", PerimeterKind.SCHEME),
        ("prefecture", state, "partner_viewer", PerimeterKind.SCHEME),
        ("protection", city, "data_protection_contact", PerimeterKind.SCHEME),
    ]
    for username, org, role_code, perimeter in grants:
        membership_grant(
            user=users[username],
            organisation_id=org.pk,
            scheme_id=scheme.pk,
            role_code=role_code,
            perimeter=perimeter,
        )
    return scheme


@transaction.atomic
def load_humanicite() -> Scheme:
    roles_ensure_defaults()
    users = {spec.username: _user(spec) for spec in DEMO_USERS}
    manager = users["operateur"]
    asl = _org("ASL Humanicité", "association", "ASL Humanicité")
    capinghem = _org("Ville de Capinghem", "city")
    lille = _org("Ville de Lille et sa commune associée de Lomme", "city", "Ville de Lille-Lomme")
    landlord = _org("Habitat de l'Îlot (bailleur fictif)", "landlord", "Habitat de l'Îlot")
    citeo = _org("Citéo", "operator")
    scheme = _scheme(
        manager,
        SchemeSpec(
            slug="humanicite",
            shape="daytime-mediation",
            name="Médiation sociale Humanicité",
            operator=citeo,
            # A daytime mediator: no patrols, courtesy visits, rota, phone desk nor
            # landlords' instructions; reports go by e-mail to the partners (seed 001).
            capabilities=(Capability.REPORTS,),
            description=(
                "Un médiateur social sur le quartier Humanicité (Lille-Lomme et Capinghem), "
                "dans le cadre de la norme XP X60-600 : quatre axes, feuille de route annuelle "
                "et mensuelle, synthèse mensuelle et bilan annuel."
            ),
            starts_on=date(2019, 1, 1),
            annual_hours_basis=1607,
            activity_preset="xp-x60-600",
            hours=((1, 1, 12, 31, "01234", time(10, 0), time(18, 0)),),
        ),
    )
    for org, role in [
        (asl, MemberRole.COORDINATOR),
        (asl, MemberRole.FUNDER),
        (capinghem, MemberRole.FUNDER),
        (lille, MemberRole.FUNDER),
        (citeo, MemberRole.OPERATOR),
        (landlord, MemberRole.LANDLORD),
    ]:
        _member(scheme, manager, org, role)
    operator_contract_add(
        scheme=scheme,
        author=manager,
        operator_id=citeo.pk,
        starts_on=date(2019, 1, 1),
        reference="Convention de coopération 2019",
        initial_term_months=12,
        renewals=0,
        annual_amount_cents=60_600_00,
        # §1: one mediator, 35 h a week on average; supervision half a day a week.
        weekly_hours=Decimal(35),
        supervision_days_per_week=Decimal("0.5"),
    )
    hood = _neighbourhood(scheme, manager, "Humanicité", "other", 50.6418, 2.9716)
    rng = random.Random(2019)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        [
            "code",
            "adresse",
            "bailleur",
            "quartier",
            "residence",
            "logements",
            "latitude",
            "longitude",
        ]
    )
    for i in range(12):
        writer.writerow(
            [
                f"HUM-{i + 1:03d}",
                f"{2 + 2 * i} rue des Lumières, Capinghem",
                landlord.name,
                hood.name,
                "Îlot Central" if i < 6 else "Îlot des Jardins",
                rng.randint(12, 40),
                f"{50.6418 + rng.gauss(0, 0.0012):.6f}",
                f"{2.9716 + rng.gauss(0, 0.0018):.6f}",
            ]
        )
    housing_stock_import(scheme=scheme, data=out.getvalue().encode(), filename="humanicite.csv")
    membership_grant(
        user=users["humanicite"],
        organisation_id=asl.pk,
        scheme_id=scheme.pk,
        role_code="partner_referent",
        perimeter=PerimeterKind.SCHEME,
    )
    membership_grant(
        user=users["operateur"],
        organisation_id=citeo.pk,
        scheme_id=scheme.pk,
        role_code="operator_manager",
        perimeter=PerimeterKind.SCHEME,
    )
    membership_grant(
        user=users["mediateur"],
        organisation_id=citeo.pk,
        scheme_id=scheme.pk,
        role_code="agent",
        perimeter=PerimeterKind.SCHEME,
    )
    for username, city in (("lillelomme", lille), ("capinghem", capinghem)):
        membership_grant(
            user=users[username],
            organisation_id=city.pk,
            scheme_id=scheme.pk,
            role_code="partner_referent",
            perimeter=PerimeterKind.SCHEME,
        )
    return scheme


# Mons-en-Barœul (seed 000): the City coordinates a purchasing group with three landlords and
# AG2R La Mondiale; the contract started on 1 December 2019, one year renewable twice, for an
# estimated 160 000 € a year. The operator and the streets are invented.
MONS_LANDLORDS = (
    ("Partenord Habitat", "PH", 1144, 8),
    ("Vilogia", "VI", 901, 6),
    ("Logis Métropole", "LM", 510, 4),
)


def load_mons() -> Scheme:
    """Built through the services of the wizard and the settings area, as its managers would
    (idempotent: each service finds what exists)."""
    roles_ensure_defaults()
    users = {spec.username: _user(spec) for spec in DEMO_USERS}
    manager = users["operateur"]
    operator = _org("Médiation Métropole (opérateur fictif)", "operator", "Médiation Métropole")
    city = _org("Ville de Mons-en-Barœul", "city", "Ville de Mons")
    ag2r = _org("AG2R La Mondiale", "company")
    scheme = scheme_create(
        creator=manager,
        shape="daytime-mediation",
        name="Médiation sociale du Nouveau Mons",
        slug="mons-en-baroeul",
        operator_id=operator.pk,
        starts_on=date(2019, 12, 1),
        activity_preset="mons",
    )
    scheme_member_add(
        scheme=scheme, author=manager, organisation_id=city.pk, role=MemberRole.COORDINATOR
    )
    scheme_member_add(
        scheme=scheme, author=manager, organisation_id=city.pk, role=MemberRole.FUNDER
    )
    scheme_member_add(
        scheme=scheme, author=manager, organisation_id=ag2r.pk, role=MemberRole.FUNDER
    )
    operator_contract_add(
        scheme=scheme,
        author=manager,
        operator_id=operator.pk,
        starts_on=date(2019, 12, 1),
        annual_amount_cents=160_000_00,
        initial_term_months=12,
        renewals=2,
        reference="Marché de médiation sociale — groupement de commandes",
    )
    hood = Neighbourhood.objects.filter(scheme=scheme, name="Nouveau Mons").first()
    if hood is None:
        hood = neighbourhood_create(
            scheme=scheme, author=manager, name="Nouveau Mons", kind="priority"
        )
    rng = random.Random(2019)
    landlords = {}
    for name, prefix, dwellings, entrances in MONS_LANDLORDS:
        landlord = _org(name, "landlord")
        landlords[prefix] = landlord
        scheme_member_add(
            scheme=scheme, author=manager, organisation_id=landlord.pk, role=MemberRole.LANDLORD
        )
        scheme_member_add(
            scheme=scheme, author=manager, organisation_id=landlord.pk, role=MemberRole.FUNDER
        )
        for i, share in enumerate(_split(dwellings, entrances, rng), start=1):
            code = f"{prefix}-{i:03d}"
            if Entrance.objects.filter(scheme=scheme, code=code).exists():
                continue
            entrance_create(
                scheme=scheme,
                author=manager,
                code=code,
                address=f"{2 * i + len(prefix)} avenue du Nouveau Mons, Mons-en-Barœul",
                landlord=landlord,
                neighbourhood=hood,
                dwellings=share,
                lat=round(50.6420 + rng.gauss(0, 0.0015), 6),
                lon=round(3.1090 + rng.gauss(0, 0.002), 6),
            )
    membership_grant(
        user=users["mons"],
        organisation_id=city.pk,
        scheme_id=scheme.pk,
        role_code="partner_referent",
        perimeter=PerimeterKind.SCHEME,
    )
    membership_grant(
        user=users["partenord"],
        organisation_id=landlords["PH"].pk,
        scheme_id=scheme.pk,
        role_code="partner_referent",
        perimeter=PerimeterKind.LANDLORD,
    )
    membership_grant(
        user=users["mediatrice-mons"],
        organisation_id=operator.pk,
        scheme_id=scheme.pk,
        role_code="agent",
        perimeter=PerimeterKind.SCHEME,
    )
    mons_scales(scheme, manager)
    return scheme


def activity_loaders() -> list[tuple[str, Callable[[], str]]]:
    """Each app may add demo activity (nights, calls, meetings…) through ``<app>/demo.py``
    defining ``load() -> str`` (idempotent, dated relative to today, returns a summary; the
    ``DEMO`` extension point). They run after the scenarios, in INSTALLED_APPS order."""
    return [(c.app_label, c.value) for c in DEMO.contributions()]


def _load_marseille() -> Scheme:
    from voisinage.demo.marseille import load_marseille

    return load_marseille()


SCENARIOS: dict[str, Callable[[], Scheme]] = {
    "besancon": load_besancon,
    "humanicite": load_humanicite,
    "mons": load_mons,
    "marseille": _load_marseille,
}
