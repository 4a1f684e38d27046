"""Demo governance of Besançon: the bodies and quotas of the Besançon agreement (§I.2.b,
§II.2.7) and a year of meetings around today."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from voisinage.accounts.models import User
from voisinage.governance.demo_support import (
    BodySpec,
    Context,
    attend,
    bodies_set,
    decide,
    minutes,
    months_around,
    new_meeting,
    nth_weekday,
    org,
    quotas_set,
    working_day,
)
from voisinage.governance.models import BodyKind, Frequency, Meeting
from voisinage.governance.selectors import local_today
from voisinage.governance.services import document_add, meeting_deck_record
from voisinage.schemes.models import Scheme

BESANCON_BODIES = [
    BodySpec(
        "Comité de pilotage",
        BodyKind.STEERING,
        Frequency.MONTHS,
        ["logegbm", "neolia", "habitat25", "state", "city", "gbm", "operator"],
        description=(
            "Instance décisionnelle : représentation auprès des partenaires, budget, suivi et "
            "évaluation du dispositif, bilan annuel, renouvellement du marché."
        ),
        months="1, 9",
        duration=150,
        documents=True,
        deck=True,
    ),
    BodySpec(
        "Comité technique",
        BodyKind.TECHNICAL,
        Frequency.MONTHLY,
        ["logegbm", "neolia", "habitat25", "operator"],
        description=(
            "Planning mensuel des veilles, reporting qualité du prestataire, interventions "
            "ponctuelles, relevé de décisions établi par le coordonnateur."
        ),
        documents=True,
    ),
    BodySpec(
        "Réunion des correspondants de sécurité",
        BodyKind.SECURITY_CORRESPONDENTS,
        Frequency.MONTHLY,
        ["city", "logegbm", "neolia", "habitat25", "operator", "police", "municipal_police"],
        description="Groupe piloté par la Ville dans le cadre du CLSPDR.",
        minutes=False,
    ),
    BodySpec(
        "CLSPDR — assemblée plénière",
        BodyKind.CRIME_PREVENTION,
        Frequency.YEARLY,
        ["city", "state", "gbm", "logegbm", "neolia", "habitat25", "operator", "police"],
        minutes=False,
    ),
    BodySpec(
        "Fêtes et événements de quartier",
        BodyKind.NEIGHBOURHOOD_EVENT,
        Frequency.ON_DEMAND,
        ["operator", "city"],
        duration=240,
        minutes=False,
    ),
    BodySpec(
        "Temps de partage avec les associations locales",
        BodyKind.OTHER,
        Frequency.ON_DEMAND,
        ["operator", "city", "logegbm"],
        note="au minimum au démarrage du marché",
        minutes=False,
    ),
    BodySpec("Réunions de crise", BodyKind.CRISIS, Frequency.ON_DEMAND, [], duration=60),
]
BESANCON_QUOTAS = [
    (
        "Instances de suivi du dispositif (comité technique et comité de pilotage)",
        14,
        ["Comité technique", "Comité de pilotage"],
    ),
    (
        "Cellule des correspondants de sécurité et CLSPDR",
        13,
        ["Réunion des correspondants de sécurité", "CLSPDR — assemblée plénière"],
    ),
    (
        "Réunions et événements supplémentaires",
        5,
        [
            "Fêtes et événements de quartier",
            "Temps de partage avec les associations locales",
            "Réunions de crise",
        ],
    ),
]
TECHNICAL_DECISIONS = [
    (
        "Renforcer les veilles en soirée sur les halls signalés à Planoise.",
        ("Intégrer les halls signalés au planning des veilles", "operator", 14),
    ),
    (
        "Les bailleurs font remplacer les éclairages défectueux relevés par les agents.",
        ("Remplacer les éclairages des halls relevés", "neolia", 30),
    ),
    (
        "Une visite de courtoisie est organisée auprès des nouveaux locataires de Montrapon.",
        ("Transmettre la liste des nouveaux locataires", "habitat25", 10),
    ),
    (
        "Les encombrants signalés dans les caves sont enlevés avant la fin du mois.",
        ("Faire enlever les encombrants des caves", "logegbm", 21),
    ),
    (
        "Le stationnement abusif récurrent est signalé à la police municipale.",
        ("Adresser le signalement à la police municipale", "logegbm", 7),
    ),
    ("Le planning des veilles du mois est validé sans modification.", None),
]
LATER_OUTCOMES = ["done", "done", "done", "in_progress", "dropped"]
PLACE_TECHNICAL = "loge.GBM — agence de Planoise, salle de réunion"
PLACE_CITY = "Hôtel de Ville de Besançon, salle des commissions"


def fill(ctx: Context) -> None:
    bodies_set(ctx, BESANCON_BODIES)
    quotas_set(ctx, BESANCON_QUOTAS)
    if Meeting.objects.filter(scheme=ctx.scheme).exists():
        return
    rng = ctx.rng
    landlords = [
        ("logegbm", "logegbm", "present"),
        ("neolia", "neolia", "present"),
        ("habitat25", "habitat25", "present"),
    ]
    past_technical: list[Meeting] = []
    past_correspondents: list[Meeting] = []
    for year, month in months_around(ctx, 12, 2):
        day = nth_weekday(year, month, 1, 2)  # second Tuesday
        meeting = new_meeting(
            ctx,
            "Comité technique",
            day,
            time(14),
            PLACE_TECHNICAL,
            by="logegbm",
            agenda=(
                "1. Rapport mensuel du prestataire (statistiques des comptes-rendus quotidiens)\n"
                "2. Situations complexes\n3. Planning des veilles du mois suivant\n"
                "4. Suivi du relevé de décisions"
            ),
        )
        if meeting.ends_at < ctx.now:
            past_technical.append(meeting)
        day = nth_weekday(year, month, 3, 1)  # first Thursday
        meeting = new_meeting(
            ctx, "Réunion des correspondants de sécurité", day, time(9, 30), PLACE_CITY, by="ville"
        )
        if meeting.ends_at < ctx.now:
            past_correspondents.append(meeting)
        if month in (1, 9):  # third Thursday; one deck of the two arrived late
            _steering(ctx, nth_weekday(year, month, 3, 3), deck_days=9 if month == 1 else 5)

    for index, meeting in enumerate(past_technical):
        recent = index >= len(past_technical) - 2
        operator_status = "absent" if index == len(past_technical) - 1 else "present"
        attend(
            ctx,
            meeting,
            [("superviseur", "operator", operator_status), *landlords]
            + ([("Karim Benali", "municipal_police", "present")] if index % 4 == 1 else []),
        )
        for text, action in rng.sample(TECHNICAL_DECISIONS, k=rng.randint(1, 3)):
            outcome = None if recent else rng.choice(LATER_OUTCOMES)
            decide(ctx, meeting, text, by="logegbm", action=action, outcome=outcome)
        if index != len(past_technical) - 1:  # the last minutes are still being written
            minutes(
                ctx,
                meeting,
                "Présents : bailleurs, Médiaction Expertises.\n"
                f"Le prestataire présente {rng.randint(180, 320)} interventions du mois, dont "
                f"{rng.randint(20, 60)} à la demande des bailleurs. Climat globalement calme, "
                "incivilités récurrentes dans quelques halls.\nLe relevé de décisions est joint.",
            )
            if index != len(past_technical) - 3:  # one report was never attached
                document_add(
                    meeting=meeting,
                    title="Rapport mensuel du prestataire",
                    url=f"/dispositifs/{ctx.scheme.slug}/",
                    added_by=ctx.users["superviseur"],
                )
    for index, meeting in enumerate(past_correspondents):
        excused = index >= len(past_correspondents) - 2  # the operator missed the last two
        attend(
            ctx,
            meeting,
            [
                ("superviseur", "operator", "excused" if excused else "present"),
                ("ville", "city", "present"),
                ("logegbm", "logegbm", "present"),
            ],
        )
    _clspdr_events_and_crisis(ctx)


def _steering(ctx: Context, day: date, *, title: str = "", deck_days: int | None = 9) -> None:
    meeting = new_meeting(
        ctx,
        "Comité de pilotage",
        day,
        time(10),
        "Hôtel de Ville de Besançon, salon d'honneur",
        by="logegbm",
        title=title,
        agenda=(
            "1. Bilan semestriel du prestataire (support PowerPoint)\n"
            "2. Participations financières de l'année suivante\n"
            "3. Propositions d'adaptation du dispositif\n4. Questions diverses"
        ),
    )
    sent_at = meeting.starts_at - timedelta(days=deck_days) if deck_days is not None else None
    if sent_at is not None and sent_at < ctx.now:
        meeting = meeting_deck_record(meeting=meeting, sent_at=sent_at, now=ctx.now)
    if meeting.ends_at >= ctx.now:
        return
    attend(
        ctx,
        meeting,
        [
            ("operateur", "operator", "present"),
            ("logegbm", "logegbm", "present"),
            ("neolia", "neolia", "present"),
            ("habitat25", "habitat25", "excused"),
            ("ville", "city", "present"),
            ("prefecture", "state", "present"),
            ("Bertrand Moulin", "gbm", "present"),
        ],
    )
    document_add(
        meeting=meeting,
        title="Bilan semestriel du prestataire (support de présentation)",
        url=f"/dispositifs/{ctx.scheme.slug}/fiche/",
        is_review_deck=True,
        added_by=ctx.users["operateur"],
    )
    decide(
        ctx,
        meeting,
        "Le comité valide le bilan présenté et la reconduction du marché pour une année.",
        by="logegbm",
        action=("Notifier la reconduction au prestataire", "logegbm", 30),
        outcome="done",
    )
    decide(
        ctx,
        meeting,
        "Les partenaires confirment leur participation financière pour l'année suivante.",
        by="logegbm",
        action=("Transmettre les délibérations de participation", "city", 60),
        outcome="in_progress",
    )
    minutes(
        ctx,
        meeting,
        "Le prestataire présente le bilan de la période. Les partenaires saluent la baisse des "
        "occupations de halls à Planoise et demandent un suivi renforcé à Clairs-Soleils.",
    )


def _clspdr_events_and_crisis(ctx: Context) -> None:
    today = ctx.today
    plenary = new_meeting(
        ctx,
        "CLSPDR — assemblée plénière",
        working_day(today - timedelta(days=130)),
        time(14, 30),
        "Hôtel de Ville de Besançon, salle du conseil municipal",
        by="ville",
    )
    attend(ctx, plenary, [("operateur", "operator", "present"), ("ville", "city", "present")])
    events = [
        ("Fête de quartier de Planoise", 170, "Place Cassin, Planoise", "present"),
        ("Fête des voisins — Clairs-Soleils", 185, "Square de Clairs-Soleils", "present"),
        ("Tournoi de football inter-quartiers", 95, "City stade de Montrapon", "excused"),
        ("Journée portes ouvertes du centre social", 40, "Centre social de Palente", "present"),
    ]
    for title, days_ago, place, status in events:
        meeting = new_meeting(
            ctx,
            "Fêtes et événements de quartier",
            today - timedelta(days=days_ago),
            time(15),
            place,
            by="superviseur",
            title=title,
        )
        attend(ctx, meeting, [("superviseur", "operator", status)])
    sharing = new_meeting(
        ctx,
        "Temps de partage avec les associations locales",
        working_day(today - timedelta(days=300)),
        time(18),
        "Maison de quartier de Planoise",
        by="operateur",
    )
    attend(ctx, sharing, [("operateur", "operator", "present"), ("ville", "city", "present")])
    crisis = new_meeting(
        ctx,
        "Réunions de crise",
        today - timedelta(days=75),
        time(9),
        "loge.GBM — agence de Planoise",
        by="logegbm",
        title="Incendies de véhicules aux abords des résidences de Planoise",
        agenda="Trois incendies de véhicules en une semaine aux abords de deux résidences.",
    )
    attend(
        ctx,
        crisis,
        [
            ("superviseur", "operator", "present"),
            ("logegbm", "logegbm", "present"),
            ("neolia", "neolia", "present"),
            ("Léon Garnier", "police", "present"),
        ],
    )
    decide(
        ctx,
        crisis,
        "Les veilles sont renforcées sur le secteur pendant deux semaines.",
        by="logegbm",
        action=("Ajouter des passages en fin de soirée sur le secteur", "operator", 14),
        outcome="done",
    )
    decide(
        ctx,
        crisis,
        "Les bailleurs déposent plainte et transmettent les images de vidéoprotection.",
        by="logegbm",
        action=("Transmettre les images à la police nationale", "logegbm", 5),
    )
    minutes(
        ctx,
        crisis,
        "Réunion convoquée à la demande des bailleurs après trois incendies de véhicules.",
    )
    # A steering committee in a few days whose deck has not reached the coordinator yet: three
    # days ahead, five at most after a weekend or a public holiday, always past the deck's due
    # date (seven days before), so the compliance page shows it missing whatever today is.
    _steering(
        ctx,
        working_day(today + timedelta(days=3)),
        title="Comité de pilotage extraordinaire — participations financières",
        deck_days=None,
    )


def context(rng: random.Random, now: datetime) -> Context:
    scheme = Scheme.objects.get(slug="besancon")
    orgs = {
        "logegbm": org("loge.GBM"),
        "neolia": org("Néolia"),
        "habitat25": org("Habitat 25"),
        "state": org("État — Préfecture du Doubs"),
        "city": org("Ville de Besançon"),
        "gbm": org("Grand Besançon Métropole"),
        "operator": scheme.operator,
        "police": org("Police nationale — DDSP du Doubs"),
        "municipal_police": org("Police municipale de Besançon"),
    }
    names = ["operateur", "superviseur", "logegbm", "neolia", "habitat25", "ville", "prefecture"]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    return Context(scheme, rng, now, local_today(scheme, now), orgs, users)
