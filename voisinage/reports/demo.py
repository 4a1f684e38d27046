"""Demo reports for Besançon (the Besançon agreement §I.2.b: the landlords report back on what
their teams did): a routing table, and reports over the last weeks in every status, overdue
ones, a merged duplicate, the partners' answers (Mons-en-Barœul's are in ``demo_mons``). Made
through the services, without e-mails, only when the scheme has no report yet (running the demo
again adds nothing). Random choices are seeded; the social-services organisation is invented."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from voisinage.accounts.models import User
from voisinage.field.models import Intervention
from voisinage.lib import clock
from voisinage.reports import demo_mons
from voisinage.reports.models import (
    CategoryGroup,
    PlaceKind,
    Report,
    ReportCategory,
    RoutingRule,
)
from voisinage.reports.services import (
    Place,
    report_answer,
    report_close,
    report_create,
    report_settings_for,
    routing_rule_add,
)
from voisinage.schemes.models import MemberRole, Scheme
from voisinage.schemes.services import scheme_member_add
from voisinage.territory.models import Entrance, Neighbourhood, Organisation

LANDLORDS = {"Habitat 25": "habitat25", "Néolia": "neolia", "loge.GBM": "logegbm"}
CITY = "Ville de Besançon"
SOCIAL = "Service social de secteur (fictif)"

# (days ago, category, place: a landlord's name or "street", what happens, description)
STORY: list[tuple[int, str, str, str, str]] = [
    (1, "ascenseur", "Néolia", "sent", "Ascenseur bloqué au 4e, voyant d'alarme allumé."),
    (1, "eclairage", "Habitat 25", "sent", "Hall et première montée d'escalier sans lumière."),
    (
        2,
        "encombrants",
        "street",
        "acknowledged",
        "Matelas et meubles déposés au pied de l'abri bus.",
    ),
    (2, "regroupement", "street", "to_route", "Regroupement récurrent sur la place, bruit tardif."),
    (3, "porte-serrure-interphone", "loge.GBM", "planned", "Porte du hall forcée, ne ferme plus."),
    (4, "personne-vulnerable", "Néolia", "sent", "Personne âgée seule, semble désorientée."),
    (5, "tags", "Habitat 25", "done", "Tags injurieux dans le hall."),
    (6, "fuite", "loge.GBM", "done", "Fuite d'eau en cave, flaque importante."),
    (8, "hall-cave-squatte", "Néolia", "acknowledged", "Cave squattée, matelas et déchets."),
    (9, "epave", "street", "not_ours", "Véhicule sans plaques sur le parking de la rue."),
    (11, "vitre-cassee", "Habitat 25", "overdue", "Vitre de la porte d'entrée brisée."),
    (13, "securite-incendie", "loge.GBM", "overdue", "Extincteur arraché au 2e étage."),
    (15, "encombrants", "Néolia", "merged", "Encombrants devant le local poubelles."),
    (17, "stationnement-abusif", "Habitat 25", "done", "Voiture garée sur l'accès pompiers."),
    (19, "conflit-voisinage", "loge.GBM", "sent", "Conflit de voisinage (bruit), 3e."),
    (22, "espace-public", "street", "done", "Banc du square arraché."),
    (24, "ascenseur", "Habitat 25", "overdue", "Ascenseur en panne depuis deux jours."),
    (26, "hygiene", "Néolia", "closed", "Odeurs dans la cage d'escalier."),
]
STREETS = ["Rue de Dole", "Place de l'Europe", "Avenue du Parc", "Rue de Vesoul", "Square central"]


def _org(name: str, kind: str, email: str = "") -> Organisation:
    org, _created = Organisation.objects.get_or_create(
        name=name, defaults={"kind": kind, "email": email}
    )
    return org


def _rules(scheme: Scheme, landlords: dict[str, Organisation], city: Organisation) -> None:
    if RoutingRule.objects.filter(scheme=scheme).exists():
        return
    social = _org(SOCIAL, "other", "social-secteur@voisinage-demo.invalid")
    scheme_member_add(
        scheme=scheme,
        author=User.objects.filter(username="operateur").first(),
        organisation_id=social.pk,
        role=MemberRole.OTHER,
    )
    position = 0
    manager = User.objects.filter(username="operateur").first()

    def rule(**fields: Any) -> None:
        nonlocal position
        position += 10
        routing_rule_add(scheme=scheme, author=manager, position=position, **fields)

    rule(
        category_group=CategoryGroup.SOCIAL,
        recipient=social,
        deadline_days=2,
        label="Situations sociales",
    )
    for name, org in landlords.items():
        rule(
            category_group=CategoryGroup.TECHNICAL,
            place=PlaceKind.HOUSING,
            landlord=org,
            recipient=org,
            deadline_days=5,
            working_days=True,
            label=f"Technique — {name}",
        )
    for name, org in landlords.items():
        rule(
            place=PlaceKind.HOUSING,
            landlord=org,
            recipient=org,
            deadline_days=10,
            label=f"Patrimoine — {name}",
        )
    for group in (CategoryGroup.CLEANLINESS, CategoryGroup.PUBLIC_SPACE, CategoryGroup.PARKING):
        rule(
            category_group=group,
            place=PlaceKind.PUBLIC_SPACE,
            recipient=city,
            deadline_days=5,
            working_days=True,
            label="Espace public — Ville",
        )


def _moment(scheme: Scheme, day: date, rng: random.Random) -> datetime:
    zone = ZoneInfo(scheme.time_zone)
    return datetime.combine(day, time(rng.randint(18, 23), rng.choice((5, 20, 35, 50))), zone)


def load() -> str:
    with transaction.atomic():
        besancon = load_besancon()
    with transaction.atomic():
        mons = demo_mons.load()
    return f"{besancon}; {mons}"


def load_besancon() -> str:
    scheme = Scheme.objects.filter(slug="besancon").first()
    if scheme is None:
        return "reports: Besançon scenario missing"
    report_settings_for(scheme)
    landlords = {name: Organisation.objects.get(name=name) for name in LANDLORDS}
    city = Organisation.objects.get(name=CITY)
    _rules(scheme, landlords, city)
    if Report.objects.filter(scheme=scheme).exists():
        return f"reports: {Report.objects.filter(scheme=scheme).count()} Besançon reports (kept)"
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["superviseur", "agent", "ville", *LANDLORDS.values()]
        )
    }
    categories = {c.code: c for c in ReportCategory.objects.filter(scheme=scheme)}
    hoods = list(Neighbourhood.objects.filter(scheme=scheme, lat__isnull=False).order_by("name"))
    today = clock.today()
    for n, (days_ago, code, where, outcome, text) in enumerate(STORY):
        rng = random.Random(f"demo-report-besancon-{n}")
        day = today - timedelta(days=days_ago)
        at = _moment(scheme, day, rng)
        intervention = None
        if where == "street":
            hood = rng.choice(hoods)
            assert hood.lat is not None
            assert hood.lon is not None
            place = Place(
                place_label=rng.choice(STREETS),
                neighbourhood=hood,
                lat=hood.lat + rng.uniform(-0.002, 0.002),
                lon=hood.lon + rng.uniform(-0.002, 0.002),
            )
        else:
            # Preferably from an intervention of that night at one of the landlord's entrances.
            intervention = (
                Intervention.objects.filter(scheme=scheme, night=day, landlord=landlords[where])
                .select_related("entrance")
                .order_by("pk")
                .first()
            )
            if intervention is not None and intervention.entrance is not None:
                entrance = intervention.entrance
                at = max(at, intervention.started_at)
            else:
                entrance = rng.choice(
                    list(
                        Entrance.objects.filter(scheme=scheme, landlord=landlords[where]).order_by(
                            "code"
                        )[:200]
                    )
                )
            place = Place(entrance=entrance)
        result = report_create(
            scheme=scheme,
            author=users["superviseur"] if rng.random() < 0.5 else users["agent"],
            category=categories[code],
            description=text,
            place=place,
            urgency="urgent" if code in {"ascenseur", "securite-incendie"} else "normal",
            source="intervention" if intervention else "form",
            intervention=intervention,
            at=at,
            idempotency_key=f"demo-report-besancon-{n}",
            notify=False,
        )
        report = result.report
        _play(report, outcome, at, users, scheme, rng)
    rules = RoutingRule.objects.filter(scheme=scheme).count()
    return f"reports: {len(STORY)} Besançon reports, {rules} routing rules"


def _play(
    report: Report,
    outcome: str,
    at: datetime,
    users: dict[str, User],
    scheme: Scheme,
    rng: random.Random,
) -> None:
    """Make ``report`` reach ``outcome`` the way it would have in real life."""
    report.refresh_from_db()
    answerer = _answerer(report, users)
    now = clock.now()

    def when(moment: datetime) -> datetime:
        return min(moment, now - timedelta(minutes=5))

    later = at + timedelta(hours=rng.randint(10, 30))
    if outcome in {"acknowledged", "planned", "done"} and answerer is not None:
        report_answer(
            report=report, user=answerer, answer="acknowledged", at=when(later), notify=False
        )
    if outcome == "planned" and answerer is not None:
        report_answer(
            report=report,
            user=answerer,
            answer="planned",
            planned_for=clock.today() + timedelta(days=3),
            comment="Intervention du serrurier programmée.",
            at=when(later + timedelta(hours=2)),
            notify=False,
        )
    if outcome == "done" and answerer is not None:
        report_answer(
            report=report,
            user=answerer,
            answer="done",
            comment="Traité par nos équipes.",
            at=when(later + timedelta(days=1)),
            notify=False,
        )
    if outcome == "not_ours" and answerer is not None:
        report_answer(
            report=report,
            user=answerer,
            answer="not_ours",
            comment="Parking privé du bailleur : à transmettre à loge.GBM.",
            at=when(later),
            notify=False,
        )
    if outcome == "closed":
        report_close(report=report, user=users["superviseur"], comment="Odeurs disparues.")
    if outcome == "merged":
        for k in range(2):
            report_create(
                scheme=scheme,
                author=users["agent"],
                category=report.category,
                description="Toujours présents au passage suivant.",
                place=Place(entrance=report.entrance),
                source="form",
                merge_into=report,
                at=when(at + timedelta(days=2 + 3 * k)),
                idempotency_key=f"demo-report-besancon-{report.pk}-dup-{k}",
                notify=False,
            )


def _answerer(report: Report, users: dict[str, User]) -> User | None:
    if report.recipient is None:
        return None
    username = LANDLORDS.get(report.recipient.name) or (
        "ville" if report.recipient.name == CITY else None
    )
    return users.get(username) if username else None
