"""Demo of the steering networks (the ``DEMO`` extension point): the « Métropole européenne de
Lille » network grouping Humanicité and an invented daytime scheme of the metropolis, the
Val de Marque, whose mediators work at school gates and at a public-services front desk (so the
education and access-to-rights fields have figures); the metropolis' officer's login; the
quoted figures of Lille's plan as references; and, when a Marseille scheme exists, a regional
association's network above it. Built through the services, idempotently, relative to today."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from voisinage.accounts.access import PerimeterKind
from voisinage.accounts.demo_users import demo_user
from voisinage.accounts.models import User
from voisinage.accounts.services import membership_grant
from voisinage.analytics.models import ReferenceFigure
from voisinage.analytics.services import reference_figure_add
from voisinage.field.logbook.services import field_codes_ensure_defaults, intervention_record
from voisinage.field.models import Intervention, Origin
from voisinage.lib import clock
from voisinage.networks.models import Network, NetworkMember, NetworkScheme
from voisinage.networks.services import (
    network_create,
    network_field_add,
    network_member_add,
    network_scheme_add,
)
from voisinage.schemes.models import Activity, MemberRole, Scheme
from voisinage.schemes.services import (
    activity_add,
    activity_field_set,
    scheme_create,
    scheme_fields_set,
    scheme_member_add,
)
from voisinage.territory.models import Neighbourhood, Organisation
from voisinage.territory.services import neighbourhood_create

PLAN = "Métropole européenne de Lille, « Médiation sociale à Lille Métropole » (RTES, 2012)"
# Lille Métropole's plan quotes France Médiation's results (seed 003).
REFERENCES = (
    ("economic", "Contentieux évités (valorisation du préventif)", "−385 500 €"),
    ("social_cohesion", "Fréquentation des services des partenaires", "+9 %"),
    ("tranquillity", "Dépenses publiques sur dégradations", "−60 à −75 %"),
)
# The Val de Marque's own activities besides presence, each with its field.
VAL_ACTIVITIES = (
    ("abords-ecoles", "Médiation aux abords des écoles", "education"),
    (
        "guichet-services",
        "Accueil et orientation au guichet des services publics",
        "access-to-rights",
    ),
)
WEEKS = 10


def _org(name: str, kind: str, short_name: str = "") -> Organisation:
    org, _created = Organisation.objects.update_or_create(
        name=name, defaults={"kind": kind, "short_name": short_name}
    )
    return org


def _set_fields(scheme: Scheme, manager: User, fields: dict[str, str]) -> None:
    """The scheme's fields and each activity's, through the settings area's services."""
    wanted = sorted(set(fields.values()) | set(scheme.fields.values_list("code", flat=True)))
    scheme_fields_set(scheme=scheme, author=manager, codes=wanted)
    for activity in Activity.objects.filter(scheme=scheme, code__in=fields):
        activity_field_set(activity=activity, author=manager, code=fields[activity.code])


def _val_de_marque(manager: User) -> Scheme:
    operator = _org("Trajectoires Médiation (opérateur fictif)", "operator", "Trajectoires")
    mel = _org("Métropole européenne de Lille", "metropolis", "MEL")
    scheme = scheme_create(
        creator=manager,
        shape="daytime-mediation",
        name="Médiation de jour du Val de Marque (fictif)",
        slug="val-de-marque",
        operator_id=operator.pk,
        starts_on=date(2022, 9, 1),
    )
    for org, role in ((mel, MemberRole.COORDINATOR), (mel, MemberRole.FUNDER)):
        if not scheme.members.filter(organisation=org, role=role, ends_on__isnull=True).exists():
            scheme_member_add(scheme=scheme, author=manager, organisation_id=org.pk, role=role)
    existing = set(Activity.objects.filter(scheme=scheme).values_list("code", flat=True))
    for code, label, _field in VAL_ACTIVITIES:
        if code not in existing:
            activity_add(scheme=scheme, author=manager, code=code, label=label)
    _set_fields(scheme, manager, {code: field for code, _label, field in VAL_ACTIVITIES})
    for name, kind in (("Les Trois Baudets", "priority"), ("Centre-bourg", "fragile")):
        if not Neighbourhood.objects.filter(scheme=scheme, name=name).exists():
            neighbourhood_create(scheme=scheme, author=manager, name=name, kind=kind)
    return scheme


def _val_days(scheme: Scheme) -> int:
    """A few interventions each weekday of the last weeks: school gates, the front desk and
    presence in the neighbourhoods (idempotent by key)."""
    field_codes_ensure_defaults(scheme=scheme)
    mediator = demo_user("mediateur-val", "Yasmine", "Benali")
    membership_grant(
        user=mediator,
        organisation_id=scheme.operator_id,
        scheme_id=scheme.pk,
        role_code="agent",
        perimeter=PerimeterKind.SCHEME,
    )
    activities = {a.code: a.pk for a in Activity.objects.filter(scheme=scheme)}
    hoods = list(Neighbourhood.objects.filter(scheme=scheme).order_by("name"))
    places = (
        ("abords-ecoles", "school", "École Jules-Ferry", 8),
        ("guichet-services", "other", "Maison France Services", 10),
        ("presence", "public_space", "Place du marché", 14),
    )
    existing = set(
        Intervention.objects.filter(idempotency_key__startswith="demo-net-val-").values_list(
            "idempotency_key", flat=True
        )
    )
    tz = timezone.get_current_timezone()
    today = clock.today()
    created = 0
    for back in range(WEEKS * 7, 0, -1):
        day = today - timedelta(days=back)
        if day.weekday() > 4:
            continue
        for n, (activity, kind, label, hour) in enumerate(places):
            key = f"demo-net-val-{day.isoformat()}-{n}"
            if key in existing:
                continue
            rng = random.Random(key)
            start = datetime(day.year, day.month, day.day, hour, rng.choice([0, 20, 40]), tzinfo=tz)
            _intervention, was_created = intervention_record(
                scheme=scheme,
                author=mediator,
                started_at=start,
                ended_at=start + timedelta(minutes=rng.randint(20, 60)),
                origin=rng.choice([Origin.OWN_INITIATIVE, Origin.PARTNER_REQUEST]),
                other_place_kind=kind,
                other_place_label=label,
                neighbourhood=hoods[rng.randrange(len(hoods))],
                activity_ids=[activities[activity]],
                adults=rng.randint(1, 4),
                minors=rng.randint(0, 5) if kind == "school" else 0,
                result=rng.choice(["resolved", "resolved", "handed_over"]),
                climate="green",
                narrative="Échanges avec les familles et les usagers, orientation si besoin.",
                idempotency_key=key,
            )
            created += int(was_created)
    return created


def _references(scheme: Scheme, manager: User) -> None:
    known = set(ReferenceFigure.objects.filter(scheme=scheme).values_list("label", flat=True))
    for register, label, figure in REFERENCES:
        if label not in known:
            reference_figure_add(
                scheme=scheme,
                author=manager,
                register=register,
                label=label,
                figure=figure,
                source=PLAN,
            )


@transaction.atomic
def load() -> str:
    schemes = {s.slug: s for s in Scheme.objects.filter(slug__in=["humanicite", "marseille"])}
    if "humanicite" not in schemes:
        return "networks: no Humanicité scheme, no network"
    manager = User.objects.get(username="operateur")
    humanicite = schemes["humanicite"]
    # Humanicité's activities (XP X60-600) and the fields its agreement names.
    _set_fields(
        humanicite,
        manager,
        {
            "presence": "public-tranquillity",
            "conflits": "public-tranquillity",
            "veille": "public-tranquillity",
            "institutions": "access-to-rights",
            "mise-en-relation": "access-to-rights",
            "concertation": "access-to-rights",
            "projets": "education",
            "information": "education",
        },
    )
    val = _val_de_marque(manager)
    created = _val_days(val)
    for scheme in (humanicite, val):
        _references(scheme, manager)
    mel = _org("Métropole européenne de Lille", "metropolis", "MEL")
    network = network_create(
        name="Métropole européenne de Lille",
        slug="mel",
        kind="metropolis",
        organisation=mel,
        description="Le plan de développement de la médiation sociale de la métropole.",
    )
    network_field_add(network=network, code="mediation-numerique", label="Médiation numérique")
    for scheme in (humanicite, val):
        if not NetworkScheme.objects.filter(network=network, scheme=scheme).exists():
            network_scheme_add(network=network, scheme=scheme, author=manager)
    officer = User.objects.get(username="metropole")
    if not NetworkMember.objects.filter(network=network, user=officer).exists():
        network_member_add(network=network, user=officer, organisation=mel, author=manager)
    summary = f"networks: « {network.name} » (2 schemes), {created} Val de Marque interventions"
    if "marseille" in schemes:
        association = _org("AR Hlm Provence-Alpes-Côte d'Azur et Corse", "association", "AR Hlm")
        regional = network_create(
            name="AR Hlm Provence-Alpes-Côte d'Azur et Corse",
            slug="ar-hlm-paca",
            kind="regional_association",
            organisation=association,
        )
        if not Network.objects.filter(pk=regional.pk, links__scheme=schemes["marseille"]).exists():
            network_scheme_add(network=regional, scheme=schemes["marseille"], author=manager)
        summary += f", « {regional.name} » (Marseille)"
    return summary
