"""Demo data of the field app: patrols.

Besançon's monthly patrol plans on Planoise (the scheme's weekly target, 200 of its 228
entrances): every month from six weeks ago to this one is published, next month's is a draft.
The passages of the past six weeks follow the plans, recorded through ``intervention_record``
by the demo agent at plausible times of each night's shift; about one in fourteen is missed,
and a few entrances are skipped for five weeks (a broken door code, a hall under works) so that
the "not visited for N weeks" list has something to show. Tonight's entries are left to do.

Idempotent (plans are matched by month, passages by their idempotency key) and deterministic
(the choices are seeded by the entry).
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction

from voisinage.accounts.models import User
from voisinage.field.logbook.models import Intervention, Origin
from voisinage.field.logbook.services import intervention_record
from voisinage.field.patrols.calendar import add_months, current_night
from voisinage.field.patrols.models import PatrolPlan, PatrolPlanEntry, PlanStatus
from voisinage.field.patrols.rotation import Candidate, walking_order
from voisinage.field.patrols.services import patrol_plan_create, patrol_plan_publish
from voisinage.lib.service_hours import ServiceHours
from voisinage.schemes.models import Scheme
from voisinage.schemes.selectors import scheme_service_hours
from voisinage.territory.models import Neighbourhood

NEIGHBOURHOOD = "Planoise"
WEEKS_BACK = 6
DONE_RATE = 0.93
SKIPPED_ENTRANCES = 5
SKIPPED_WEEKS = 5
KEY_PREFIX = "demo-patrol-"


def _place(entry: PatrolPlanEntry) -> Candidate:
    e = entry.entrance
    return Candidate(e.pk, e.code, None, str(e.residence_id or ""), e.lat, e.lon)


def _walk(
    plan: PatrolPlan,
    agent: User,
    hours: ServiceHours,
    *,
    first: date,
    tonight: date,
    skipped: set[int],
    recorded: set[str],
) -> int:
    """Record the plan's passages of the nights first … yesterday; returns how many."""
    entries = plan.entries.filter(night__gte=first, night__lt=tonight).select_related("entrance")
    by_night: dict[date, list[PatrolPlanEntry]] = defaultdict(list)
    for entry in entries:
        by_night[entry.night].append(entry)
    count = 0
    for night, items in sorted(by_night.items()):
        shift = hours.shift_for(night)
        if shift is None:
            continue
        walk = walking_order(items, _place)
        # The round starts 20 minutes into the shift and ends 20 minutes before its end.
        span = shift.duration - timedelta(minutes=40)
        for position, entry in enumerate(walk):
            key = f"{KEY_PREFIX}{entry.pk}"
            if key in recorded:
                continue
            chance = random.Random(entry.pk)
            if entry.entrance_id in skipped and night >= tonight - timedelta(weeks=SKIPPED_WEEKS):
                continue
            if chance.random() > DONE_RATE:
                continue
            at = (
                shift.starts_at
                + timedelta(minutes=20)
                + span * position / len(walk)
                + timedelta(seconds=chance.randint(0, 180))
            )
            intervention_record(
                scheme=plan.scheme,
                author=agent,
                started_at=at,
                ended_at=at + timedelta(minutes=chance.randint(2, 6)),
                origin=Origin.PATROL,
                entrance=entry.entrance,
                source=entry,
                idempotency_key=key,
            )
            count += 1
    return count


@transaction.atomic
def load() -> str:
    scheme = Scheme.objects.filter(slug="besancon").first()
    hood = Neighbourhood.objects.filter(scheme=scheme, name=NEIGHBOURHOOD).first()
    agent = User.objects.filter(username="agent").first()
    supervisor = User.objects.filter(username="superviseur").first()
    if scheme is None or hood is None or agent is None or supervisor is None:
        return "patrols: no Besançon scenario"
    hours = scheme_service_hours(scheme)
    tonight = current_night(hours)
    first = tonight - timedelta(weeks=WEEKS_BACK)
    this_month = tonight.replace(day=1)
    ids = sorted(hood.entrances.filter(is_active=True).values_list("pk", flat=True))
    chosen = random.Random(2024).sample(ids, min(SKIPPED_ENTRANCES, len(ids)))
    skipped = set(chosen)
    recorded = {
        key
        for key in Intervention.objects.filter(idempotency_key__startswith=KEY_PREFIX).values_list(
            "idempotency_key", flat=True
        )
        if key
    }
    plans = passages = 0
    month = first.replace(day=1)
    while month <= add_months(this_month, 1):
        plan = PatrolPlan.objects.filter(scheme=scheme, month=month).first()
        if plan is None:
            plan = patrol_plan_create(
                scheme=scheme,
                month=month,
                neighbourhood_ids=[hood.pk],
                weekly_target=scheme.weekly_patrol_target or 200,
                created_by=supervisor,
                # As if each plan had been made before its month began.
                today=month if month <= this_month else tonight,
            )
            if month <= this_month:
                plan = patrol_plan_publish(plan=plan, expected_version=plan.version)
            plans += 1
        if plan.status == PlanStatus.PUBLISHED:
            passages += _walk(
                plan,
                agent,
                hours,
                first=first,
                tonight=tonight,
                skipped=skipped,
                recorded=recorded,
            )
        month = add_months(month, 1)
    return f"{plans} patrol plan(s), {passages} passage(s)"
