"""The schemes the generator fills: Besançon (the demo scenario) and synthetic schemes.

``World`` is what the generator needs to know about one scheme (its territory, codes and staff);
``besancon_world()`` builds it from the demo scenario, ``synthetic_world(spec)`` invents a whole
scheme from a ``SchemeSpec`` — operator, city, landlords, neighbourhoods, entrances, night staff,
landlord referents and service hours — so that the sizes M and L are several schemes of
realistic shape. Everything is idempotent and deterministic from the spec's slug.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voisinage.lib.service_hours import ServiceHours
    from voisinage.schemes.models import Scheme


@dataclass(frozen=True)
class EntranceRef:
    id: int
    landlord_id: int
    neighbourhood_id: int
    lat: float | None
    lon: float | None
    dwellings: int


@dataclass
class World:
    """What the generator needs to know about one scheme."""

    scheme_id: int
    hours: ServiceHours
    entrances: list[EntranceRef]
    neighbourhoods: dict[int, tuple[str, str, float | None, float | None]]  # name, kind, lat, lon
    rotation_neighbourhoods: list[int]  # patrol rotation (Planoise)
    weekly_patrol_target: int
    activities: dict[str, int]
    codes: dict[str, int]
    agents: list[int]
    supervisors: list[int]
    slug: str = ""


# --- Building the scheme ------------------------------------------------------------------------

BENCH_AGENTS = 14
BENCH_SUPERVISORS = 3


def _bench_staff(scheme: Scheme) -> tuple[list[int], list[int]]:
    """The demo users ``agent`` and ``superviseur`` and invented night staff (no password)."""
    from voisinage.accounts.access import PerimeterKind
    from voisinage.accounts.models import User
    from voisinage.accounts.services import membership_grant

    agents = [User.objects.get(username="agent").pk]
    supervisors = [User.objects.get(username="superviseur").pk]
    staff = [("agent", f"bench.agent{i:02d}", agents) for i in range(1, BENCH_AGENTS)]
    staff += [
        ("supervisor", f"bench.superviseur{i}", supervisors) for i in range(1, BENCH_SUPERVISORS)
    ]
    for role, username, bucket in staff:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": "Bench", "last_name": username.split(".")[1].title()},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        membership_grant(
            user=user,
            organisation_id=scheme.operator_id,
            scheme_id=scheme.pk,
            role_code=role,
            perimeter=PerimeterKind.SCHEME,
        )
        bucket.append(user.pk)
    return agents, supervisors


def besancon_world() -> World:
    """The Besançon scenario, its field codes and night staff (idempotent)."""
    from voisinage.demo.scenario import load_besancon
    from voisinage.field.logbook.services import field_codes_ensure_defaults

    scheme = load_besancon()
    field_codes_ensure_defaults(scheme=scheme)
    agents, supervisors = _bench_staff(scheme)
    return _world(scheme, agents, supervisors, rotation=lambda name, _kind: name == "Planoise")


def _world(
    scheme: Scheme,
    agents: list[int],
    supervisors: list[int],
    *,
    rotation: Callable[[str, str], bool] = lambda _name, kind: kind == "priority",
) -> World:
    """The World of a scheme already in the database; ``rotation(name, kind)`` picks the
    neighbourhoods of the patrol rotation (default: the priority ones)."""
    from voisinage.field.models import FieldCode
    from voisinage.schemes.models import Activity
    from voisinage.schemes.selectors import scheme_service_hours
    from voisinage.territory.models import Entrance, Neighbourhood

    hoods = {
        n.pk: (n.name, n.kind, n.lat, n.lon)
        for n in Neighbourhood.objects.filter(scheme=scheme).order_by("pk")
    }
    entrances = [
        EntranceRef(*row)
        for row in Entrance.objects.filter(scheme=scheme, is_active=True)
        .order_by("pk")
        .values_list("pk", "landlord_id", "neighbourhood_id", "lat", "lon", "dwellings")
    ]
    return World(
        scheme_id=scheme.pk,
        hours=scheme_service_hours(scheme),
        entrances=entrances,
        neighbourhoods=hoods,
        rotation_neighbourhoods=[pk for pk, h in hoods.items() if rotation(h[0], h[1])],
        weekly_patrol_target=scheme.weekly_patrol_target or 200,
        activities=dict(
            Activity.objects.filter(scheme=scheme, retired_at__isnull=True).values_list(
                "code", "pk"
            )
        ),
        codes=dict(
            FieldCode.objects.filter(scheme=scheme, retired_at__isnull=True).values_list(
                "code", "pk"
            )
        ),
        agents=agents,
        supervisors=supervisors,
        slug=scheme.slug,
    )


# --- Synthetic schemes --------------------------------------------------------------------------


@dataclass(frozen=True)
class SchemeSpec:
    """An invented scheme: its size and its territory. ``per_year`` interventions a year."""

    slug: str
    city: str
    per_year: int
    agents: int
    supervisors: int
    landlords: int
    neighbourhoods: int
    entrances: int
    lat: float
    lon: float


# Besançon is the demo scenario's scheme (783 entrances, 17 night staff), not a SchemeSpec; it is
# given here with its yearly volume so that sizes can list it beside synthetic schemes.
BESANCON = SchemeSpec("besancon", "Besançon", 40_000, 14, 3, 3, 14, 783, 47.24, 6.02)

# A Marseille-sized scheme (Marseille's urban social mediation: 85 mediators; about 500 000
# interventions a year).
GRAND_LITTORAL = SchemeSpec(
    "grand-littoral", "Grand-Littoral", 460_000, 85, 12, 9, 48, 9_000, 43.30, 5.40
)

_HOOD_FIRST = (
    "Les Hauts", "Le Val", "La Cité", "Les Jardins", "Le Plateau", "La Rive", "Les Tilleuls",
    "Le Moulin", "Les Sablons", "La Source", "Les Coteaux", "Le Parc",
)  # fmt: skip
_HOOD_SECOND = (
    "Nord", "Sud", "Est", "Ouest", "des Pins", "de la Gare", "du Canal", "des Écoles",
)  # fmt: skip
_STREETS = ("rue", "allée", "avenue", "chemin", "impasse", "place")
_STREET_NAMES = (
    "des Lilas", "Jean Moulin", "des Peupliers", "Victor Hugo", "du Stade", "des Acacias",
    "Louise Michel", "du Marché", "des Glycines", "Pasteur", "des Vergers", "de la Fontaine",
)  # fmt: skip


def regional_specs(count: int, per_year: int) -> list[SchemeSpec]:
    """``count`` invented regional schemes of about ``per_year`` interventions a year each
    (sizes vary ±40 % around it; staff and territory follow the volume)."""
    rng = random.Random(f"regional-{count}-{per_year}")
    specs = []
    for i in range(1, count + 1):
        volume = int(per_year * rng.uniform(0.6, 1.4))
        agents = max(6, volume // 5_500)
        specs.append(
            SchemeSpec(
                slug=f"region-{i:02d}",
                city=f"Villeneuve-{i:02d}",
                per_year=volume,
                agents=agents,
                supervisors=max(2, agents // 7),
                landlords=rng.randint(3, 6),
                neighbourhoods=max(6, agents // 2),
                entrances=max(600, volume // 50),
                lat=rng.uniform(43.5, 50.5),
                lon=rng.uniform(-1.0, 7.0),
            )
        )
    return specs


def synthetic_world(spec: SchemeSpec) -> World:
    """Build (or find) the invented scheme of ``spec`` and return its World."""
    from django.db import transaction

    from voisinage.accounts.access import PerimeterKind
    from voisinage.accounts.services import roles_ensure_defaults
    from voisinage.field.logbook.services import field_codes_ensure_defaults
    from voisinage.schemes.models import MemberRole, Scheme, SchemeMember, ServiceHoursRule
    from voisinage.schemes.services import activity_referential_apply_preset
    from voisinage.territory.models import Organisation

    rng = random.Random(f"world-{spec.slug}")
    with transaction.atomic():
        roles_ensure_defaults()

        def org(name: str, kind: str) -> Organisation:
            return Organisation.objects.get_or_create(name=name, defaults={"kind": kind})[0]

        operator = org(f"Médiation {spec.city}", "operator")
        city = org(f"Ville de {spec.city}", "city")
        landlords = [
            org(f"{spec.city} Habitat {chr(65 + i)}", "landlord") for i in range(spec.landlords)
        ]
        scheme, created = Scheme.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "name": f"Tranquillité résidentielle de {spec.city}",
                "operator": operator,
                "description": "Dispositif inventé pour les bancs d'essai (bench/worlds.py).",
                "starts_on": date(2020, 1, 1),
                "ends_on": date(2030, 12, 31),
                "holidays_included": True,
                "weekly_patrol_target": max(200, spec.entrances // 10),
                "annual_hours_basis": 1607,
            },
        )
        for organisation, role in [
            (city, MemberRole.FUNDER),
            (operator, MemberRole.OPERATOR),
            *((landlord, MemberRole.LANDLORD) for landlord in landlords),
        ]:
            SchemeMember.objects.get_or_create(scheme=scheme, organisation=organisation, role=role)
        if created:
            ServiceHoursRule.objects.create(
                scheme=scheme,
                position=0,
                start_month=1,
                start_day=1,
                end_month=12,
                end_day=31,
                weekdays="0123456",
                starts_at=time(18, 0),
                ends_at=time(2, 0),
            )
            activity_referential_apply_preset(scheme=scheme, preset="xp-x60-600")
            _territory(scheme, spec, landlords, rng)
        field_codes_ensure_defaults(scheme=scheme)
        agents = _staff(scheme, spec.slug, "agent", spec.agents)
        supervisors = _staff(scheme, spec.slug, "supervisor", spec.supervisors)
        for i, landlord in enumerate(landlords, start=1):
            _staff(
                scheme,
                spec.slug,
                "partner_referent",
                1,
                organisation_id=landlord.pk,
                perimeter=PerimeterKind.LANDLORD,
                label=f"referent{i}",
            )
        _staff(scheme, spec.slug, "partner_referent", 1, organisation_id=city.pk, label="ville")
    return _world(scheme, agents, supervisors)


def _territory(scheme: Scheme, spec: SchemeSpec, landlords: list, rng: random.Random) -> None:
    from voisinage.territory.models import Entrance, Neighbourhood

    names = [f"{a} {b}" for b in _HOOD_SECOND for a in _HOOD_FIRST]
    rng.shuffle(names)
    hoods = Neighbourhood.objects.bulk_create(
        Neighbourhood(
            scheme=scheme,
            name=names[i % len(names)] + (f" {i // len(names) + 1}" if i >= len(names) else ""),
            # A third priority (the patrol rotation), a third fragile, a third other.
            kind=("priority", "fragile", "other")[i % 3],
            lat=spec.lat + rng.uniform(-0.08, 0.08),
            lon=spec.lon + rng.uniform(-0.1, 0.1),
        )
        for i in range(spec.neighbourhoods)
    )
    weights = [3.0 if h.kind == "priority" else 1.5 if h.kind == "fragile" else 0.7 for h in hoods]
    entrances = []
    for n in range(1, spec.entrances + 1):
        hood = rng.choices(hoods, weights)[0]
        assert hood.lat is not None
        assert hood.lon is not None
        entrances.append(
            Entrance(
                scheme=scheme,
                code=f"{spec.slug[:3].upper()}-{n:05d}",
                address=f"{rng.randint(1, 120)} {rng.choice(_STREETS)} "
                f"{rng.choice(_STREET_NAMES)}, {spec.city}",
                landlord=landlords[(n * 7 + hood.pk) % len(landlords)],
                neighbourhood=hood,
                dwellings=rng.randint(6, 60),
                lat=hood.lat + rng.gauss(0, 0.004),
                lon=hood.lon + rng.gauss(0, 0.006),
            )
        )
    Entrance.objects.bulk_create(entrances, batch_size=2_000)


def _staff(
    scheme: Scheme,
    slug: str,
    role: str,
    count: int,
    *,
    organisation_id: int | None = None,
    perimeter: str = "scheme",
    label: str = "",
) -> list[int]:
    """``count`` invented users (no password) with ``role`` in the scheme."""
    from voisinage.accounts.models import User
    from voisinage.accounts.services import membership_grant

    ids = []
    for i in range(1, count + 1):
        username = f"bench.{slug}.{label or role}{'' if label else f'{i:02d}'}"
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": "Bench", "last_name": f"{label or role} {i}".title()},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        membership_grant(
            user=user,
            organisation_id=organisation_id or scheme.operator_id,
            scheme_id=scheme.pk,
            role_code=role,
            perimeter=perimeter,
        )
        ids.append(user.pk)
    return ids
