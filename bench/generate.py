"""Synthetic logbook data for the benchmarks, on SQLite or PostgreSQL (DATABASE_URL).

    python -m bench.generate --size tiny            # smoke test, a few thousand interventions
    python -m bench.generate --size S --seed 1      # Besançon, one year (≈ 40 000)
    python -m bench.generate --interventions 1000000 --seed 1   # 1 M over 5 years

It migrates the database, builds the Besançon scenario (``voisinage.demo.scenario.load_besancon``:
the scheme, its 783 entrances, the demo users) with the default field codes, adds the night staff
and a monthly patrol plan, then writes N interventions over years of service nights with their
agents, activities, situations and actions. Interventions and their M2M rows are written with raw
``executemany`` (SQLite) or ``COPY`` (PostgreSQL) in large batches, one transaction per batch,
with the secondary indexes dropped and foreign-key checks off for the load, rebuilt and switched
back on at the end (``--keep-indexes`` maintains everything row by row instead).

Patterns (all drawn from ``--seed``, so the same seed and end date give the same data):

* nights follow the scheme's service hours (Besançon: Monday–Saturday) and are weighted by
  weekday (Friday and Saturday busy, Monday and the reduced-service weeks quiet), by season
  (spring and early summer busy) and by noise, with a few exceptional nights;
* origins: about 45 % patrols, then phone calls, own initiative, landlord instructions…;
* places: entrances weighted by dwellings, Planoise weighs more, 4 % of the entrances are hot
  spots that concentrate incidents; about 6 % of the incidents are in public space, schools…;
* patrols follow a rotation through Planoise (most of them) and other neighbourhoods;
* each intervention has one team member as author, one or two agents, one activity (sometimes
  two), situations and actions from coherent scenes (≈ 2 codes per intervention), a result,
  a residence climate, counts of adults, young people and minors, a short narrative;
* nights before the last one are validated by the night's supervisor.

The generator is written so a later issue can extend it: ``World`` is what it needs to know about
one scheme and ``Profile`` its activity patterns, so more schemes (a synthetic country) reuse
``write_interventions`` unchanged; ``SIZES`` names the sizes.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import math
import random
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bench.common import Progress, engine, setup_django
from bench.worlds import (
    BESANCON,
    GRAND_LITTORAL,
    EntranceRef,
    SchemeSpec,
    World,
    besancon_world,
    regional_specs,
    synthetic_world,
)
from voisinage.lib import clock

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

    from voisinage.lib.service_hours import Shift


@dataclass(frozen=True)
class Size:
    name: str
    years: int
    schemes: tuple[tuple[SchemeSpec, int], ...]  # each scheme and its interventions
    description: str
    postgresql_only: bool = False

    @property
    def interventions(self) -> int:
        return sum(n for _spec, n in self.schemes)


# L: Besançon, Grand-Littoral and 20 invented regional schemes (about 140 000 a year each).
_REGIONAL = regional_specs(20, 140_000)
SIZES: dict[str, Size] = {
    "tiny": Size("tiny", 1, ((BESANCON, 3_000),), "smoke test: Besançon, a few thousand"),
    "S": Size("S", 1, ((BESANCON, 40_000),), "Besançon, one year (≈ 40 000 interventions)"),
    "M": Size(
        "M",
        3,
        ((BESANCON, 3 * BESANCON.per_year), (GRAND_LITTORAL, 3 * GRAND_LITTORAL.per_year)),
        "Besançon and a Marseille-sized scheme, three years (≈ 1.5 M interventions)",
    ),
    "L": Size(
        "L",
        3,
        (
            (BESANCON, 3 * BESANCON.per_year),
            (GRAND_LITTORAL, 3 * GRAND_LITTORAL.per_year),
            *((spec, 3 * spec.per_year) for spec in _REGIONAL),
        ),
        "national: 22 schemes, three years (≈ 10 M interventions)",
        postgresql_only=True,
    ),
}
# Phone calls and reports to partners written beside the interventions (bench/generate_activity.py)
CALLS_PER_INTERVENTION = 0.12
REPORTS_PER_INTERVENTION = 0.04
DEFAULT_YEARS_FOR_N = 5  # --interventions N without --years spreads them over five years
BATCH = 25_000  # interventions per transaction


# --- Activity patterns ---------------------------------------------------------------------------

# (behaviour codes, material codes, action codes, activity, result, climate, narrative, weight,
#  kind of people involved: "" | "adults" | "young" | "minors", sensitive)
Scene = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str, str, str, str, int, str, bool]
SCENES: tuple[Scene, ...] = (
    (("bruit",), (), ("dialogue", "rappel-regles"), "conflits", "resolved", "green",
     "Musique forte signalée, échange avec l'occupant, volume baissé.", 14, "adults", False),
    (("regroupement-hall",), (), ("dialogue", "rappel-regles"), "presence", "partly_resolved",
     "yellow", "Groupe dans le hall, rappel du règlement, une partie est sortie.", 14, "young",
     False),
    (("regroupement-jeunes",), (), ("dialogue",), "presence", "resolved", "yellow",
     "Jeunes réunis sur l'aire de jeux, échange calme.", 9, "minors", False),
    (("conflit-voisinage",), (), ("mediation", "orientation"), "conflits", "partly_resolved",
     "yellow", "Différend entre voisins de palier, médiation, orientation vers le bailleur.", 8,
     "adults", False),
    ((), ("eclairage",), ("signalement-bailleur",), "veille", "handed_over", "green",
     "Éclairage du hall hors service, signalé au bailleur.", 8, "", False),
    ((), ("porte-interphone",), ("signalement-bailleur", "securisation"), "veille", "handed_over",
     "yellow", "Porte d'entrée forcée, signalement au bailleur.", 7, "", False),
    ((), ("ascenseur",), ("signalement-bailleur",), "veille", "handed_over", "green",
     "Ascenseur bloqué, astreinte du bailleur prévenue.", 4, "", False),
    ((), ("encombrants",), ("signalement-bailleur",), "veille", "handed_over", "green",
     "Encombrants devant le local poubelles.", 6, "", False),
    ((), ("tags",), ("signalement-bailleur",), "veille", "handed_over", "green",
     "Tags sur le mur du hall, photos transmises au bailleur.", 4, "", False),
    (("occupation-parties-communes",), ("cave-squattee",), ("police-17", "signalement-bailleur"),
     "presence", "handed_over", "orange", "Cave squattée, police informée (17).", 3, "young",
     False),
    (("trafic",), (), ("police-17",), "veille", "not_resolved", "orange",
     "Allées et venues suspectes en pied d'immeuble, information au 17.", 4, "young", True),
    (("personne-detresse",), (), ("samu-15", "accompagnement"), "mise-en-relation", "resolved",
     "yellow", "Personne désorientée dans l'escalier, raccompagnée, SAMU contacté.", 3, "adults",
     True),
    (("ivresse",), (), ("dialogue", "accompagnement"), "presence", "resolved", "green",
     "Personne en état d'ébriété dans le hall, raccompagnée.", 4, "adults", False),
    ((), ("incendie-fumee",), ("pompiers-18", "securisation"), "veille", "handed_over", "red",
     "Feu de poubelle au pied du bâtiment, pompiers (18) appelés.", 1, "", False),
    (("agression",), (), ("police-17",), "conflits", "handed_over", "red",
     "Altercation violente devant l'entrée, police (17) intervenue.", 1, "adults", True),
    (("rodeo",), (), ("police-17",), "veille", "not_resolved", "orange",
     "Rodéo motorisé sur le parking, information au 17.", 2, "young", False),
)  # fmt: skip
QUIET_PATROL = "Passage, RAS."
OTHER_PLACES = (
    ("public_space", "Place du marché", 45),
    ("public_space", "Parc urbain", 15),
    ("shop", "Galerie commerciale", 15),
    ("school", "Abords du collège", 10),
    ("transport", "Arrêt de tram", 10),
    ("other", "Parking du centre social", 5),
)


@dataclass(frozen=True)
class Profile:
    """The activity patterns of a scheme (the defaults describe Besançon's night service)."""

    origins: tuple[tuple[str, float], ...] = (
        ("patrol", 45),
        ("phone_call", 18),
        ("own_initiative", 15),
        ("landlord_instruction", 10),
        ("partner_request", 5),
        ("courtesy_visit", 4),
        ("event", 3),
    )
    weekday: tuple[float, ...] = (0.6, 0.9, 1.0, 1.0, 1.3, 1.4, 0.8)  # Monday … Sunday
    month: tuple[float, ...] = (0.85, 0.85, 0.95, 1.0, 1.1, 1.2, 1.15, 0.9, 1.05, 1.0, 0.9, 0.85)
    reduced_service: float = 0.6  # last week of July, first half of August, ISO weeks 51–52
    night_noise: float = 0.25  # sigma of the log-normal noise on a night's volume
    exceptional_nights: float = 0.01  # share of nights with 2.5 times the activity
    quiet_patrols: float = 0.65  # patrols that find nothing ("RAS")
    patrol_in_rotation: float = 0.7  # patrols in the rotation neighbourhoods (Planoise)
    other_place: float = 0.06  # incidents outside an entrance
    hot_spots: float = 0.04  # share of entrances that are hot spots
    hot_spot_factor: float = 10.0
    extra_situation: float = 0.15  # a second situation found
    second_activity: float = 0.1
    neighbourhood_factor: dict[str, float] = field(default_factory=lambda: {"Planoise": 1.5})
    kind_factor: dict[str, float] = field(
        default_factory=lambda: {"priority": 1.0, "fragile": 0.6, "other": 0.5}
    )


# --- Nights -------------------------------------------------------------------------------------


def _reduced_service(night: date) -> bool:
    week = night.isocalendar().week
    late_july = night.month == 7 and night.day >= 25
    early_august = night.month == 8 and night.day <= 14
    return late_july or early_august or week >= 51


def night_volumes(
    shifts: Sequence[Shift], total: int, profile: Profile, rng: random.Random
) -> list[int]:
    """How many interventions each night gets: weights by weekday, season and noise, rounded
    by largest remainders so that they add up to ``total`` exactly."""
    weights = []
    for shift in shifts:
        night = shift.night
        w = profile.weekday[night.weekday()] * profile.month[night.month - 1]
        if _reduced_service(night):
            w *= profile.reduced_service
        w *= math.exp(rng.gauss(0, profile.night_noise))
        if rng.random() < profile.exceptional_nights:
            w *= 2.5
        weights.append(w)
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    counts = [int(x) for x in exact]
    left = total - sum(counts)
    by_remainder = sorted(range(len(exact)), key=lambda i: counts[i] - exact[i])
    for i in by_remainder[:left]:
        counts[i] += 1
    return counts


# --- Interventions ------------------------------------------------------------------------------

# Column order of the rows the generator produces; any other column of the table gets its default.
INTERVENTION_COLUMNS = (
    "id",
    "scheme_id",
    "night",
    "status",
    "author_id",
    "started_at",
    "ended_at",
    "entrance_id",
    "other_place_kind",
    "other_place_label",
    "landlord_id",
    "neighbourhood_id",
    "lat",
    "lon",
    "origin",
    "source_type_id",
    "source_id",
    "adults",
    "young_people",
    "minors",
    "result",
    "climate",
    "narrative",
    "sensitive",
    "idempotency_key",
    "version",
    "created_at",
    "updated_at",
    "validated_at",
    "validated_by_id",
)
_EPOCH = datetime(1970, 1, 1)


class Picker:
    """Weighted choice by bisection on cumulative weights (faster than random.choices)."""

    def __init__(self, items: Sequence[Any], weights: Sequence[float]):
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random) -> Any:
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.total)]


@dataclass
class Batch:
    interventions: list[tuple[Any, ...]] = field(default_factory=list)
    agents: list[tuple[int, int]] = field(default_factory=list)
    activities: list[tuple[int, int]] = field(default_factory=list)
    situations: list[tuple[int, int]] = field(default_factory=list)
    actions: list[tuple[int, int]] = field(default_factory=list)
    history: list[tuple[Any, ...]] = field(default_factory=list)

    def m2m_rows(self) -> int:
        return len(self.agents) + len(self.activities) + len(self.situations) + len(self.actions)


def intervention_batches(
    world: World,
    shifts: Sequence[Shift],
    volumes: Sequence[int],
    *,
    profile: Profile,
    rng: random.Random,
    first_id: int,
    last_night: date,
    timestamp: Any,
    history: bool = False,
    batch_size: int = BATCH,
) -> Iterator[Batch]:
    """The interventions of the nights, in time order (ids grow with time), in batches.

    ``timestamp(seconds since the epoch, UTC)`` formats a datetime for the database.
    """
    hoods = world.neighbourhoods
    factor = profile.neighbourhood_factor
    entrance_weights = []
    for e in world.entrances:
        name, kind, _lat, _lon = hoods[e.neighbourhood_id]
        w = max(1, e.dwellings) * factor.get(name, 1.0) * profile.kind_factor.get(kind, 1.0)
        if rng.random() < profile.hot_spots:
            w *= profile.hot_spot_factor
        entrance_weights.append(w)
    incident_entrance = Picker(world.entrances, entrance_weights)
    rotation = [e for e in world.entrances if e.neighbourhood_id in world.rotation_neighbourhoods]
    rng.shuffle(rotation)
    elsewhere = [
        e for e in world.entrances if e.neighbourhood_id not in world.rotation_neighbourhoods
    ]
    origin = Picker([o for o, _ in profile.origins], [w for _, w in profile.origins])
    scenes = Picker(SCENES, [s[7] for s in SCENES])
    places = Picker(OTHER_PLACES, [p[2] for p in OTHER_PLACES])
    hood_ids = list(hoods)
    hood_picker = Picker(
        hood_ids,
        [factor.get(hoods[h][0], 1.0) * profile.kind_factor.get(hoods[h][1], 1.0) for h in hoods],
    )
    extra_situations = [
        c for c in ("tags", "encombrants", "eclairage", "bruit") if c in world.codes
    ]
    codes, activities = world.codes, world.activities
    fallback_activity = activities.get("veille") or next(iter(activities.values()))
    scheme_id = world.scheme_id
    rotation_index = 0
    next_id = first_id
    batch = Batch()
    for shift, volume in zip(shifts, volumes, strict=True):
        if volume == 0:
            continue
        night = shift.night.isoformat()
        validated = shift.night < last_night
        start0 = int(shift.starts_at.timestamp())
        span = max(1200, int((shift.ends_at - shift.starts_at).total_seconds()))
        reduced = shift.night.weekday() == 0 or _reduced_service(shift.night)
        team = rng.sample(world.agents, 2 if reduced else 4)
        supervisor = rng.choice(world.supervisors)
        validated_ts = start0 + span + 9 * 3600  # the next morning
        starts = sorted(
            start0 + int((span - 600) * rng.triangular(0.0, 1.0, 0.35)) for _ in range(volume)
        )
        for started in starts:
            iid = next_id
            next_id += 1
            kind = origin(rng)
            author = supervisor if rng.random() < 0.12 else rng.choice(team)
            partner = rng.choice(team)
            entrance: EntranceRef | None = None
            place_kind = place_label = ""
            hood_id: int | None
            lat: float | None
            lon: float | None
            if kind == "patrol":
                if rng.random() < profile.patrol_in_rotation and rotation:
                    entrance = rotation[rotation_index % len(rotation)]
                    rotation_index += 1 if rng.random() < 0.95 else 2
                else:
                    entrance = rng.choice(elsewhere or world.entrances)
                duration = rng.randint(3, 12) * 60
                scene = None if rng.random() < profile.quiet_patrols else scenes(rng)
            else:
                scene = scenes(rng)
                duration = rng.randint(8, 50) * 60
                if rng.random() < profile.other_place:
                    place_kind, place_label, _w = places(rng)
                else:
                    entrance = incident_entrance(rng)
            if entrance is not None:
                landlord_id: int | None = entrance.landlord_id
                hood_id, lat, lon = entrance.neighbourhood_id, entrance.lat, entrance.lon
            else:
                landlord_id = None
                hood_id = hood_picker(rng)
                _name, _kind, hlat, hlon = hoods[hood_id]
                lat = None if hlat is None else hlat + rng.gauss(0, 0.002)
                lon = None if hlon is None else hlon + rng.gauss(0, 0.003)
            adults = young = minors = 0
            if scene is None:
                situation_codes: tuple[str, ...] = ()
                action_codes: tuple[str, ...] = ()
                activity_ids = [activities.get("veille", fallback_activity)]
                result, climate, narrative, sensitive = "", "green", QUIET_PATROL, False
            else:
                behaviour, material, action_codes, activity, result, climate = scene[:6]
                narrative, _w, people, sensitive_scene = scene[6:]
                situation_codes = behaviour + material
                if extra_situations and rng.random() < profile.extra_situation:
                    extra = rng.choice(extra_situations)
                    if extra not in situation_codes:
                        situation_codes = (*situation_codes, extra)
                activity_ids = [activities.get(activity, fallback_activity)]
                if rng.random() < profile.second_activity:
                    other = activities.get("information", fallback_activity)
                    if other not in activity_ids:
                        activity_ids.append(other)
                if people == "adults":
                    adults = rng.randint(1, 3)
                elif people == "young":
                    young, minors = rng.randint(2, 8), rng.randint(0, 2)
                elif people == "minors":
                    young, minors = rng.randint(0, 3), rng.randint(2, 6)
                sensitive = sensitive_scene and rng.random() < 0.5
            ended = started + duration
            entered = ended + rng.randint(1, 30) * 60
            batch.interventions.append(
                (
                    iid,
                    scheme_id,
                    night,
                    "validated" if validated else "recorded",
                    author,
                    timestamp(started),
                    timestamp(ended),
                    entrance.id if entrance is not None else None,
                    place_kind,
                    place_label,
                    landlord_id,
                    hood_id,
                    lat,
                    lon,
                    kind,
                    None,
                    None,
                    adults,
                    young,
                    minors,
                    result,
                    climate,
                    narrative,
                    sensitive,
                    f"{iid:x}-{rng.getrandbits(96):024x}",  # unique even with --append
                    2 if validated else 1,
                    timestamp(entered),
                    timestamp(validated_ts if validated else entered),
                    timestamp(validated_ts) if validated else None,
                    supervisor if validated else None,
                )
            )
            batch.agents.append((iid, author))
            if partner != author:
                batch.agents.append((iid, partner))
            batch.activities.extend((iid, a) for a in activity_ids)
            batch.situations.extend((iid, codes[c]) for c in situation_codes if c in codes)
            batch.actions.extend((iid, codes[c]) for c in action_codes if c in codes)
            if history:
                batch.history.append((iid, timestamp(entered), author, "created", "{}"))
                if validated:
                    batch.history.append(
                        (iid, timestamp(validated_ts), supervisor, "validated", "{}")
                    )
            if len(batch.interventions) >= batch_size:
                yield batch
                batch = Batch()
    if batch.interventions:
        yield batch


# --- Writing ------------------------------------------------------------------------------------


class Writer:
    """Bulk writes on the raw DB-API connection: executemany (SQLite) or COPY (PostgreSQL)."""

    def __init__(self, connection: BaseDatabaseWrapper):
        self.connection = connection
        self.vendor = connection.vendor

    def timestamp_formatter(self) -> Any:
        suffix = "+00" if self.vendor == "postgresql" else ""

        def timestamp(seconds: int) -> str:
            return f"{(_EPOCH + timedelta(seconds=seconds)).isoformat(' ')}{suffix}"

        return timestamp

    def write(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        self.connection.ensure_connection()
        raw: Any = self.connection.connection
        names = ", ".join(f'"{c}"' for c in columns)
        if self.vendor == "postgresql":
            with (
                raw.cursor() as cursor,
                cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy,
            ):
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in columns)
            raw.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)  # noqa: S608


@contextmanager
def bulk_load(connection: BaseDatabaseWrapper, tables: Sequence[str]) -> Iterator[int]:
    """Load faster: drop the tables' secondary indexes (not those behind a primary key or a
    unique constraint) and switch foreign-key enforcement off for the session; rebuild the
    indexes and switch enforcement back on at the end, even after an error. The generated rows
    are consistent by construction. Yields the number of indexes deferred."""
    pg = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if pg:
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i "
                "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conindid = "
                "(quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)",
                [list(tables)],
            )
        else:
            marks = ", ".join("%s" for _ in tables)
            where = f"type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})"
            cursor.execute(f"SELECT name, sql FROM sqlite_master WHERE {where}", list(tables))  # noqa: S608
        indexes = [(str(name), str(sql)) for name, sql in cursor.fetchall()]
        for name, _sql in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        triggers_off = False
        if pg:
            try:  # superuser only (the throw-away cluster's role is one)
                cursor.execute("SET session_replication_role = replica")
                triggers_off = True
            except Exception as exc:  # an optional speed-up
                print(f"foreign-key triggers stay on ({exc.__class__.__name__})")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            triggers_off = True
    try:
        yield len(indexes)
    finally:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            if triggers_off:
                cursor.execute(
                    "SET session_replication_role = DEFAULT" if pg else "PRAGMA foreign_keys = ON"
                )
            if pg:
                cursor.execute("SET maintenance_work_mem = '512MB'")
            for _name, sql in indexes:
                cursor.execute(sql)
        print(f"indexes rebuilt: {len(indexes)} in {time.perf_counter() - started:.1f} s")


def _defaults(
    model: Any, given: Sequence[str], connection: BaseDatabaseWrapper
) -> list[tuple[str, Any]]:
    """The other columns of the table with their default (a column added later keeps working)."""
    extra = []
    for f in model._meta.concrete_fields:
        if f.column in given:
            continue
        value = f.get_db_prep_save(f.get_default(), connection)
        if value is None and not f.null:
            raise SystemExit(
                f"{model.__name__}.{f.name} has no default: teach bench/generate.py to fill it."
            )
        extra.append((f.column, value))
    return extra


def _m2m(model: Any, name: str) -> tuple[str, tuple[str, str]]:
    m2m = model._meta.get_field(name)
    return m2m.remote_field.through._meta.db_table, (m2m.m2m_column_name(), m2m.m2m_reverse_name())


def intervention_tables(*, history: bool) -> list[str]:
    """The tables write_interventions fills (for bulk_load around several schemes)."""
    from voisinage.field.models import Intervention, InterventionChange

    tables = [Intervention._meta.db_table]
    tables += [
        _m2m(Intervention, name)[0] for name in ("agents", "activities", "situations", "actions")
    ]
    if history:
        tables.append(InterventionChange._meta.db_table)
    return tables


def write_interventions(
    world: World,
    *,
    total: int,
    first_night: date,
    last_night: date,
    profile: Profile,
    rng: random.Random,
    history: bool = False,
    defer_indexes: bool = True,
) -> tuple[int, int]:
    """Write ``total`` interventions over the service nights from ``first_night`` to
    ``last_night``; returns (interventions, M2M and history rows)."""
    from django.db import connection

    from voisinage.field.models import Intervention, InterventionChange
    from voisinage.lib.service_hours import nights_between

    now = clock.now()
    shifts = [s for s in nights_between(first_night, last_night, world.hours) if s.ends_at <= now]
    if not shifts:
        raise SystemExit("No service night in the period.")
    volumes = night_volumes(shifts, total, profile, rng)
    writer = Writer(connection)
    extra = _defaults(Intervention, INTERVENTION_COLUMNS, connection)
    columns = [*INTERVENTION_COLUMNS, *(c for c, _v in extra)]
    extra_values = tuple(v for _c, v in extra)
    history_columns = ("intervention_id", "at", "user_id", "action", "changes")
    history_extra = _defaults(InterventionChange, ("id", *history_columns), connection)
    # A nullable column left out is NULL (an edit's idempotency key); any other must be filled.
    if any(value is not None for _column, value in history_extra):
        raise SystemExit(
            "InterventionChange has new columns: teach bench/generate.py to fill them."
        )
    through = {
        name: _m2m(Intervention, name) for name in ("agents", "activities", "situations", "actions")
    }
    first_id = (Intervention.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    tables = intervention_tables(history=history)
    with bulk_load(connection, tables) if defer_indexes else nullcontext(0) as deferred:
        if deferred:
            print(f"{deferred} secondary indexes deferred to the end of the load")
        done, other = _write_batches(
            writer,
            intervention_batches(
                world,
                shifts,
                volumes,
                profile=profile,
                rng=rng,
                first_id=first_id,
                last_night=shifts[-1].night,
                timestamp=writer.timestamp_formatter(),
                history=history,
            ),
            total=total,
            columns=columns,
            extra_values=extra_values,
            through=through,
            history_columns=history_columns,
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            table = Intervention._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT max(id) FROM {table}))"
            )
    return done, other


def _write_batches(
    writer: Writer,
    batches: Iterator[Batch],
    *,
    total: int,
    columns: Sequence[str],
    extra_values: tuple[Any, ...],
    through: dict[str, tuple[str, tuple[str, str]]],
    history_columns: Sequence[str],
) -> tuple[int, int]:
    from django.db import transaction

    from voisinage.field.models import Intervention, InterventionChange

    progress = Progress("interventions")
    started = time.perf_counter()
    done = other = 0
    for batch in batches:
        rows = (
            [row + extra_values for row in batch.interventions]
            if extra_values
            else batch.interventions
        )
        with transaction.atomic():
            writer.write(Intervention._meta.db_table, columns, rows)
            for name in ("agents", "activities", "situations", "actions"):
                table, cols = through[name]
                writer.write(table, cols, getattr(batch, name))
            writer.write(InterventionChange._meta.db_table, history_columns, batch.history)
        done += len(batch.interventions)
        other += batch.m2m_rows() + len(batch.history)
        elapsed = time.perf_counter() - started
        progress.show(
            f"{done:,}/{total:,} ({done / elapsed:,.0f} interventions/s, "
            f"{(done + other) / elapsed:,.0f} rows/s)"
        )
    progress.show(f"{done:,} written", final=True)
    return done, other


# --- Patrol plans -------------------------------------------------------------------------------


def write_patrol_plans(
    world: World, first_night: date, last_night: date, rng: random.Random
) -> int:
    """A published monthly plan for every month of the period (rotation neighbourhoods, the
    scheme's weekly target spread over each week's service nights); returns the entries."""
    from django.db import transaction

    from voisinage.field.models import PatrolPlan, PatrolPlanEntry, PlanStatus
    from voisinage.lib.service_hours import nights_between

    if not world.rotation_neighbourhoods:
        return 0
    rotation = [
        e.id for e in world.entrances if e.neighbourhood_id in world.rotation_neighbourhoods
    ]
    place_of = {e.id: (e.landlord_id, e.neighbourhood_id) for e in world.entrances}
    rng.shuffle(rotation)
    target = min(world.weekly_patrol_target, len(rotation))
    by_week: dict[tuple[int, int], list[date]] = {}
    for shift in nights_between(first_night, last_night, world.hours):
        year, week, _day = shift.night.isocalendar()
        by_week.setdefault((year, week), []).append(shift.night)
    months = sorted({n.replace(day=1) for nights in by_week.values() for n in nights})
    with transaction.atomic():
        existing = set(
            PatrolPlan.objects.filter(scheme_id=world.scheme_id, month__in=months).values_list(
                "month", flat=True
            )
        )
        plans = {
            p.month: p
            for p in PatrolPlan.objects.bulk_create(
                PatrolPlan(
                    scheme_id=world.scheme_id,
                    month=m,
                    weekly_target=target,
                    status=PlanStatus.PUBLISHED,
                    created_by_id=world.supervisors[0],
                )
                for m in months
                if m not in existing
            )
        }
        through = PatrolPlan.neighbourhoods.through
        through.objects.bulk_create(
            through(patrolplan_id=p.pk, neighbourhood_id=h)
            for p in plans.values()
            for h in world.rotation_neighbourhoods
        )
        entries = []
        cursor = 0
        for nights in by_week.values():
            for i in range(target):
                night = nights[i % len(nights)]
                plan = plans.get(night.replace(day=1))
                if plan is not None:
                    entrance = rotation[(cursor + i) % len(rotation)]
                    entries.append(
                        PatrolPlanEntry(
                            plan=plan,
                            night=night,
                            entrance_id=entrance,
                            # Where the passage is on its night: the entrance's landlord and
                            # neighbourhood.
                            landlord_id=place_of[entrance][0],
                            neighbourhood_id=place_of[entrance][1],
                        )
                    )
            cursor += target
        PatrolPlanEntry.objects.bulk_create(entries, batch_size=5000, ignore_conflicts=True)
    return len(entries)


# --- Command line -------------------------------------------------------------------------------


def _finish(vendor: str) -> None:
    """Statistics for the planner (what autovacuum or ``PRAGMA optimize`` would do)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def database_size() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            return str(cursor.fetchone()[0])
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        return f"{pages * cursor.fetchone()[0] / 1024 / 1024:,.0f} MB"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate",
        description="Build the Besançon scenario and write synthetic interventions.",
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--size", choices=sorted(SIZES), help="a named size")
    what.add_argument("--interventions", type=int, help="how many interventions to write")
    parser.add_argument(
        "--years", type=int, help=f"years of nights (default: the size's, or {DEFAULT_YEARS_FOR_N})"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--end",
        type=date.fromisoformat,
        help="last service night, YYYY-MM-DD (default: yesterday); same seed and end, same data",
    )
    parser.add_argument(
        "--history", action="store_true", help="also write each intervention's history rows"
    )
    parser.add_argument("--no-analyze", action="store_true", help="skip ANALYZE at the end")
    parser.add_argument(
        "--no-activity", action="store_true", help="no phone calls and reports, interventions only"
    )
    parser.add_argument(
        "--keep-indexes",
        action="store_true",
        help="maintain every index and foreign-key check during the load (slower)",
    )
    parser.add_argument(
        "--append",
        action="store_true",
        help="add to a database that already has interventions (default: refuse)",
    )
    args = parser.parse_args(argv)
    if args.size is None and args.interventions is None:
        args.size = "S"
    if args.interventions is not None and args.interventions < 1:
        parser.error("--interventions must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from voisinage.field.models import Intervention

    if args.size:
        size = SIZES[args.size]
        plan, years = list(size.schemes), args.years or size.years
        if args.years and args.years != size.years:  # the same yearly volume over more years
            plan = [(spec, n * args.years // size.years) for spec, n in plan]
    else:
        size = None
        plan, years = [(BESANCON, args.interventions)], args.years or DEFAULT_YEARS_FOR_N
    vendor = engine()
    if size is not None and size.postgresql_only and vendor != "postgresql":
        print(f"Size {size.name} is for PostgreSQL only.", file=sys.stderr)
        return 2
    total = sum(n for _spec, n in plan)
    wall = time.perf_counter()
    print(
        f"bench.generate: {total:,} interventions in {len(plan)} scheme(s) over {years} "
        f"year(s), seed {args.seed}, {vendor}"
    )

    step = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"migrate: {time.perf_counter() - step:.1f} s")

    step = time.perf_counter()
    worlds: list[tuple[World, int]] = []
    for spec, count in plan:
        world = besancon_world() if spec.slug == BESANCON.slug else synthetic_world(spec)
        existing = Intervention.objects.filter(scheme_id=world.scheme_id).count()
        if existing and not args.append:
            print(
                f"The database already has {existing:,} interventions in {spec.slug}: start from "
                "an empty database (delete the SQLite file, or drop and create the PostgreSQL "
                "database), or pass --append.",
                file=sys.stderr,
            )
            return 2
        worlds.append((world, count))
    print(
        f"{len(worlds)} scheme(s): {sum(len(w.entrances) for w, _n in worlds):,} entrances, "
        f"{sum(len(w.agents) + len(w.supervisors) for w, _n in worlds):,} night staff "
        f"({time.perf_counter() - step:.1f} s)"
    )

    last_night = args.end or clock.today() - timedelta(days=1)
    first_night = last_night - timedelta(days=round(365.25 * years) - 1)

    step = time.perf_counter()
    entries = sum(
        write_patrol_plans(
            world, first_night, last_night, random.Random(f"{args.seed}-plans-{world.slug}")
        )
        for world, _n in worlds
    )
    print(f"patrol plans: {entries:,} planned passages ({time.perf_counter() - step:.1f} s)")

    if vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-1000000")  # 1 GB of page cache for the load
            cursor.execute("PRAGMA temp_store=MEMORY")
    step = time.perf_counter()
    written = other = 0
    deferring = not args.keep_indexes
    tables = intervention_tables(history=args.history)
    with bulk_load(connection, tables) if deferring else nullcontext(0) as deferred:
        if deferred:
            print(f"{deferred} secondary indexes deferred to the end of the load")
        for world, count in worlds:
            # The Besançon-only path keeps its historical stream (the seed alone); each other
            # scheme draws from its own stream, so adding a scheme changes no other scheme's rows.
            rng = (
                random.Random(args.seed)
                if len(worlds) == 1
                else random.Random(f"{args.seed}-{world.slug}")
            )
            print(f"{world.slug}: {count:,} interventions")
            done, more = write_interventions(
                world,
                total=count,
                first_night=first_night,
                last_night=last_night,
                profile=Profile(),
                rng=rng,
                history=args.history,
                defer_indexes=False,
            )
            written += done
            other += more
    load = time.perf_counter() - step
    print(
        f"loaded {written:,} interventions and {other:,} M2M/history rows in {load:.1f} s: "
        f"{written / load:,.0f} interventions/s, {(written + other) / load:,.0f} rows/s "
        f"({other / written:.2f} related rows per intervention)"
    )
    if not args.no_activity:
        from bench.generate_activity import write_calls_and_reports

        step = time.perf_counter()
        for world, count in worlds:
            seed = f"{args.seed}-activity" + (f"-{world.slug}" if len(worlds) > 1 else "")
            write_calls_and_reports(
                world,
                first_night=first_night,
                last_night=last_night,
                calls=round(count * CALLS_PER_INTERVENTION),
                reports=round(count * REPORTS_PER_INTERVENTION),
                rng=random.Random(seed),
            )
        print(f"calls and reports: {time.perf_counter() - step:.1f} s")
    from voisinage.analytics.rollup import rollup_rebuild

    step = time.perf_counter()
    rows = rollup_rebuild([world.scheme_id for world, _n in worlds])
    print(f"analytics roll-up: {rows:,} rows ({time.perf_counter() - step:.1f} s)")
    if not args.no_analyze:
        step = time.perf_counter()
        _finish(vendor)
        print(f"ANALYZE: {time.perf_counter() - step:.1f} s")
    print(
        f"nights {first_night} … {last_night}; database {database_size()}; "
        f"total {time.perf_counter() - wall:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
