"""Demo governance of Mons-en-Barœul (seed 000): the City coordinates the purchasing group and
follows the service; the ad hoc commission of the group (a full member and a substitute per
member) chooses the contractor and its renewals. The council decision gives no frequency: the
monthly technical follow-up and the steering committee in March and October are invented, as
usual for such schemes, and so are the people."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

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
from voisinage.governance.services import document_add
from voisinage.schemes.models import Scheme

PLACE = "Le LIEN, maison du projet du Nouveau Mons"
TOWN_HALL = "Hôtel de ville de Mons-en-Barœul, salle des commissions"
EVERYONE = ["city", "partenord", "vilogia", "logis", "ag2r", "operator"]
MONS_BODIES = [
    BodySpec(
        "Comité de pilotage du groupement",
        BodyKind.STEERING,
        Frequency.MONTHS,
        EVERYONE,
        description=(
            "Orientations de la mission de médiation sociale, bilan des activités, évaluation "
            "et reconduction du marché."
        ),
        months="3, 10",
        documents=True,
    ),
    BodySpec(
        "Comité technique de suivi",
        BodyKind.MONITORING,
        Frequency.MONTHLY,
        ["city", "partenord", "vilogia", "logis", "operator"],
        description=(
            "Suivi des activités, situations signalées aux bailleurs et à la Ville, "
            "actions à venir auprès des habitants et des jeunes."
        ),
        duration=90,
    ),
    BodySpec(
        "Commission ad hoc du groupement de commandes",
        BodyKind.OTHER,
        Frequency.ON_DEMAND,
        ["city", "partenord", "vilogia", "logis", "ag2r"],
        description=(
            "Un membre titulaire et un suppléant par membre du groupement : choix du titulaire "
            "du marché de médiation sociale et reconductions."
        ),
        note="choix du titulaire, reconductions du marché",
        minutes=True,
    ),
]
MONS_QUOTAS = [
    ("Participation de l'opérateur au comité technique", 10, ["Comité technique de suivi"]),
    ("Participation de l'opérateur au comité de pilotage", 2, ["Comité de pilotage du groupement"]),
]
LANDLORD_GUESTS = [
    ("Karima Benali", "vilogia"),
    ("Thierry Wambre", "logis"),
]


def fill(ctx: Context) -> None:
    bodies_set(ctx, MONS_BODIES)
    quotas_set(ctx, MONS_QUOTAS)
    if Meeting.objects.filter(scheme=ctx.scheme).exists():
        return
    rng = ctx.rng
    for year, month in months_around(ctx, 12, 2):
        if month == 8:
            continue  # no follow-up in August
        day = nth_weekday(year, month, 3, 3)  # third Thursday
        meeting = new_meeting(ctx, "Comité technique de suivi", day, time(9, 30), PLACE, by="mons")
        if meeting.ends_at >= ctx.now:
            continue
        attend(
            ctx,
            meeting,
            [
                ("operateur", "operator", rng.choice(["present", "present", "present", "excused"])),
                ("mediatrice-mons", "operator", "present"),
                ("mons", "city", "present"),
                ("partenord", "partenord", rng.choice(["present", "present", "excused"])),
                *[(name, key, rng.choice(["present", "absent"])) for name, key in LANDLORD_GUESTS],
            ],
        )
        decide(
            ctx,
            meeting,
            rng.choice(
                [
                    "Les médiateurs accompagnent la réunion d'information sur le relogement.",
                    "Une présence est organisée aux abords du collège à la sortie des cours.",
                    "Les situations de conflit signalées sont suivies au prochain comité.",
                ]
            ),
            by="mons",
            action=("Transmettre la synthèse mensuelle aux bailleurs", "operator", 10),
            outcome=rng.choice(["done", "done", "in_progress"]),
        )
        minutes(
            ctx,
            meeting,
            f"Synthèse du mois : {rng.randint(90, 160)} actions de présence active de "
            f"proximité, {rng.randint(8, 25)} mises en relation avec un partenaire, "
            f"{rng.randint(2, 9)} conflits traités.",
        )
    for year, month in months_around(ctx, 12, 6):
        if month not in (3, 10):
            continue
        day = nth_weekday(year, month, 1, 2)  # second Tuesday
        meeting = new_meeting(
            ctx,
            "Comité de pilotage du groupement",
            day,
            time(14),
            TOWN_HALL,
            by="mons",
            title="Comité de pilotage — bilan et perspectives"
            if month == 10
            else "Comité de pilotage — programme de l'année",
        )
        if meeting.ends_at >= ctx.now:
            continue
        attend(
            ctx,
            meeting,
            [
                ("operateur", "operator", "present"),
                ("mons", "city", "present"),
                ("partenord", "partenord", "present"),
                ("Karima Benali", "vilogia", "present"),
                ("Thierry Wambre", "logis", rng.choice(["present", "excused"])),
                ("Sébastien Morel", "ag2r", rng.choice(["present", "excused"])),
            ],
        )
        decide(
            ctx,
            meeting,
            "Le bilan des activités est validé ; la reconduction du marché est proposée."
            if month == 10
            else "Le programme d'actions de l'année, tourné vers les jeunes Monsois, est validé.",
            by="mons",
        )
        document_add(
            meeting=meeting,
            title="Bilan des activités de médiation",
            url=f"/dispositifs/{ctx.scheme.slug}/",
            added_by=ctx.users["operateur"],
        )
        minutes(ctx, meeting, "Présentation du bilan, échanges avec les membres du groupement.")
    # The ad hoc commission met last autumn on the renewal of the contract.
    meeting = new_meeting(
        ctx,
        "Commission ad hoc du groupement de commandes",
        working_day(ctx.today - timedelta(days=400)),
        time(10),
        TOWN_HALL,
        by="mons",
        title="Commission ad hoc — reconduction du marché de médiation sociale",
    )
    attend(
        ctx,
        meeting,
        [
            ("mons", "city", "present"),
            ("partenord", "partenord", "present"),
            ("Karima Benali", "vilogia", "present"),
            ("Thierry Wambre", "logis", "present"),
            ("Sébastien Morel", "ag2r", "excused"),
        ],
    )
    decide(ctx, meeting, "La reconduction du marché pour un an est approuvée.", by="mons")
    minutes(ctx, meeting, "Avis favorable unanime des membres présents à la reconduction.")


def context(rng: random.Random, now: datetime) -> Context:
    scheme = Scheme.objects.get(slug="mons-en-baroeul")
    orgs = {
        "city": org("Ville de Mons-en-Barœul"),
        "partenord": org("Partenord Habitat"),
        "vilogia": org("Vilogia"),
        "logis": org("Logis Métropole"),
        "ag2r": org("AG2R La Mondiale"),
        "operator": scheme.operator,
    }
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["operateur", "mons", "partenord", "mediatrice-mons"]
        )
    }
    return Context(scheme, rng, now, local_today(scheme, now), orgs, users)
