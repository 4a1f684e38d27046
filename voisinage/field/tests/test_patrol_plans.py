"""Plans through the services: the generator on the database (target per week, service nights
only, least recently visited first from the logbook, deterministic, a fixed number of queries)
and the supervisor's edits (versions, publication lock, moves, additions, removals, regeneration).
"""

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from voisinage.factories import EntranceFactory, NeighbourhoodFactory
from voisinage.field.logbook.services import intervention_record
from voisinage.field.models import Origin, PatrolPlan, PatrolPlanEntry, PlanStatus
from voisinage.field.patrols.rotation import iso_week
from voisinage.field.patrols.services import (
    patrol_entries_move,
    patrol_entries_remove,
    patrol_entry_add,
    patrol_plan_create,
    patrol_plan_publish,
    patrol_plan_regenerate,
    patrol_plan_reopen,
)
from voisinage.lib.service_hours import nights_between
from voisinage.schemes.selectors import scheme_service_hours

PARIS = ZoneInfo("Europe/Paris")


pytestmark = pytest.mark.usefixtures("english")


MARCH = date(2026, 3, 1)
BEFORE_MARCH = date(2026, 2, 20)


def patrol(cast, entrance, day, hour=19):
    moment = datetime.combine(day, time(hour), tzinfo=PARIS)
    return intervention_record(
        scheme=cast.scheme,
        author=cast.agent,
        entrance=entrance,
        started_at=moment,
        origin=Origin.PATROL,
    )[0]


@pytest.fixture
def quarter(cast):
    """Thirty entrances in a new neighbourhood, "La Butte", in three residences' areas."""
    butte = NeighbourhoodFactory.create(scheme=cast.scheme, name="La Butte", kind="priority")
    cast.butte = butte
    cast.butte_entrances = [
        EntranceFactory.create(
            neighbourhood=butte,
            landlord=cast.north if i % 2 else cast.south,
            code=f"LB-{i:02d}",
            lat=47.25 + (i // 10) * 0.002,
            lon=6.01 + (i % 10) * 0.001,
        )
        for i in range(30)
    ]
    return cast


def create(cast, *, target=20, today=BEFORE_MARCH, hoods=None, month=MARCH):
    return patrol_plan_create(
        scheme=cast.scheme,
        month=month,
        neighbourhood_ids=[h.pk for h in ([cast.butte] if hoods is None else hoods)],
        weekly_target=target,
        created_by=cast.supervisor,
        today=today,
    )


def pairs_of(plan):
    return sorted(plan.entries.values_list("night", "entrance__code"))


def test_the_generator_covers_the_weekly_target_on_service_nights_only(quarter):
    plan = create(quarter, target=20)
    assert plan.status == PlanStatus.DRAFT
    hours = scheme_service_hours(quarter.scheme)
    service = {s.night for s in nights_between(MARCH, date(2026, 3, 31), hours)}
    weeks = defaultdict(set)
    per_night = Counter()
    for night, code in pairs_of(plan):
        assert night in service, night  # never a Sunday
        weeks[iso_week(night)].add(code)
        per_night[night] += 1
    for monday in (2, 9, 16, 23):
        assert len(weeks[iso_week(date(2026, 3, monday))]) == 20
        nights = [date(2026, 3, monday + d) for d in range(6)]
        assert sorted(per_night[n] for n in nights) == [3, 3, 3, 3, 4, 4]
    # Monday 30 and Tuesday 31: 2 of the week's 6 nights, so 7 entrances (2/6 of 20, rounded up).
    assert len(weeks[iso_week(date(2026, 3, 30))]) == 7
    assert {n.pk for n in plan.neighbourhoods.all()} == {quarter.butte.pk}


def test_the_generator_puts_the_least_recently_visited_entrances_first(quarter):
    entrances = quarter.butte_entrances
    # Twenty entrances patrolled recently, in February; ten never (LB-20 … LB-29) or long ago.
    for i, entrance in enumerate(entrances[:20]):
        patrol(quarter, entrance, date(2026, 2, 2) + timedelta(days=i % 17))
    patrol(quarter, entrances[25], date(2025, 6, 3))
    plan = create(quarter, target=12)
    first_week = {
        code for night, code in pairs_of(plan) if iso_week(night) == iso_week(date(2026, 3, 2))
    }
    # Never visited first, then the oldest patrols: the ten without a February patrol, then the
    # two patrolled on 2 February (LB-00 and LB-17).
    assert first_week == {f"LB-{i:02d}" for i in range(20, 30)} | {"LB-00", "LB-17"}


def test_passages_planned_for_the_rest_of_this_month_count_as_recent(quarter):
    today = date(2026, 2, 23)
    february = create(quarter, target=10, month=date(2026, 2, 1), today=today)
    planned_late = {code for _night, code in pairs_of(february)}
    assert planned_late == {f"LB-{i:02d}" for i in range(10)}  # never visited, by code
    # The March plan is made on 23 February: the February passages still ahead are not in the
    # logbook yet, but they will be walked; March starts with the others.
    march = create(quarter, target=10, today=today)
    first_week = {
        code for night, code in pairs_of(march) if iso_week(night) == iso_week(date(2026, 3, 2))
    }
    assert first_week == {f"LB-{i:02d}" for i in range(10, 20)}


def test_the_generator_is_deterministic(quarter):
    first = pairs_of(create(quarter, target=17))
    PatrolPlan.objects.all().delete()
    assert pairs_of(create(quarter, target=17)) == first


def test_a_plan_made_during_its_month_starts_with_the_current_night(quarter):
    plan = create(quarter, target=12, today=date(2026, 3, 11))
    assert min(night for night, _code in pairs_of(plan)) == date(2026, 3, 11)


def test_generating_a_plan_makes_the_same_number_of_queries_for_any_number_of_entrances(quarter):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            plan = create(quarter, target=20)
        plan.delete()
        return len(captured)

    few = queries()
    for i in range(40):
        EntranceFactory.create(neighbourhood=quarter.butte, landlord=quarter.north, code=f"LZ-{i}")
    assert queries() == few


def test_bad_settings_are_refused_with_nothing_created(quarter):
    with pytest.raises(ValidationError) as error:
        create(quarter, hoods=[])
    assert "neighbourhoods" in error.value.message_dict
    other = NeighbourhoodFactory.create(scheme=quarter.other_scheme, name="Ailleurs")
    with pytest.raises(ValidationError):
        create(quarter, hoods=[other])
    with pytest.raises(ValidationError) as error:
        create(quarter, target=0)
    assert "weekly_target" in error.value.message_dict
    with pytest.raises(ValidationError):
        create(quarter, month=date(2026, 3, 5))
    assert not PatrolPlan.objects.exists()
    create(quarter)
    with pytest.raises(ValidationError) as error:
        create(quarter)
    assert "month" in error.value.message_dict
    assert PatrolPlan.objects.count() == 1


@pytest.fixture
def plan(quarter):
    plan = create(quarter, target=12)
    quarter.plan = plan
    return quarter


def test_a_stale_version_is_refused_and_changes_nothing(plan):
    entry = plan.plan.entries.order_by("night", "pk").first()
    before = pairs_of(plan.plan)
    patrol_plan_publish(plan=plan.plan, expected_version=1)
    with pytest.raises(ValidationError) as error:
        patrol_entries_remove(plan=plan.plan, expected_version=1, entry_ids=[entry.pk])
    assert "version 2" in error.value.messages[0]
    assert pairs_of(plan.plan) == before
    plan.plan.refresh_from_db()
    assert (plan.plan.version, plan.plan.status) == (2, PlanStatus.PUBLISHED)


def test_a_published_plan_is_locked_until_reopened(plan):
    entry = plan.plan.entries.order_by("night", "pk").first()
    published = patrol_plan_publish(plan=plan.plan, expected_version=1)
    with pytest.raises(ValidationError, match="reopen"):
        patrol_entries_remove(plan=published, expected_version=2, entry_ids=[entry.pk])
    with pytest.raises(ValidationError):
        patrol_plan_regenerate(plan=published, expected_version=2)
    assert PatrolPlanEntry.objects.filter(pk=entry.pk).exists()
    reopened = patrol_plan_reopen(plan=published, expected_version=2)
    assert reopened.status == PlanStatus.DRAFT
    patrol_entries_remove(plan=reopened, expected_version=3, entry_ids=[entry.pk])
    assert not PatrolPlanEntry.objects.filter(pk=entry.pk).exists()
    with pytest.raises(ValidationError):
        patrol_plan_reopen(plan=reopened, expected_version=4)


def test_the_supervisor_moves_adds_and_removes_entrances(plan):
    tuesday, wednesday = date(2026, 3, 3), date(2026, 3, 4)
    moving = list(plan.plan.entries.filter(night=tuesday).order_by("pk")[:2])
    patrol_entries_move(
        plan=plan.plan, expected_version=1, entry_ids=[e.pk for e in moving], night=wednesday
    )
    assert set(
        PatrolPlanEntry.objects.filter(pk__in=[e.pk for e in moving]).values_list(
            "night", flat=True
        )
    ) == {wednesday}
    outsider = plan.north_entrances[0]  # not in the plan's neighbourhood: allowed by hand
    patrol_entry_add(
        plan=plan.plan, expected_version=2, night=tuesday, entrance=outsider, team="Équipe 2"
    )
    added = plan.plan.entries.get(entrance=outsider)
    assert (added.night, added.team) == (tuesday, "Équipe 2")
    with pytest.raises(ValidationError, match="HN-1"):
        patrol_entry_add(plan=plan.plan, expected_version=3, night=tuesday, entrance=outsider)
    with pytest.raises(ValidationError) as error:
        patrol_entry_add(
            plan=plan.plan, expected_version=3, night=date(2026, 3, 8), entrance=outsider
        )
    assert "night" in error.value.message_dict  # Sunday: no service
    with pytest.raises(ValidationError):
        patrol_entry_add(
            plan=plan.plan, expected_version=3, night=date(2026, 4, 1), entrance=outsider
        )
    with pytest.raises(ValidationError):
        patrol_entry_add(
            plan=plan.plan, expected_version=3, night=tuesday, entrance=plan.other_entrance
        )
    patrol_entries_remove(plan=plan.plan, expected_version=3, entry_ids=[added.pk])
    assert not plan.plan.entries.filter(entrance=outsider).exists()
    plan.plan.refresh_from_db()
    assert plan.plan.version == 4


def test_moving_onto_a_night_where_the_entrance_is_planned_is_refused(plan):
    entry = plan.plan.entries.filter(night=date(2026, 3, 3)).first()
    patrol_entry_add(
        plan=plan.plan, expected_version=1, night=date(2026, 3, 4), entrance=entry.entrance
    )
    with pytest.raises(ValidationError, match=entry.entrance.code):
        patrol_entries_move(
            plan=plan.plan, expected_version=2, entry_ids=[entry.pk], night=date(2026, 3, 4)
        )
    with pytest.raises(ValidationError):
        patrol_entries_move(
            plan=plan.plan,
            expected_version=2,
            entry_ids=[entry.pk, 999_999],
            night=date(2026, 3, 5),
        )


def test_a_passage_already_recorded_keeps_its_entry(plan):
    entry = plan.plan.entries.filter(night=date(2026, 3, 3)).first()
    patrol(plan, entry.entrance, date(2026, 3, 3), hour=20)
    with pytest.raises(ValidationError, match=entry.entrance.code):
        patrol_entries_remove(plan=plan.plan, expected_version=1, entry_ids=[entry.pk])
    with pytest.raises(ValidationError):
        patrol_entries_move(
            plan=plan.plan, expected_version=1, entry_ids=[entry.pk], night=date(2026, 3, 5)
        )
    assert PatrolPlanEntry.objects.get(pk=entry.pk).night == date(2026, 3, 3)


def test_regenerating_keeps_tonight_earlier_nights_and_recorded_passages(plan):
    today = date(2026, 3, 10)
    kept_before = [p for p in pairs_of(plan.plan) if p[0] <= today]
    done = plan.plan.entries.filter(night=date(2026, 3, 12)).first()
    patrol(plan, done.entrance, date(2026, 3, 12), hour=20)  # recorded ahead, e.g. by mistake
    regenerated = patrol_plan_regenerate(
        plan=plan.plan, expected_version=1, weekly_target=18, today=today
    )
    assert (regenerated.version, regenerated.weekly_target) == (2, 18)
    after = pairs_of(regenerated)
    assert [p for p in after if p[0] <= today] == kept_before
    assert (date(2026, 3, 12), done.entrance.code) in after
    weeks = defaultdict(set)
    for night, code in after:
        weeks[iso_week(night)].add(code)
    # The current week keeps its 12 and gets 6 more; the following weeks get 18.
    assert len(weeks[iso_week(today)]) == 18
    assert len(weeks[iso_week(date(2026, 3, 16))]) == 18


def test_regenerating_may_change_the_neighbourhoods(plan):
    patrol_plan_regenerate(
        plan=plan.plan,
        expected_version=1,
        neighbourhood_ids=[plan.pres.pk],
        weekly_target=2,
        today=date(2026, 2, 20),
    )
    codes = {code for _n, code in pairs_of(plan.plan)}
    assert codes == {"HN-1", "HN-2"}
    assert [n.name for n in plan.plan.neighbourhoods.all()] == ["Les Prés"]
