"""The Besançon demo: plans around this month on Planoise, six weeks of passages following them,
some entrances left unvisited; idempotent."""

from collections import Counter, defaultdict
from datetime import timedelta

import pytest

from voisinage.accounts.models import User
from voisinage.demo.scenario import load_besancon
from voisinage.field.models import Intervention, Origin, PatrolPlan, PlanStatus
from voisinage.field.patrols import demo as demo_patrols
from voisinage.field.patrols.calendar import (
    add_months,
    current_night,
    monday_of,
    month_service_nights,
    weeks_nights_count,
)
from voisinage.field.patrols.coverage import stale_entrances, week_coverage
from voisinage.field.patrols.rotation import iso_week
from voisinage.lib.service_hours import service_night
from voisinage.schemes.selectors import scheme_service_hours
from voisinage.territory.models import Neighbourhood

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = pytest.mark.time_sensitive


def test_the_besancon_demo_patrols_planoise_and_is_idempotent(db):
    """One test: loading the demo takes a while (each passage goes through the logbook
    service)."""
    demo = (load_besancon(), demo_patrols.load())
    plans_planoise_around_this_month(demo)
    passages_follow_the_plans_inside_the_shifts(demo)
    leaves_entrances_unvisited_for_weeks(demo)
    is_idempotent()


def plans_planoise_around_this_month(demo):
    scheme, summary = demo
    hours = scheme_service_hours(scheme)
    tonight = current_night(hours)
    this_month = tonight.replace(day=1)
    plans = {p.month: p for p in PatrolPlan.objects.filter(scheme=scheme)}
    assert add_months(this_month, -1) in plans
    assert plans[this_month].status == PlanStatus.PUBLISHED
    assert plans[add_months(this_month, 1)].status == PlanStatus.DRAFT
    assert {n.name for p in plans.values() for n in p.neighbourhoods.all()} == {"Planoise"}
    # A whole week of this month's plan covers the target of 200 of Planoise's 228 entrances.
    plan = plans[this_month]
    in_month = Counter(iso_week(n) for n in month_service_nights(this_month, hours))
    whole_weeks = weeks_nights_count(this_month, hours)
    weeks = defaultdict(set)
    for night, entrance in plan.entries.values_list("night", "entrance_id"):
        weeks[iso_week(night)].add(entrance)
    for week, nights in in_month.items():
        expected = 200 if nights == whole_weeks[week] else -(-200 * nights // whole_weeks[week])
        assert len(weeks[week]) == expected
    assert "passage" in summary


def passages_follow_the_plans_inside_the_shifts(demo):
    scheme, _summary = demo
    hours = scheme_service_hours(scheme)
    tonight = current_night(hours)
    passages = Intervention.objects.filter(scheme=scheme, origin=Origin.PATROL)
    assert passages.exists()
    assert not passages.filter(night__gte=tonight).exists()  # tonight is left to do
    assert not passages.filter(night__lt=tonight - timedelta(weeks=6)).exists()
    for passage in passages.order_by("?")[:200]:
        status = service_night(passage.started_at, hours)
        assert status.on_duty
        assert status.night == passage.night
        assert passage.source.night == passage.night
        assert passage.source.entrance_id == passage.entrance_id
    planned = sum(
        p.entries.filter(night__gte=tonight - timedelta(weeks=6), night__lt=tonight).count()
        for p in PatrolPlan.objects.filter(scheme=scheme, status=PlanStatus.PUBLISHED)
    )
    assert 0.85 <= passages.count() / planned <= 0.98


def leaves_entrances_unvisited_for_weeks(demo):
    scheme, _summary = demo
    hours = scheme_service_hours(scheme)
    monday = monday_of(current_night(hours))
    supervisor = User.objects.get(username="superviseur")
    planoise = Neighbourhood.objects.get(scheme=scheme, name="Planoise")
    stale = list(
        stale_entrances(
            supervisor, scheme, hours, monday=monday, weeks=4, neighbourhood_ids=[planoise.pk]
        )
    )
    assert 1 <= len(stale) <= 30
    last_week = week_coverage(
        supervisor, scheme, hours, monday=monday - timedelta(weeks=1), weeks=4
    )
    line = next(line for line in last_week.lines if line.name == "Planoise")
    assert (line.entrances, line.target) == (228, 200)
    assert 160 <= line.visited <= 200


def is_idempotent():
    plans = PatrolPlan.objects.count()
    passages = Intervention.objects.count()
    assert demo_patrols.load() == "0 patrol plan(s), 0 passage(s)"
    assert (PatrolPlan.objects.count(), Intervention.objects.count()) == (plans, passages)
