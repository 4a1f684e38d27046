"""The demonstration scenario « Médiation sociale urbaine — Marseille », shaped like seed 002:
40 sites, about 24 000 dwellings, 5 operators and 85 mediators of whom 13 supervisors, steered
by the regional landlords' association with the State and the City. Sites, operators, landlords
and people are invented; the parties are public bodies.

Built through the wizard's and the settings area's services, as its managers would: the scheme,
its members, the housing stock (one import that creates the sites and landlords), each
operator's sites from a date (one site changes hands when the framework contract starts, at
constant budget), the operators' staff. Idempotent: each service finds what exists. Its three
weeks of logbook per operator are the field app's demo activity
(``field.logbook.demo_marseille``).
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.db import transaction

from voisinage.accounts.access import PerimeterKind
from voisinage.accounts.models import OperatorSite, User
from voisinage.accounts.services import membership_grant, roles_ensure_defaults
from voisinage.digests.models import OperatorDeadline
from voisinage.digests.services import operator_deadline_set
from voisinage.schemes.models import MemberRole, Scheme
from voisinage.schemes.services import (
    operator_site_add,
    scheme_create,
    scheme_member_add,
)
from voisinage.territory.models import Entrance, Neighbourhood, Organisation
from voisinage.territory.services import housing_stock_import

SLUG = "marseille"
STARTS_ON = date(2018, 1, 1)
# The framework contract's first purchase order: the list of sites may change, budget constant.
FRAMEWORK_FROM = date(2021, 7, 1)


# The operator whose contract wants the digest by 09:00 (the scheme's deadline is 08:00).
LATER_DEADLINE = "Horizon Médiation (opérateur fictif)"


@dataclass(frozen=True)
class OperatorSpec:
    name: str
    short: str
    mediators: int
    supervisors: int
    sites: tuple[str, ...]


# 40 invented sites (cités), 85 mediators of whom 13 supervisors.
OPERATORS = (
    OperatorSpec(
        "Médiance Nord (opérateur fictif)",
        "MN",
        22,
        3,
        (
            "Les Oliviers",
            "La Bricarde Haute",
            "Le Plan des Pins",
            "Les Micocouliers",
            "La Castellane Basse",
            "Les Tamaris",
            "Le Vallon Clair",
            "Les Aubépines",
            "La Savine Haute",
            "Les Lauriers Roses",
        ),
    ),
    OperatorSpec(
        "Trait d'Union Méditerranée (opérateur fictif)",
        "TU",
        19,
        3,
        (
            "Font Vert Est",
            "Les Cyprès",
            "Le Mail des Cèdres",
            "La Busserine Sud",
            "Les Genêts",
            "Le Clos des Amandiers",
            "Les Arbousiers",
            "La Renaude",
            "Le Jas de Bouffan",
        ),
    ),
    OperatorSpec(
        "Passerelles Provence (opérateur fictif)",
        "PP",
        17,
        3,
        (
            "La Solidarité Haute",
            "Les Farigoules",
            "Le Parc Saint-Just",
            "Les Cigales",
            "La Marine Bleue",
            "Les Romarins",
            "Le Petit Séminaire",
            "Les Lavandes",
        ),
    ),
    OperatorSpec(
        "Horizon Médiation (opérateur fictif)",
        "HM",
        15,
        2,
        (
            "La Visitation",
            "Les Mimosas du Merlan",
            "Le Grand Saint-Barthélemy",
            "Les Agaves",
            "La Paternelle Haute",
            "Les Figuiers",
            "Le Val Plan",
        ),
    ),
    OperatorSpec(
        "Citadelle Médiation (opérateur fictif)",
        "CM",
        12,
        2,
        (
            "Air Bel Est",
            "Les Néréides",
            "La Cayolle Basse",
            "Les Escourtines",
            "Le Vieux Moulin",
            "Les Hauts de Mazargues",
        ),
    ),
)
# Given up by its first operator when the framework contract starts, taken by another.
HANDED_OVER = ("Le Val Plan", "Horizon Médiation (opérateur fictif)", OPERATORS[4].name)
LANDLORDS = (
    ("Habitat Calanques (bailleur fictif)", "HC"),
    ("Logis du Vieux-Port (bailleur fictif)", "LV"),
    ("Massilia Logement (bailleur fictif)", "ML"),
    ("Provence Hlm (bailleur fictif)", "PH"),
)
TOTAL_DWELLINGS = 24_120
ENTRANCES_PER_SITE = 5
LOGBOOK_DAYS = 21
PLACES = ("Place centrale", "Abords de l'école", "Arrêt de bus", "Parking de la cité")
SCENES = (
    ("Échange avec un groupe de jeunes au pied de l'immeuble, rappel des règles.", "yellow"),
    ("Médiation entre voisins après un conflit de stationnement.", "green"),
    ("Orientation d'une locataire vers le centre social pour un dossier d'aides.", "green"),
    ("Signalement d'un ascenseur en panne et d'un éclairage de hall hors service.", "yellow"),
    ("Présence active aux abords de l'école à la sortie des classes.", "green"),
)


def _org(name: str, kind: str, short_name: str = "") -> Organisation:
    from voisinage.demo.scenario import _org as org

    return org(name, kind, short_name)


def _stock_csv(seed: int) -> bytes:
    """The 40 sites' entrances: each site a neighbourhood with one landlord, dwellings spread
    so that the whole makes ``TOTAL_DWELLINGS``."""
    from voisinage.demo.scenario import _split

    rng = random.Random(seed)
    sites = [site for spec in OPERATORS for site in spec.sites]
    per_site = _split(TOTAL_DWELLINGS, len(sites), rng)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        ["code", "adresse", "bailleur", "quartier", "logements", "latitude", "longitude"]
    )
    for n, (site, dwellings) in enumerate(zip(sites, per_site, strict=True), start=1):
        landlord, prefix = LANDLORDS[n % len(LANDLORDS)]
        lat0, lon0 = 43.30 + rng.uniform(-0.06, 0.08), 5.40 + rng.uniform(-0.05, 0.06)
        for i, count in enumerate(_split(dwellings, ENTRANCES_PER_SITE, rng), start=1):
            writer.writerow(
                [
                    f"{prefix}-{n:02d}-{i}",
                    f"Bâtiment {chr(64 + i)}, {site}, Marseille",
                    landlord,
                    site,
                    count,
                    f"{lat0 + rng.gauss(0, 0.002):.6f}",
                    f"{lon0 + rng.gauss(0, 0.002):.6f}",
                ]
            )
    return out.getvalue().encode("utf-8")


def _staff(operator: Organisation, spec: OperatorSpec, scheme: Scheme) -> list[User]:
    """The operator's mediators (supervisors first): people without a password — they are not
    demo logins — each given a role in the scheme for their operator."""
    people = []
    for i in range(1, spec.mediators + 1):
        username = f"marseille-{spec.short.lower()}-{i:02d}"
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": "Encadrant" if i <= spec.supervisors else "Médiateur",
                "last_name": f"{spec.short} {i:02d}",
                "email": f"{username}@demo.voisinage.invalid",
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        membership_grant(
            user=user,
            organisation_id=operator.pk,
            scheme_id=scheme.pk,
            role_code="supervisor" if i <= spec.supervisors else "agent",
        )
        people.append(user)
    return people


def _sites(scheme: Scheme, author: User, operators: dict[str, Organisation]) -> None:
    """Each operator's sites from the scheme's start; one site changes hands on the framework
    contract's first day. Only when the scheme lists no site yet (its managers may have
    changed them since)."""
    if OperatorSite.objects.filter(scheme=scheme).exists():
        return
    hoods = dict(Neighbourhood.objects.filter(scheme=scheme).values_list("name", "pk"))
    for spec in OPERATORS:
        for site in spec.sites:
            operator_site_add(
                scheme=scheme,
                author=author,
                operator_id=operators[spec.name].pk,
                neighbourhood_id=hoods[site],
                starts_on=STARTS_ON,
                # The site handed over was held until the eve of the framework contract.
                ends_on=FRAMEWORK_FROM - timedelta(days=1) if site == HANDED_OVER[0] else None,
            )
    operator_site_add(
        scheme=scheme,
        author=author,
        operator_id=operators[HANDED_OVER[2]].pk,
        neighbourhood_id=hoods[HANDED_OVER[0]],
        starts_on=FRAMEWORK_FROM,
    )


@transaction.atomic
def load_marseille() -> Scheme:
    from voisinage.demo.scenario import DEMO_USERS, _user

    roles_ensure_defaults()
    users = {spec.username: _user(spec) for spec in DEMO_USERS}
    admin = users["admin"]
    operators = {
        spec.name: _org(spec.name, "operator", spec.name.split(" (")[0]) for spec in OPERATORS
    }
    state = _org(
        "État — Préfecture de police des Bouches-du-Rhône", "state", "Préfecture de police"
    )
    city = _org("Ville de Marseille", "city", "Ville de Marseille")
    arhlm = _org(
        "Association régionale Hlm Provence-Alpes-Côte d'Azur", "association", "AR Hlm PACA"
    )
    lead = operators[OPERATORS[0].name]
    scheme = scheme_create(
        creator=admin,
        shape="daytime-mediation",
        name="Médiation sociale urbaine — Marseille",
        slug=SLUG,
        operator_id=lead.pk,
        starts_on=STARTS_ON,
        activity_preset="xp-x60-600",
    )
    for org, role in [
        (arhlm, MemberRole.COORDINATOR),
        (state, MemberRole.FUNDER),
        (city, MemberRole.FUNDER),
        *((operators[spec.name], MemberRole.OPERATOR) for spec in OPERATORS[1:]),
    ]:
        scheme_member_add(scheme=scheme, author=admin, organisation_id=org.pk, role=role)
    if not Entrance.objects.filter(scheme=scheme).exists():
        housing_stock_import(
            scheme=scheme,
            data=_stock_csv(2020),
            filename="marseille-demo.csv",
            create_missing=True,
            author=admin,
        )
        for org in Organisation.objects.filter(name__in=[name for name, _p in LANDLORDS]):
            scheme_member_add(
                scheme=scheme, author=admin, organisation_id=org.pk, role=MemberRole.FUNDER
            )
    _sites(scheme, admin, operators)
    if not OperatorDeadline.objects.filter(scheme=scheme).exists():
        # One operator's contract wants the digest by 09:00, not the scheme's 08:00.
        operator_deadline_set(
            scheme=scheme,
            author=admin,
            operator_id=operators[LATER_DEADLINE].pk,
            deadline=time(9, 0),
        )
    for spec in OPERATORS:
        _staff(operators[spec.name], spec, scheme)
    membership_grant(
        user=users["marseille-operateur"],
        organisation_id=lead.pk,
        scheme_id=scheme.pk,
        role_code="operator_manager",
    )
    membership_grant(
        user=users["marseille-etat"],
        organisation_id=state.pk,
        scheme_id=scheme.pk,
        role_code="partner_referent",
        perimeter=PerimeterKind.SCHEME,
    )
    return scheme
