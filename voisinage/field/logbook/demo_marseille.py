"""Demo logbook of Marseille's urban social mediation: three weeks of weekdays per operator, at
the sites it holds today, recorded by its own supervisors (so each operator's people read their
own). Read from the scheme as the demo scenario built it; recorded through intervention_record
with deterministic idempotency keys, so running it again adds nothing."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from voisinage.accounts.models import Membership, OperatorSite
from voisinage.field.logbook.models import FieldCode, Origin
from voisinage.field.logbook.services import field_codes_ensure_defaults, intervention_record
from voisinage.lib import clock
from voisinage.schemes.models import Activity, MemberRole, Scheme
from voisinage.territory.models import Entrance

SLUG = "marseille"
DAYS = 21
PLACES = ("Place centrale", "Abords de l'école", "Arrêt de bus", "Parking de la cité")
SCENES = (
    ("Échange avec un groupe de jeunes au pied de l'immeuble, rappel des règles.", "yellow"),
    ("Médiation entre voisins après un conflit de stationnement.", "green"),
    ("Orientation d'une locataire vers le centre social pour un dossier d'aides.", "green"),
    ("Signalement d'un ascenseur en panne et d'un éclairage de hall hors service.", "yellow"),
    ("Présence active aux abords de l'école à la sortie des classes.", "green"),
)


def load() -> str:
    scheme = Scheme.objects.filter(slug=SLUG).first()
    if scheme is None:
        return "marseille: no scheme"
    field_codes_ensure_defaults(scheme=scheme)
    activities = list(Activity.objects.filter(scheme=scheme).in_use().values_list("pk", flat=True))
    dialogue = FieldCode.objects.filter(scheme=scheme, code="dialogue").values_list("pk", flat=True)
    today = clock.today()
    zone = ZoneInfo(scheme.time_zone)
    created = 0
    operators = scheme.members.filter(role=MemberRole.OPERATOR).order_by("organisation__name")
    for n, member in enumerate(operators):
        rng = random.Random(f"marseille-{member.organisation_id}")
        held = OperatorSite.objects.held_on(today).filter(
            scheme=scheme, operator_id=member.organisation_id
        )
        entrances = list(
            Entrance.objects.filter(
                scheme=scheme, neighbourhood_id__in=held.values("neighbourhood_id")
            ).order_by("code")
        )
        staff = (
            Membership.objects.in_force()
            .filter(scheme=scheme, organisation_id=member.organisation_id)
            .order_by("pk")
        )
        supervisors = [m.user for m in staff.filter(role__code="supervisor").select_related("user")]
        agents = list(
            staff.filter(role__code="agent").order_by("pk").values_list("user_id", flat=True)
        )
        if not entrances or not supervisors or len(agents) < 2:
            continue
        for back in range(DAYS, 0, -1):
            day = today - timedelta(days=back)
            if day.weekday() >= 5:
                continue
            entrance = rng.choice(entrances)
            narrative, climate = SCENES[(back + n) % len(SCENES)]
            start = datetime.combine(day, time(rng.randint(10, 16), rng.choice((0, 15, 30))))
            start = start.replace(tzinfo=zone)
            at_entrance = rng.random() < 0.7
            _intervention, was_created = intervention_record(
                scheme=scheme,
                author=rng.choice(supervisors),
                started_at=start,
                ended_at=start + timedelta(minutes=rng.randint(15, 60)),
                origin=rng.choice([Origin.OWN_INITIATIVE, Origin.PARTNER_REQUEST, Origin.EVENT]),
                entrance=entrance if at_entrance else None,
                other_place_kind="" if at_entrance else "public_space",
                other_place_label="" if at_entrance else rng.choice(PLACES),
                neighbourhood=None if at_entrance else entrance.neighbourhood,
                agent_ids=rng.sample(agents, 2),
                activity_ids=[rng.choice(activities)] if activities else [],
                action_ids=list(dialogue),
                adults=rng.randint(1, 5),
                result="resolved",
                climate=climate,
                narrative=narrative,
                idempotency_key=f"demo-marseille-{member.organisation_id}-{day.isoformat()}",
            )
            created += int(was_created)
    return f"marseille: {created} interventions"
