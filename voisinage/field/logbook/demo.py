"""Demo data of the field app: logbook. Six weeks of Besançon nights (calls, instructions,
own initiative, events; patrols come from the patrol plans) and a Humanicité mediator's days.
Everything goes through intervention_record with deterministic idempotency keys, so running
it again adds nothing; dates are relative to today."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from voisinage.accounts.access import PerimeterKind
from voisinage.accounts.demo_users import demo_user
from voisinage.accounts.models import User
from voisinage.accounts.services import membership_grant
from voisinage.field.logbook.models import (
    FieldCode,
    Intervention,
    InterventionStatus,
    Origin,
    Scale,
)
from voisinage.field.logbook.scales import scale_labels
from voisinage.field.logbook.services import (
    field_codes_ensure_defaults,
    intervention_record,
    intervention_validate,
)
from voisinage.lib import clock
from voisinage.lib.service_hours import nights_between
from voisinage.schemes.models import Activity, Scheme
from voisinage.schemes.selectors import scheme_service_hours
from voisinage.territory.models import Entrance, Neighbourhood

WEEKS = 6

# (origin, weight) for the non-patrol interventions of a night.
ORIGINS = [
    (Origin.PHONE_CALL, 5),
    (Origin.LANDLORD_INSTRUCTION, 3),
    (Origin.OWN_INITIATIVE, 4),
    (Origin.PARTNER_REQUEST, 1),
    (Origin.EVENT, 1),
]
# Scenarios: (behaviour codes, material codes, action codes, result, climate, narrative).
SCENES = [
    (
        ["bruit"],
        [],
        ["dialogue", "rappel-regles"],
        "resolved",
        "green",
        "Musique forte signalée au 4e étage. Échange avec l'occupant, volume baissé.",
    ),
    (
        ["regroupement-hall"],
        [],
        ["dialogue", "rappel-regles"],
        "partly_resolved",
        "yellow",
        "Groupe de 6 jeunes dans le hall. Rappel du règlement, une partie est sortie.",
    ),
    (
        ["regroupement-jeunes"],
        [],
        ["dialogue"],
        "resolved",
        "yellow",
        "Jeunes réunis sur l'aire de jeux, échange calme, départ vers 22 h.",
    ),
    (
        ["conflit-voisinage"],
        [],
        ["mediation", "orientation"],
        "partly_resolved",
        "yellow",
        "Différend entre voisins de palier (bruit, odeurs). Médiation, orientation "
        "vers le bailleur.",
    ),
    (
        [],
        ["eclairage"],
        ["signalement-bailleur"],
        "handed_over",
        "green",
        "Éclairage du hall hors service, signalé au bailleur.",
    ),
    (
        [],
        ["porte-interphone"],
        ["signalement-bailleur", "securisation"],
        "handed_over",
        "yellow",
        "Porte d'entrée forcée, ne ferme plus. Signalement au bailleur.",
    ),
    (
        [],
        ["ascenseur"],
        ["signalement-bailleur"],
        "handed_over",
        "green",
        "Ascenseur bloqué au RDC. Astreinte du bailleur prévenue.",
    ),
    (
        [],
        ["encombrants"],
        ["signalement-bailleur"],
        "handed_over",
        "green",
        "Encombrants déposés devant le local poubelles.",
    ),
    (
        ["occupation-parties-communes"],
        ["cave-squattee"],
        ["police-17", "signalement-bailleur"],
        "handed_over",
        "orange",
        "Cave squattée, traces d'occupation. Police informée (17).",
    ),
    (
        ["trafic"],
        [],
        ["police-17"],
        "not_resolved",
        "orange",
        "Allées et venues suspectes en pied d'immeuble. Information transmise au 17.",
    ),
    (
        ["personne-detresse"],
        [],
        ["samu-15", "accompagnement"],
        "resolved",
        "yellow",
        "Personne âgée désorientée dans la cage d'escalier, raccompagnée, SAMU contacté.",
    ),
    (
        ["ivresse"],
        [],
        ["dialogue", "accompagnement"],
        "resolved",
        "green",
        "Personne en état d'ébriété dans le hall, raccompagnée à son domicile.",
    ),
    (
        [],
        ["incendie-fumee"],
        ["pompiers-18", "securisation"],
        "handed_over",
        "red",
        "Feu de poubelle au pied du bâtiment. Pompiers (18) appelés, zone sécurisée.",
    ),
    (
        ["agression"],
        [],
        ["police-17"],
        "handed_over",
        "red",
        "Altercation violente entre deux hommes devant l'entrée. Police (17) intervenue.",
    ),
    (
        [],
        ["tags"],
        ["signalement-bailleur"],
        "handed_over",
        "green",
        "Tags injurieux sur le mur du hall, photos transmises au bailleur.",
    ),
    (
        [],
        ["stationnement-abusif"],
        ["signalement-bailleur"],
        "handed_over",
        "green",
        "Véhicule ventouse sur la voie pompiers.",
    ),
]
ACTIVITY_FOR = {
    "bruit": "conflits",
    "regroupement-hall": "presence",
    "regroupement-jeunes": "presence",
    "conflit-voisinage": "conflits",
    "occupation-parties-communes": "presence",
    "trafic": "veille",
    "personne-detresse": "mise-en-relation",
    "ivresse": "presence",
    "agression": "conflits",
}


def _existing_keys(prefix: str) -> set[str]:
    keys = Intervention.objects.filter(idempotency_key__startswith=prefix).values_list(
        "idempotency_key", flat=True
    )
    return {key for key in keys if key}


def load_besancon() -> int:
    scheme = Scheme.objects.get(slug="besancon")
    field_codes_ensure_defaults(scheme=scheme)
    codes = dict(FieldCode.objects.filter(scheme=scheme).values_list("code", "pk"))
    activities = dict(Activity.objects.filter(scheme=scheme).values_list("code", "pk"))
    agent = User.objects.get(username="agent")
    supervisor = User.objects.get(username="superviseur")
    hoods = list(Neighbourhood.objects.filter(scheme=scheme))
    entrances = list(Entrance.objects.filter(scheme=scheme, is_active=True).order_by("code"))
    weights = [max(1, e.dwellings) for e in entrances]
    existing = _existing_keys("demo-log-besancon-")
    today = clock.today()
    shifts = nights_between(today - timedelta(weeks=WEEKS), today, scheme_service_hours(scheme))
    now = clock.now()
    created = 0
    for shift in shifts:
        if shift.starts_at > now:
            continue
        # Every draw depends only on the night (and the entry's key): re-runs draw the same.
        per_night = random.Random(f"besancon-{shift.night}").randint(5, 11)
        for n in range(per_night):
            key = f"demo-log-besancon-{shift.night.isoformat()}-{n}"
            if key in existing:
                continue
            rng = random.Random(key)
            entrance = rng.choices(entrances, weights=weights, k=1)[0]
            span = (min(shift.ends_at, now) - shift.starts_at).total_seconds()
            if span < 900:
                continue
            start = shift.starts_at + timedelta(seconds=rng.uniform(0, span - 600))
            behaviour, material, actions, result, climate, narrative = rng.choice(SCENES)
            origin = rng.choices([o for o, _ in ORIGINS], weights=[w for _, w in ORIGINS])[0]
            public = rng.random() < 0.08
            activity = ACTIVITY_FOR.get((behaviour or ["x"])[0], "veille")
            intervention, was_created = intervention_record(
                scheme=scheme,
                author=agent if rng.random() < 0.8 else supervisor,
                started_at=start,
                ended_at=start + timedelta(minutes=rng.randint(8, 45)),
                origin=origin,
                entrance=None if public else entrance,
                other_place_kind="public_space" if public else "",
                other_place_label="Place du marché" if public else "",
                neighbourhood=rng.choice(hoods) if public else None,
                agent_ids=[agent.pk],
                activity_ids=[activities[activity]],
                situation_ids=[codes[c] for c in [*behaviour, *material]],
                action_ids=[codes[c] for c in actions],
                adults=rng.randint(0, 3),
                young_people=rng.randint(2, 8)
                if "jeunes" in str(behaviour) or "regroupement-hall" in behaviour
                else rng.randint(0, 1),
                minors=rng.randint(0, 3) if "regroupement-jeunes" in behaviour else 0,
                result=result,
                climate=climate,
                narrative=narrative,
                sensitive=bool(behaviour and behaviour[0] in {"personne-detresse", "agression"}),
                idempotency_key=key,
            )
            created += int(was_created)
            # Nights before last night have been reviewed by the supervisor.
            if shift.night < today - timedelta(days=1) and was_created:
                intervention_validate(intervention=intervention, user=supervisor)
    return created


def load_humanicite() -> int:
    return load_daytime(
        "humanicite",
        ("mediateur", "Karim", "Haddad"),
        "Parvis de l'Hôpital Saint-Philibert",
        WEEKS * 7,
    )


def load_daytime(slug: str, mediator_name: tuple[str, str, str], place: str, days: int) -> int:
    """A daytime mediator's weekdays over the last ``days`` days (idempotent by key)."""
    scheme = Scheme.objects.get(slug=slug)
    field_codes_ensure_defaults(scheme=scheme)
    mediator = demo_user(*mediator_name)
    membership_grant(
        user=mediator,
        organisation_id=scheme.operator_id,
        scheme_id=scheme.pk,
        role_code="agent",
        perimeter=PerimeterKind.SCHEME,
    )
    activities = list(Activity.objects.filter(scheme=scheme).in_use())
    codes = dict(FieldCode.objects.filter(scheme=scheme).values_list("code", "pk"))
    entrances = list(Entrance.objects.filter(scheme=scheme).order_by("code"))
    existing = _existing_keys(f"demo-log-{slug}-")
    rated = scale_labels(scheme).rated(Scale.CLIMATE)  # a scheme may not rate the climate
    today = clock.today()
    tz = timezone.get_current_timezone()
    created = 0
    for day in range(days, 0, -1):
        date = today - timedelta(days=day)
        if date.weekday() > 4:
            continue
        for n in range(random.Random(f"{slug}-{date}").randint(2, 4)):
            key = f"demo-log-{slug}-{date.isoformat()}-{n}"
            if key in existing:
                continue
            rng = random.Random(key)
            start = datetime(
                date.year,
                date.month,
                date.day,
                rng.randint(10, 16),
                rng.choice([0, 15, 30, 45]),
                tzinfo=tz,
            )
            activity = rng.choice(activities)
            at_entrance = rng.random() < 0.6
            intervention, was_created = intervention_record(
                scheme=scheme,
                author=mediator,
                started_at=start,
                ended_at=start + timedelta(minutes=rng.randint(20, 90)),
                origin=rng.choice([Origin.OWN_INITIATIVE, Origin.PARTNER_REQUEST, Origin.EVENT]),
                entrance=rng.choice(entrances) if at_entrance else None,
                other_place_kind="" if at_entrance else "public_space",
                other_place_label=place,
                activity_ids=[activity.pk],
                action_ids=[codes["dialogue"]],
                adults=rng.randint(1, 6),
                result="resolved",
                climate="green" if rated else "",
                narrative="Présence sur le quartier, échanges avec les habitants et usagers.",
                idempotency_key=key,
            )
            created += int(was_created)
            if was_created and date < today - timedelta(days=7):
                intervention_validate(intervention=intervention, user=mediator)
    return created


def validate_past_nights() -> None:
    """The supervisor has reviewed every night before last night (patrol passages included:
    they are recorded by the patrol demo, which runs first; the desk demo, which runs after,
    calls this again for the interventions its calls and instructions create)."""
    supervisor = User.objects.get(username="superviseur")
    last_night = clock.today() - timedelta(days=1)
    for intervention in Intervention.objects.filter(
        scheme__slug="besancon", status=InterventionStatus.RECORDED, night__lt=last_night
    ).order_by("pk"):
        intervention_validate(intervention=intervention, user=supervisor)


@transaction.atomic
def load() -> str:
    slugs = set(Scheme.objects.values_list("slug", flat=True))
    besancon = load_besancon() if "besancon" in slugs else 0
    humanicite = load_humanicite() if "humanicite" in slugs else 0
    mons = 0
    if "mons-en-baroeul" in slugs:
        # A year of the Mons mediators' weekdays, relative to today.
        mons = load_daytime(
            "mons-en-baroeul", ("mediatrice-mons", "Inès", "Carpentier"), "Place de l'Europe", 365
        )
    validate_past_nights()
    pending = Intervention.objects.filter(
        scheme__slug="besancon", status=InterventionStatus.RECORDED
    ).count()
    return (
        f"logbook: {besancon} Besançon, {humanicite} Humanicité and {mons} Mons interventions "
        "added, "
        f"{pending} Besançon entries awaiting validation"
    )
