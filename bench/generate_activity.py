"""Synthetic phone-desk calls and reports to partners, beside the generated interventions.

    python -m bench.generate --size S                            # interventions first
    python -m bench.generate_activity --calls 5000 --reports 2000  # then calls and reports

``write_calls_and_reports(world, ...)`` is what ``bench.generate`` calls after the interventions;
the command line builds ``besancon_world()`` on an already generated database and writes over
the nights its interventions cover. Rows go through ``bench.generate.Writer`` (executemany on
SQLite, COPY on PostgreSQL) in transactions of a few thousand records, with explicit ids.

Calls (``voisinage.desk``): the scheme's default natures (``call_natures_ensure_defaults``);
spread over the nights like the interventions (busy Fridays and Saturdays); the status timeline
as the services write it (received → dispatched → on site → closed → called back, or closed on
the phone), the copied moments on the call, one event per call (about one call in ten joins the
previous call's event), a few emergency alerts and callback surveys. Older nights are done; the
last night keeps open calls so that the supervisor's board has something to show, and when the
service is running now (tonight is after ``last_night``) tonight gets open calls too, received
before now. Dispatched calls have no linked pending intervention (the generator's interventions
stay as they are).

Reports (``voisinage.reports``): the default categories and settings (``report_settings_for``),
a routing table if the scheme has none (each landlord's technical and other problems to it, the
public space to the city), each report routed by ``first_matching_rule`` with its due date, its
occurrence and its history (created, routed, sent, the partner's answers with their dates,
closed). Hot-spot entrances get repeated reports and about 8 % are near-duplicates of an open
report (same category, same entrance or < 50 m, within 30 days); a few carry a merged second
occurrence. Callers are invented ("Appelant 123").
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, deque
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bench.common import setup_django
from bench.generate import Picker, World, Writer
from bench.generate_calls import (
    BATCH,
    checked,
    entrance_picker,
    next_id,
    night_weights,
    random_place,
    service_nights,
    spread,
    write_calls,
)
from voisinage.lib import clock

# --- Reports ------------------------------------------------------------------------------------

CATEGORY_WEIGHTS = {
    "eclairage": 14, "ascenseur": 8, "porte-serrure-interphone": 12, "fuite": 4,
    "securite-incendie": 3, "vitre-cassee": 4, "encombrants": 16, "tags": 8, "hygiene": 5,
    "stationnement-abusif": 4, "epave": 2, "hall-cave-squatte": 8, "regroupement": 6,
    "personne-vulnerable": 2, "conflit-voisinage": 3, "espace-public": 5,
}  # fmt: skip
DUPLICATES = 0.08
REPORT_COLUMNS = (
    "id", "scheme_id", "category_id", "status", "urgency", "description", "author_id",
    "created_at", "entrance_id", "place_label", "landlord_id", "neighbourhood_id", "lat", "lon",
    "recipient_id", "routing_rule_id", "due_on", "sent_at", "planned_for", "answered_at",
    "closed_at", "last_reminded_on", "escalated_on", "answer_seq", "first_answered_at",
)  # fmt: skip
OCCURRENCE_COLUMNS = (
    "id", "report_id", "at", "author_id", "source", "intervention_id", "description", "urgency",
    "entrance_id", "place_label", "neighbourhood_id", "lat", "lon", "idempotency_key", "merged",
    "scheme_id",
)  # fmt: skip
EVENT_COLUMNS = (
    "report_id", "at", "kind", "user_id", "organisation_id", "via_link", "rule_id", "rule_label",
    "recipient_id", "planned_for", "comment", "data",
)  # fmt: skip
# Where a routed report ends, by its age in days: (sent, acknowledged, planned, done, not
# ours, closed by the supervisor).
OUTCOMES = ((1, (100, 0, 0, 0, 0, 0)), (7, (40, 35, 10, 15, 0, 0)), (30, (15, 20, 10, 45, 5, 5)))
OLD = (4, 5, 2, 75, 4, 10)


def ensure_routing(scheme_id: int, landlord_ids: set[int]) -> int:
    """A routing table like Besançon's demo one when the scheme has none: each landlord's
    technical problems (5 working days) and everything else at its entrances (10 days) to it,
    cleanliness, parking and public space elsewhere to a member city. Returns the rules made."""
    from voisinage.reports.models import CategoryGroup, PlaceKind, RoutingRule
    from voisinage.reports.services import routing_rule_add
    from voisinage.schemes.models import Scheme
    from voisinage.territory.models import Organisation

    scheme = Scheme.objects.get(pk=scheme_id)
    if RoutingRule.objects.filter(scheme=scheme).exists():
        return 0
    landlords = list(Organisation.objects.filter(pk__in=landlord_ids).order_by("pk"))
    made = 0
    for group, days, working in ((CategoryGroup.TECHNICAL, 5, True), ("", 10, False)):
        for org in landlords:
            made += 1
            routing_rule_add(
                scheme=scheme, author=None, recipient=org, position=10 * made,
                category_group=group,
                place=PlaceKind.HOUSING, landlord=org, deadline_days=days, working_days=working,
                label=f"{'Technique' if group else 'Patrimoine'} — {org.name}",
            )  # fmt: skip
    city = Organisation.objects.filter(scheme_memberships__scheme=scheme, kind="city").first()
    for group in (CategoryGroup.CLEANLINESS, CategoryGroup.PUBLIC_SPACE, CategoryGroup.PARKING):
        if city is not None:
            made += 1
            routing_rule_add(
                scheme=scheme, author=None, recipient=city, position=10 * made,
                category_group=group,
                place=PlaceKind.PUBLIC_SPACE, deadline_days=5, working_days=True,
                label="Espace public — Ville",
            )  # fmt: skip
    return made


def write_reports(
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

    from voisinage.accounts.models import Membership
    from voisinage.reports.deadlines import due_date
    from voisinage.reports.models import Occurrence, Report, ReportEvent, RoutingRule
    from voisinage.reports.selectors import scheme_categories
    from voisinage.reports.services import report_settings_for
    from voisinage.reports.services.routing import first_matching_rule, rule_description
    from voisinage.schemes.models import Scheme

    scheme = Scheme.objects.get(pk=world.scheme_id)
    report_settings_for(scheme)
    ensure_routing(scheme.pk, {e.landlord_id for e in world.entrances})
    rules = list(RoutingRule.objects.filter(scheme=scheme).select_related("category"))
    labels = {r.pk: rule_description(r) for r in rules}
    categories = list(scheme_categories(scheme))
    category = Picker(categories, [CATEGORY_WEIGHTS.get(c.code, 3) for c in categories])
    referents: dict[int, int] = {}
    for org_id, user_id in Membership.objects.filter(
        scheme=scheme, role__code="partner_referent", is_active=True
    ).values_list("organisation_id", "user_id"):
        referents.setdefault(org_id, user_id)
    cols = checked(Report, REPORT_COLUMNS)
    checked(Occurrence, OCCURRENCE_COLUMNS)
    checked(ReportEvent, ("id", *EVENT_COLUMNS))
    nights = service_nights(world, first_night, last_night, now)
    if not nights or total <= 0:
        return Counter()
    volumes = spread(night_weights(world, nights), total)
    ts, pick = writer.timestamp_formatter(), entrance_picker(world, rng)
    now_s, day = int(now.timestamp()), 86_400
    report_id, occurrence_id = next_id(Report), next_id(Occurrence)
    staff = world.agents + world.supervisors
    zone, dues = ZoneInfo(world.hours.time_zone), dict[tuple[date, int], date]()
    recent: deque[tuple[int, Any, tuple[Any, ...]]] = deque()  # (created, category, place)
    counts: Counter[tuple[str, str]] = Counter()
    rows: dict[str, list[tuple[Any, ...]]] = {"r": [], "o": [], "e": []}

    def flush() -> None:
        with transaction.atomic():
            writer.write(Report._meta.db_table, cols, rows["r"])
            writer.write(Occurrence._meta.db_table, OCCURRENCE_COLUMNS, rows["o"])
            writer.write(ReportEvent._meta.db_table, EVENT_COLUMNS, rows["e"])
        for bucket in rows.values():
            bucket.clear()

    for (_night, start, end), volume in zip(nights, volumes, strict=True):
        for created in sorted(start + int((end - start) * rng.random()) for _ in range(volume)):
            while recent and recent[0][0] < created - 29 * day:
                recent.popleft()
            if recent and rng.random() < DUPLICATES:
                _at, cat, place = rng.choice(recent)
                if place[0] is None and place[5] is not None:  # < 50 m away in the street
                    place = (*place[:5], place[5] + rng.uniform(-2e-4, 2e-4), place[6])
            else:
                cat, place = category(rng), random_place(world, pick, rng)
                if place[0] is None:
                    place = (None, "", f"{place[2]} (signalement)", None, *place[4:])
            recent.append((created, cat, place))
            author, supervisor = rng.choice(staff), rng.choice(world.supervisors)
            rule = first_matching_rule(
                rules, category=cat, at_entrance=place[0] is not None,
                landlord_id=place[3], neighbourhood_id=place[4],
            )  # fmt: skip
            recipient = rule.recipient_id if rule else None
            due = None
            if rule is not None:
                key = (datetime.fromtimestamp(created, zone).date(), rule.pk)
                if key not in dues:
                    dues[key] = due_date(key[0], rule.deadline_days, working_days=rule.working_days)
                due = dues[key]
            urgency = (
                "urgent" if cat.code in ("ascenseur", "securite-incendie", "fuite") else "normal"
            )
            text = f"{cat.label} (signalement simulé)."
            events: list[tuple[int, str, Any, Any, Any, str]] = [
                (created, "created", author, None, None, ""),
                (created, "routed", None, None, None, ""),
            ]
            age = (now_s - created) / day
            shares = next((s for limit, s in OUTCOMES if age < limit), OLD)
            outcome = rng.choices(range(6), shares)[0] if recipient else (5 if age > 20 else 0)
            status, sent_at, answered = ("sent" if recipient else "to_route"), None, None
            closed = planned = first_answered = None
            answers = 0
            referent = referents.get(recipient or 0)
            org = recipient
            if recipient:
                sent_at = created + rng.randint(1, 5) * 60
                events.append((sent_at, "sent", None, None, None, ""))
            at = created + rng.randint(10, 30) * 3600
            plan: list[tuple[str, str]] = []
            if outcome in (1, 2, 3):
                plan.append(("acknowledged", "acknowledged"))
            if outcome == 2:
                plan.append(("planned", "planned"))
            if outcome == 3:
                plan.append(("done", "done"))
            if outcome == 4:
                plan.append(("not_ours", "to_route"))
            if outcome == 5:
                plan.append(("closed", "closed"))
            for kind, new_status in plan:
                if at >= now_s - 300:
                    break
                if kind == "closed":
                    events.append((at, kind, supervisor, None, None, "Traité autrement."))
                    closed = at
                else:
                    comment = "Pas de notre ressort." if kind == "not_ours" else ""
                    if kind == "planned":
                        local = datetime.fromtimestamp(at, zone).date()
                        planned = local + timedelta(days=rng.randint(2, 10))
                    events.append((at, kind, referent, org, planned, comment))
                    first_answered = first_answered or at
                    answered = at
                    closed = at if kind == "done" else None
                answers += 1
                status = new_status
                at += rng.randint(1, 5) * day
            counts[(cat.code, status)] += 1
            lat, lon = place[5], place[6]
            rows["r"].append(
                (
                    report_id, scheme.pk, cat.pk, status, urgency, text, author, ts(created),
                    place[0], place[2], place[3], place[4], lat, lon, recipient,
                    rule.pk if rule else None, due.isoformat() if due else None,
                    ts(sent_at) if sent_at else None, planned.isoformat() if planned else None,
                    ts(answered) if answered else None, ts(closed) if closed else None,
                    None, None, answers, ts(first_answered) if first_answered else None,
                )
            )  # fmt: skip
            occurrence = (ts(created), author, "form", None, text, urgency, place[0], place[2])
            rows["o"].append(
                (
                    occurrence_id,
                    report_id,
                    *occurrence,
                    place[4],
                    lat,
                    lon,
                    None,
                    False,
                    world.scheme_id,
                )
            )
            occurrence_id += 1
            if status not in ("done", "closed") and rng.random() < 0.04 and age > 3:
                again = created + rng.randint(1, 3) * day
                rows["o"].append(
                    (occurrence_id, report_id, ts(again), rng.choice(staff), "form", None,
                     "Toujours présent au passage suivant.", urgency, *rows["o"][-1][8:13], None,
                     True, world.scheme_id)
                )  # fmt: skip
                events.append((again, "merged", author, None, None, f"#{occurrence_id}"))
                occurrence_id += 1
            for moment, kind, user, organisation, planned_for, comment in sorted(events):
                data: dict[str, Any] = {}
                if kind == "routed":
                    data = {"due_on": due.isoformat() if due else None}
                elif kind == "sent":
                    data = {"emails": 1}
                elif kind == "merged":
                    data, comment = {"occurrence": int(comment[1:])}, ""
                rows["e"].append(
                    (
                        report_id, ts(moment), kind, user, organisation,
                        kind not in ("created", "routed", "sent", "merged", "closed")
                        and user is None,
                        rule.pk if rule and kind == "routed" else None,
                        (labels[rule.pk] if rule else "no rule matches: to route by hand")
                        if kind == "routed" else "",
                        recipient if kind in ("routed", "sent") else None,
                        planned_for.isoformat() if planned_for else None,
                        comment, json.dumps(data),
                    )
                )  # fmt: skip
            report_id += 1
            if len(rows["r"]) >= BATCH:
                flush()
    flush()
    return counts


def _reset_sequences() -> None:
    from django.core.management.color import no_style
    from django.db import connection

    from voisinage.desk.models import Call, Event
    from voisinage.reports.models import Occurrence, Report

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Event, Call, Report, Occurrence]):
            cursor.execute(sql)


def write_calls_and_reports(
    world: World, *, first_night: date, last_night: date, calls: int, reports: int,
    rng: random.Random,
) -> tuple[int, int]:  # fmt: skip
    """Write ``calls`` calls and ``reports`` reports over the service nights from
    ``first_night`` to ``last_night`` (and tonight's open calls when the service is running);
    prints the counts by status and nature or category; returns (calls, reports)."""
    from django.db import connection

    writer, now = Writer(connection), clock.now()
    started = time.perf_counter()
    by_call = write_calls(
        world, writer, first_night=first_night, last_night=last_night, total=calls, rng=rng,
        now=now,
    )  # fmt: skip
    middle = time.perf_counter()
    by_report = write_reports(
        world, writer, first_night=first_night, last_night=last_night, total=reports, rng=rng,
        now=now,
    )  # fmt: skip
    _reset_sequences()
    done = time.perf_counter()
    n_calls, n_reports = sum(by_call.values()), sum(by_report.values())
    for name, counts, seconds in (
        ("calls", by_call, middle - started),
        ("reports", by_report, done - middle),
    ):
        total = sum(counts.values())
        statuses = Counter[str]()
        kinds = Counter[str]()
        for (kind, status), n in counts.items():
            statuses[status] += n
            kinds[kind] += n
        print(f"{name}: {total:,} in {seconds:.1f} s ({total / max(seconds, 1e-9):,.0f}/s)")
        print("  by status: " + ", ".join(f"{s} {n:,}" for s, n in statuses.most_common()))
        print("  by nature/category: " + ", ".join(f"{k} {n:,}" for k, n in kinds.most_common()))
    return n_calls, n_reports


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate_activity")
    parser.add_argument("--calls", type=int, default=5_000)
    parser.add_argument("--reports", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    setup_django()
    from django.db.models import Max, Min

    from bench.generate import besancon_world
    from voisinage.field.models import Intervention

    world = besancon_world()
    span = Intervention.objects.filter(scheme_id=world.scheme_id).aggregate(
        first=Min("night"), last=Max("night")
    )
    if span["first"] is None:
        print("No intervention: run python -m bench.generate first.", file=sys.stderr)
        return 2
    print(f"nights {span['first']} … {span['last']} (and tonight if the service is running)")
    write_calls_and_reports(
        world, first_night=span["first"], last_night=span["last"], calls=args.calls,
        reports=args.reports, rng=random.Random(f"{args.seed}-activity"),
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
