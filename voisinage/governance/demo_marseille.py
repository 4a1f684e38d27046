"""Demo governance of Marseille's urban social mediation (seed 002): the inter-operator technical
committee, monthly, steered by the regional landlords' association, and the attendance quota
each of the five operators owes — counted per operator (compliance page: one table each).
Attendance differs from one operator to another, so the page shows them side by side."""

from __future__ import annotations

import random
from datetime import datetime, time

from voisinage.accounts.models import User
from voisinage.governance.demo_support import (
    BodySpec,
    Context,
    attend,
    bodies_set,
    months_around,
    new_meeting,
    nth_weekday,
    org,
    quotas_set,
)
from voisinage.governance.models import BodyKind, Frequency, Meeting
from voisinage.governance.selectors import local_today
from voisinage.schemes.models import MemberRole, Scheme

COMMITTEE = "Comité technique inter-opérateurs"
PLACE = "Association régionale Hlm, salle de réunion"
QUOTA = ("Participation de chaque opérateur au comité technique", 10, [COMMITTEE])


def _operators(scheme: Scheme) -> list[str]:
    return [
        f"operator-{m.organisation_id}"
        for m in scheme.members.filter(role=MemberRole.OPERATOR).order_by("organisation__name")
    ]


def fill(ctx: Context) -> None:
    operators = _operators(ctx.scheme)
    bodies_set(
        ctx,
        [
            BodySpec(
                COMMITTEE,
                BodyKind.TECHNICAL,
                Frequency.MONTHLY,
                ["arhlm", "state", "city", *operators],
                description=(
                    "Suivi des sites, retours aux bailleurs, présence policière sur les sites "
                    "complexes, statistiques de chaque opérateur."
                ),
            )
        ],
    )
    quotas_set(ctx, [QUOTA])
    if Meeting.objects.filter(scheme=ctx.scheme).exists():
        return
    for index, (year, month) in enumerate(months_around(ctx, 6, 1)):
        meeting = new_meeting(
            ctx, COMMITTEE, nth_weekday(year, month, 1, 2), time(14), PLACE, by="marseille-etat"
        )
        if meeting.ends_at >= ctx.now:
            continue
        # Each operator misses some committees, not the same number: compliance differs.
        attend(
            ctx,
            meeting,
            [
                ("marseille-etat", "state", "present"),
                *(
                    (f"Représentant {n + 1}", key, "absent" if index % (n + 2) == 1 else "present")
                    for n, key in enumerate(operators)
                ),
            ],
        )


def context(rng: random.Random, now: datetime) -> Context:
    scheme = Scheme.objects.get(slug="marseille")
    orgs = {
        "arhlm": org("Association régionale Hlm Provence-Alpes-Côte d'Azur"),
        "state": org("État — Préfecture de police des Bouches-du-Rhône"),
        "city": org("Ville de Marseille"),
        **{
            f"operator-{m.organisation_id}": m.organisation
            for m in scheme.members.filter(role=MemberRole.OPERATOR).select_related("organisation")
        },
    }
    users = {u.username: u for u in User.objects.filter(username__in=["marseille-etat"])}
    return Context(scheme, rng, now, local_today(scheme, now), orgs, users)
