"""Demo governance of Humanicité: the monthly monitoring committee and the steering committee
(launch, mid-term and annual reviews) of the Humanicité agreement §VI."""

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
    working_day,
)
from voisinage.governance.models import BodyKind, Frequency, Meeting
from voisinage.governance.selectors import local_today
from voisinage.governance.services import document_add
from voisinage.schemes.models import Scheme

HUMANICITE_BODIES = [
    BodySpec(
        "Comité de pilotage",
        BodyKind.STEERING,
        Frequency.MILESTONES,
        ["asl", "capinghem", "lille", "operator"],
        description=(
            "Objectifs et indicateurs de la médiation, validation des plans d'actions, "
            "évaluation des résultats et des impacts."
        ),
        note="lancement, bilan à mi-parcours, bilan annuel",
        documents=True,
    ),
    BodySpec(
        "Comité de suivi",
        BodyKind.MONITORING,
        Frequency.MONTHLY,
        ["asl", "capinghem", "lille", "operator"],
        description=(
            "Suivi des activités de médiation et des résultats, co-construction des actions, "
            "traitement des situations complexes."
        ),
    ),
]


def fill(ctx: Context) -> None:
    bodies_set(ctx, HUMANICITE_BODIES)
    if Meeting.objects.filter(scheme=ctx.scheme).exists():
        return
    place = "Maison de quartier Humanicité, Capinghem"
    for year, month in months_around(ctx, 12, 2):
        day = nth_weekday(year, month, 2, 3)  # third Wednesday
        meeting = new_meeting(ctx, "Comité de suivi", day, time(10), place, by="humanicite")
        if meeting.ends_at >= ctx.now:
            continue
        attend(
            ctx,
            meeting,
            [
                ("operateur", "operator", "present"),
                ("Samia Hadj", "operator", "present"),
                ("humanicite", "asl", "present"),
                ("Martine Leclercq", "capinghem", ctx.rng.choice(["present", "excused"])),
            ],
        )
        decide(
            ctx,
            meeting,
            "Le médiateur organise une permanence devant l'école aux heures de sortie.",
            by="humanicite",
            action=("Caler les horaires de permanence avec l'école", "operator", 20),
            outcome=ctx.rng.choice(["done", "done", "in_progress"]),
        )
        minutes(
            ctx,
            meeting,
            f"Synthèse mensuelle : {ctx.rng.randint(60, 140)} actions de présence active, "
            f"{ctx.rng.randint(3, 15)} situations conflictuelles traitées.",
        )
    for days, title in [
        (-300, "Comité de pilotage — lancement de l'année"),
        (-120, "Comité de pilotage — bilan à mi-parcours"),
        (45, "Comité de pilotage — bilan annuel"),
    ]:
        meeting = new_meeting(
            ctx,
            "Comité de pilotage",
            working_day(ctx.today + timedelta(days=days)),
            time(14),
            "Mairie de Capinghem, salle du conseil",
            by="humanicite",
            title=title,
        )
        if meeting.ends_at >= ctx.now:
            continue
        attend(
            ctx,
            meeting,
            [("operateur", "operator", "present"), ("humanicite", "asl", "present")],
        )
        decide(
            ctx,
            meeting,
            "Les indicateurs de réalisation et de résultat de l'année sont validés.",
            by="humanicite",
        )
        document_add(
            meeting=meeting,
            title="Tableau de bord de la médiation",
            url=f"/dispositifs/{ctx.scheme.slug}/",
            added_by=ctx.users["operateur"],
        )
        minutes(ctx, meeting, "Présentation du bilan et validation du plan d'actions.")


def context(rng: random.Random, now: datetime) -> Context:
    scheme = Scheme.objects.get(slug="humanicite")
    orgs = {
        "asl": org("ASL Humanicité"),
        "capinghem": org("Ville de Capinghem"),
        "lille": org("Ville de Lille et sa commune associée de Lomme"),
        "operator": scheme.operator,
    }
    users = {u.username: u for u in User.objects.filter(username__in=["operateur", "humanicite"])}
    return Context(scheme, rng, now, local_today(scheme, now), orgs, users)
