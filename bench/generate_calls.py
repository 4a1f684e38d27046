"""Shared pieces of the activity generator (bench.generate_activity) and the phone-desk calls.

See bench/generate_activity.py for what is written and why.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from bench.generate import OTHER_PLACES, EntranceRef, Picker, World, Writer

BATCH = 5_000  # records per transaction
NATURE_WEIGHTS = {
    "regroupement-hall": 20, "bruit": 25, "conflit-voisinage": 12,
    "occupation-parties-communes": 8, "degradation": 6, "stationnement-abusif": 5,
    "personne-detresse": 4, "incendie-fumee": 2, "rodeo": 4, "controle-logement": 3,
    "passage-residence": 4, "autre": 7,
}  # fmt: skip
HOT_SPOTS, HOT_FACTOR = 0.04, 10.0


def next_id(model: Any) -> int:
    return int(model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1


def checked(model: Any, columns: Sequence[str]) -> list[str]:
    """The columns the generator fills must be every column of the table."""
    missing = {f.column for f in model._meta.concrete_fields} - set(columns)
    if missing:
        raise SystemExit(f"{model.__name__} has new columns {missing}: teach {__name__} them.")
    return list(columns)


def spread(weights: Sequence[float], total: int) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainders)."""
    exact = [w * total / (sum(weights) or 1) for w in weights]
    counts = [int(x) for x in exact]
    for i in sorted(range(len(exact)), key=lambda i: counts[i] - exact[i])[: total - sum(counts)]:
        counts[i] += 1
    return counts


def entrance_picker(world: World, rng: random.Random) -> Picker:
    weights = [
        max(1, e.dwellings) * (HOT_FACTOR if rng.random() < HOT_SPOTS else 1.0)
        for e in world.entrances
    ]
    return Picker(world.entrances, weights)


def service_nights(
    world: World, first: date, last: date, now: datetime
) -> list[tuple[date, int, int]]:
    """(night, start, end) in epoch seconds, each weighted later; tonight when running now."""
    from voisinage.lib.service_hours import nights_between, service_night

    out = [
        (s.night, int(s.starts_at.timestamp()), int(s.ends_at.timestamp()))
        for s in nights_between(first, last, world.hours)
        if s.ends_at <= now
    ]
    status = service_night(now, world.hours)
    shift = status.shift
    if shift is not None and shift.night > last and shift.starts_at < now - timedelta(minutes=30):
        out.append((shift.night, int(shift.starts_at.timestamp()), int(now.timestamp()) - 300))
    return out


def night_weights(world: World, nights: list[tuple[date, int, int]]) -> list[float]:
    """Like the interventions of each night (the average for a night without any, by hour)."""
    from django.db.models import Count

    from voisinage.field.models import Intervention

    counts = dict(
        Intervention.objects.filter(
            scheme_id=world.scheme_id, night__gte=nights[0][0], night__lte=nights[-1][0]
        )
        .values_list("night")
        .annotate(n=Count("id"))
        .values_list("night", "n")
    )
    mean = (sum(counts.values()) / len(counts)) if counts else 1.0
    return [counts.get(n) or mean * min(1.0, (end - start) / 25_200) for n, start, end in nights]


def random_place(world: World, pick: Picker, rng: random.Random) -> tuple[Any, ...]:
    """(entrance, other kind, label, landlord, neighbourhood, lat, lon)."""
    if rng.random() < 0.92:
        e: EntranceRef = pick(rng)
        return (e.id, "", "", e.landlord_id, e.neighbourhood_id, e.lat, e.lon)
    kind, label, _w = rng.choice(OTHER_PLACES)
    hood = rng.choice(list(world.neighbourhoods))
    _name, _kind, lat, lon = world.neighbourhoods[hood]
    if lat is not None and lon is not None:
        lat, lon = lat + rng.gauss(0, 0.002), lon + rng.gauss(0, 0.003)
    return (None, kind, label, None, hood, lat, lon)


# --- Calls --------------------------------------------------------------------------------------

CALL_COLUMNS = (
    "id", "scheme_id", "event_id", "night", "received_at", "received_by_id", "caller_name",
    "caller_phone", "caller_email", "caller_dwelling", "entrance_id", "other_place_kind",
    "other_place_label", "landlord_id", "neighbourhood_id", "nature_id", "urgency",
    "description", "status", "dispatched_at", "on_site_at", "closed_at", "called_back_at", "team",
    "intervention_id", "idempotency_key", "created_at", "satisfaction",
)  # fmt: skip
STEPS = ("received", "dispatched", "on_site", "closed", "called_back")


def write_calls(
    world: World,
    writer: Writer,
    *,
    first_night: date,
    last_night: date,
    total: int,
    rng: random.Random,
    now: datetime,
) -> Counter[tuple[str, str]]:
    from django.db import transaction

    from voisinage.desk.models import (
        Call,
        CallNature,
        CallStatusChange,
        EmergencyAlert,
        Event,
        SatisfactionSurvey,
    )
    from voisinage.desk.services import call_natures_ensure_defaults
    from voisinage.schemes.models import Scheme

    call_natures_ensure_defaults(scheme=Scheme.objects.get(pk=world.scheme_id))
    natures = dict(
        CallNature.objects.filter(scheme_id=world.scheme_id, retired_at__isnull=True).values_list(
            "code", "pk"
        )
    )
    nature = Picker(list(natures), [NATURE_WEIGHTS.get(c, 3) for c in natures])
    labels = dict(CallNature.objects.filter(pk__in=natures.values()).values_list("code", "label"))
    call_cols = checked(Call, CALL_COLUMNS)
    event_cols = checked(
        Event, ("id", "scheme_id", "night", "landlord_id", "neighbourhood_id", "created_at")
    )
    change_cols = ("call_id", "status", "at", "user_id", "note")
    checked(CallStatusChange, ("id", *change_cols))
    alert_cols = ("call_id", "service", "at", "user_id")
    checked(EmergencyAlert, ("id", *alert_cols))
    survey_cols: tuple[str, ...] = ("call_id", "nonce", "link_sent_at", "channel", "quick")
    survey_cols += ("solved", "satisfied", "answered_at")
    checked(SatisfactionSurvey, ("id", *survey_cols))
    nights = service_nights(world, first_night, last_night, now)
    if not nights or total <= 0:
        return Counter()
    volumes = spread(night_weights(world, nights), total)
    recent = {n for n, _s, _e in nights[-3:]}
    final_night = nights[-1][0]
    ts = writer.timestamp_formatter()
    pick = entrance_picker(world, rng)
    now_s = int(now.timestamp())
    call_id, event_id = next_id(Call), next_id(Event)
    counts: Counter[tuple[str, str]] = Counter()
    rows: dict[str, list[tuple[Any, ...]]] = {k: [] for k in ("e", "c", "t", "a", "s")}

    def flush() -> None:
        with transaction.atomic():
            writer.write(Event._meta.db_table, event_cols, rows["e"])
            writer.write(Call._meta.db_table, call_cols, rows["c"])
            writer.write(CallStatusChange._meta.db_table, change_cols, rows["t"])
            writer.write(EmergencyAlert._meta.db_table, alert_cols, rows["a"])
            writer.write(SatisfactionSurvey._meta.db_table, survey_cols, rows["s"])
        for bucket in rows.values():
            bucket.clear()

    for (night, start, end), volume in zip(nights, volumes, strict=True):
        supervisor = rng.choice(world.supervisors)
        team = rng.sample(world.agents, min(2, len(world.agents)))
        times = sorted(start + int((end - start - 300) * rng.random()) for _ in range(volume))
        previous: tuple[Any, ...] | None = None
        for received in times:
            code = nature(rng)
            if previous is not None and rng.random() < 0.1:  # another caller, same event
                place, eid = previous
            else:
                place, eid = random_place(world, pick, rng), event_id
                event_id += 1
                rows["e"].append((eid, world.scheme_id, night, place[3], place[4], ts(received)))
            previous = (place, eid)
            # How far the call got: older nights are done, recent ones still open.
            if night == final_night:
                reached = rng.choices(range(5), (20, 20, 15, 20, 25))[0]
            elif night in recent:
                reached = 3 if rng.random() < 0.25 else 4
            else:
                reached = 3 if rng.random() < 0.05 else 4
            on_phone = rng.random() < 0.25  # closed without a dispatch
            path = ["received"] + (["closed", "called_back"] if on_phone else list(STEPS[1:]))
            path = path[: ((0, 0, 0, 1, 2)[reached] if on_phone else reached) + 1]
            moments, at = [received], received
            for _step in path[1:]:
                at += rng.randint(4, 40) * 60
                if at >= now_s - 60:
                    break
                moments.append(at)
            path = path[: len(moments)]
            when = dict(zip(path, moments, strict=True))
            status = path[-1]
            counts[(code, status)] += 1
            dispatched = "dispatched" in when
            answers = None  # the survey taken at the callback, copied onto the call
            if status == "called_back" and rng.random() < 0.3:
                answers = [rng.choices(("yes", "partly", "no"), (7, 2, 1))[0] for _ in range(3)]
            rows["c"].append(
                (
                    call_id, world.scheme_id, eid, night, ts(received), supervisor,
                    f"Appelant {call_id}", f"06 00 {call_id // 10000 % 100:02d} "
                    f"{call_id // 100 % 100:02d} {call_id % 100:02d}", "",
                    f"{rng.randint(1, 12)}{rng.choice('ABCD')}" if place[0] else "",
                    place[0], place[1], place[2], place[3], place[4], natures[code],
                    "urgent" if rng.random() < 0.1 else "normal",
                    f"{labels[code]} (appel simulé).", status,
                    *(ts(when[s]) if s in when else None for s in STEPS[1:]),
                    "Équipe " + "/".join(str(u) for u in team) if dispatched else "",
                    None, None, ts(received), answers[2] if answers else "",
                )
            )  # fmt: skip
            for step, moment in when.items():
                user = team[0] if step == "on_site" else supervisor
                note = rows["c"][-1][23] if step == "dispatched" else ""
                rows["t"].append((call_id, step, ts(moment), user, note))
            if dispatched and rng.random() < 0.05:
                service = rng.choice(("17", "17", "18", "15"))
                rows["a"].append((call_id, service, ts(when["dispatched"] + 60), supervisor))
            if answers:
                back = ts(when["called_back"])
                rows["s"].append((call_id, "", None, "callback", *answers, back))
            call_id += 1
            if len(rows["c"]) >= BATCH:
                flush()
    flush()
    return counts
