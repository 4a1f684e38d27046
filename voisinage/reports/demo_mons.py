"""Demo reports for Mons-en-Barœul: the daytime mediator reports to the City and to the three
landlords of the purchasing group (seed 000) over the last year — a routing table, reports in
every status, Partenord's and the City's answers, a few still open. Made through the services,
without e-mails, only when the scheme has no report yet (running the demo again adds nothing).
Random choices are seeded; the texts and the places are invented."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from voisinage.accounts.models import User
from voisinage.field.models import Intervention
from voisinage.lib import clock
from voisinage.reports.models import CategoryGroup, PlaceKind, Report, ReportCategory
from voisinage.reports.services import (
    Place,
    report_answer,
    report_close,
    report_create,
    report_settings_for,
    routing_rule_add,
)
from voisinage.schemes.models import Scheme
from voisinage.territory.models import Entrance, Neighbourhood, Organisation

SLUG = "mons-en-baroeul"
CITY = "Ville de Mons-en-Barœul"
LANDLORDS = {"PH": "Partenord Habitat", "VI": "Vilogia", "LM": "Logis Métropole"}
# Who answers for an organisation when it has a demo login.
ANSWERERS = {"Partenord Habitat": "partenord", CITY: "mons"}
MEDIATOR = "mediatrice-mons"
PLACES = [
    "Place de l'Europe",
    "Avenue Robert Schuman",
    "Parvis du Fort",
    "Square du Nouveau Mons",
    "Abords du collège",
    "Arrêt de métro",
]

# (days ago, category, place: a landlord's prefix or "street", what happens, description)
STORY: list[tuple[int, str, str, str, str]] = [
    (1, "eclairage", "PH", "sent", "Éclairage du hall en panne, locataires inquiets le soir."),
    (2, "encombrants", "street", "acknowledged", "Dépôt sauvage de meubles près des bornes."),
    (3, "porte-serrure-interphone", "VI", "sent", "Interphone hors service, porte bloquée."),
    (4, "conflit-voisinage", "PH", "planned", "Conflit entre voisins au sujet du bruit."),
    (6, "regroupement", "street", "acknowledged", "Regroupement de jeunes, tensions au square."),
    (8, "ascenseur", "LM", "sent", "Ascenseur à l'arrêt, une personne âgée au 7e."),
    (11, "tags", "PH", "done", "Tags injurieux dans la cage d'escalier."),
    (15, "espace-public", "street", "done", "Jeu pour enfants cassé au square."),
    (19, "hygiene", "VI", "closed", "Local poubelles débordant, odeurs."),
    (23, "personne-vulnerable", "PH", "done", "Locataire isolé, ne sort plus depuis une semaine."),
    (30, "stationnement-abusif", "street", "done", "Voitures sur le trottoir devant l'école."),
    (36, "fuite", "PH", "overdue", "Fuite au plafond du hall après les pluies."),
    (42, "encombrants", "LM", "closed", "Encombrants au pied de l'immeuble."),
    (50, "eclairage", "street", "done", "Lampadaire éteint sur le cheminement piéton."),
    (58, "hall-cave-squatte", "PH", "done", "Cave squattée, matelas et déchets."),
    (65, "conflit-voisinage", "VI", "closed", "Différend de voisinage apaisé par la médiation."),
    (73, "vitre-cassee", "PH", "done", "Vitre de la porte d'entrée brisée."),
    (81, "epave", "street", "not_ours", "Véhicule épave sur le parking du centre commercial."),
    (90, "personne-vulnerable", "street", "done", "Personne sans abri sous l'auvent du métro."),
    (102, "porte-serrure-interphone", "PH", "done", "Porte du hall qui ne ferme plus."),
    (115, "tags", "street", "done", "Tags sur le mur du gymnase."),
    (128, "ascenseur", "VI", "closed", "Ascenseur en panne depuis trois jours."),
    (140, "encombrants", "PH", "done", "Encombrants dans le local vélos."),
    (155, "regroupement", "PH", "done", "Regroupement tardif dans le hall, bruit."),
    (170, "espace-public", "street", "done", "Banc arraché sur la place."),
    (186, "hygiene", "LM", "closed", "Nuisibles signalés dans les caves."),
    (201, "securite-incendie", "PH", "done", "Extincteur vidé au 3e étage."),
    (218, "stationnement-abusif", "street", "done", "Stationnement sur la piste cyclable."),
    (236, "conflit-voisinage", "PH", "done", "Conflit d'usage autour des jardins partagés."),
    (255, "fuite", "VI", "closed", "Fuite d'eau en cave."),
    (274, "eclairage", "PH", "done", "Éclairage du parking souterrain en panne."),
    (296, "encombrants", "street", "done", "Dépôt sauvage au pied des conteneurs enterrés."),
    (318, "tags", "LM", "closed", "Tags dans l'ascenseur."),
    (340, "personne-vulnerable", "PH", "done", "Famille en difficulté orientée vers le CCAS."),
    (358, "espace-public", "street", "done", "Grille d'arbre descellée devant la médiathèque."),
]
COMMENTS = {
    "acknowledged": "Bien reçu, nous regardons.",
    "planned": "Rencontre avec les deux familles prévue avec notre chargée de clientèle.",
    "done": "Traité par nos services.",
    "not_ours": "Parking privé du centre commercial : voir avec le gestionnaire.",
}


def _routing(scheme: Scheme, landlords: dict[str, Organisation], city: Organisation) -> None:
    """The Mons table: at an entrance to its landlord (technical anomalies within five working
    days), elsewhere to the City."""
    if scheme.routing_rules.exists():
        return
    position = 0
    manager = User.objects.filter(username="operateur").first()

    def add(**fields: Any) -> None:
        nonlocal position
        position += 10
        routing_rule_add(scheme=scheme, author=manager, position=position, **fields)

    for org in landlords.values():
        add(
            category_group=CategoryGroup.TECHNICAL,
            place=PlaceKind.HOUSING,
            landlord=org,
            recipient=org,
            deadline_days=5,
            working_days=True,
            label=f"Technique — {org.name}",
        )
        add(
            place=PlaceKind.HOUSING,
            landlord=org,
            recipient=org,
            deadline_days=10,
            label=f"Patrimoine — {org.name}",
        )
    add(
        place=PlaceKind.PUBLIC_SPACE,
        recipient=city,
        deadline_days=5,
        working_days=True,
        label="Espace public — Ville",
    )


def load() -> str:
    scheme = Scheme.objects.filter(slug=SLUG).first()
    mediator = User.objects.filter(username=MEDIATOR).first()
    if scheme is None or mediator is None:
        return "reports: Mons scenario or its mediator missing"
    report_settings_for(scheme)
    landlords = {key: Organisation.objects.get(name=name) for key, name in LANDLORDS.items()}
    city = Organisation.objects.get(name=CITY)
    _routing(scheme, landlords, city)
    reports = Report.objects.filter(scheme=scheme)
    if reports.exists():
        return f"reports: {reports.count()} Mons reports (kept)"
    users = {u.username: u for u in User.objects.filter(username__in=ANSWERERS.values())}
    categories = {c.code: c for c in ReportCategory.objects.filter(scheme=scheme)}
    hood = Neighbourhood.objects.filter(scheme=scheme).order_by("pk").first()
    zone = ZoneInfo(scheme.time_zone)
    today = clock.today()
    for n, (days_ago, code, where, outcome, text) in enumerate(STORY):
        rng = random.Random(f"demo-report-mons-{n}")
        day = _weekday(today - timedelta(days=days_ago))
        at = datetime.combine(day, time(rng.randint(10, 16), rng.choice((0, 15, 30, 45))), zone)
        intervention = None
        if where == "street":
            place = Place(
                place_label=rng.choice(PLACES),
                neighbourhood=hood,
                lat=round(50.6420 + rng.uniform(-0.003, 0.003), 6),
                lon=round(3.1090 + rng.uniform(-0.004, 0.004), 6),
            )
        else:
            landlord = landlords[where]
            intervention = (
                Intervention.objects.filter(
                    scheme=scheme, started_at__date=day, entrance__landlord=landlord
                )
                .select_related("entrance")
                .order_by("pk")
                .first()
            )
            if intervention is not None and intervention.entrance is not None:
                entrance = intervention.entrance
                at = max(at, intervention.started_at)
            else:
                intervention = None
                entrance = rng.choice(
                    list(Entrance.objects.filter(scheme=scheme, landlord=landlord).order_by("code"))
                )
            place = Place(entrance=entrance)
        report = report_create(
            scheme=scheme,
            author=mediator,
            category=categories[code],
            description=text,
            place=place,
            urgency="urgent" if code in {"ascenseur", "securite-incendie"} else "normal",
            source="intervention" if intervention else "form",
            intervention=intervention,
            at=at,
            idempotency_key=f"demo-report-mons-{n}",
            notify=False,
        ).report
        _play(report, outcome, at, users, mediator, rng)
    return f"reports: {len(STORY)} Mons reports"


def _weekday(day: date) -> date:
    """The mediator works on weekdays: a weekend day becomes the Friday before."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def _play(
    report: Report,
    outcome: str,
    at: datetime,
    users: dict[str, User],
    mediator: User,
    rng: random.Random,
) -> None:
    """Make ``report`` reach ``outcome``: its recipient answers when it has a demo login, the
    mediator closes what the others fixed without saying so."""
    report.refresh_from_db()
    name = report.recipient.name if report.recipient else ""
    answerer = users.get(ANSWERERS.get(name, ""))
    now = clock.now()

    def when(moment: datetime) -> datetime:
        return min(moment, now - timedelta(minutes=5))

    later = at + timedelta(hours=rng.randint(4, 30))
    if outcome == "closed" or (answerer is None and outcome in {"done", "not_ours"}):
        report_close(
            report=report,
            user=mediator,
            comment="Constaté réglé lors du passage.",
            at=when(later + timedelta(days=rng.randint(2, 9))),
        )
        return
    if answerer is None or outcome in {"sent", "overdue"}:
        return
    if outcome in {"acknowledged", "planned", "done"}:
        report_answer(
            report=report,
            user=answerer,
            answer="acknowledged",
            comment=COMMENTS["acknowledged"],
            at=when(later),
            notify=False,
        )
    if outcome in {"planned", "done", "not_ours"}:
        report_answer(
            report=report,
            user=answerer,
            answer=outcome,
            planned_for=clock.today() + timedelta(days=4) if outcome == "planned" else None,
            comment=COMMENTS[outcome],
            at=when(later + timedelta(days=rng.randint(1, 6))),
            notify=False,
        )
