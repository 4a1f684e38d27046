"""The generator's pure core: targets per week, even nights, least recently visited first,
compact rounds, determinism. No database."""

from collections import Counter, defaultdict
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from voisinage.field.patrols.rotation import (
    Candidate,
    iso_week,
    rotation,
    split_evenly,
    walking_order,
    week_quota,
)

# March 2026: Monday 2 … Tuesday 31; service Monday to Saturday.
MARCH = [date(2026, 3, d) for d in range(1, 32) if date(2026, 3, d).weekday() < 6]
MARCH_WEEKS = {iso_week(date(2026, 3, 2) + timedelta(weeks=w)): 6 for w in range(-1, 5)}


def grid(count, *, seen=None):
    """``count`` entrances on a grid, in residences of four."""
    return [
        Candidate(
            entrance_id=i + 1,
            code=f"E{i + 1:03d}",
            last_seen=(seen or {}).get(i + 1),
            group=f"R{i // 4}",
            lat=47.20 + (i // 20) * 0.001,
            lon=5.94 + (i % 20) * 0.001,
        )
        for i in range(count)
    ]


def by_week(pairs):
    weeks = defaultdict(set)
    for night, entrance in pairs:
        weeks[iso_week(night)].add(entrance)
    return weeks


def test_every_whole_week_reaches_the_target_and_split_weeks_get_their_share():
    pairs = rotation(
        grid(228), month_nights=MARCH, fill_from=MARCH[0], week_nights=MARCH_WEEKS, target=200
    )
    weeks = by_week(pairs)
    # Monday 2 to Saturday 28 March: four whole weeks of six service nights.
    for monday in (date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16), date(2026, 3, 23)):
        assert len(weeks[iso_week(monday)]) == 200
    # Monday 30 and Tuesday 31 March: two nights of six, so 2/6 of the target, rounded up.
    assert len(weeks[iso_week(date(2026, 3, 30))]) == 67
    # Sunday 1 March has no service: the week of 23 February has nothing to do in March.
    assert all(night in MARCH for night, _e in pairs)
    # An entrance is planned at most once a week.
    assert len(pairs) == sum(len(v) for v in weeks.values())


def test_the_week_is_spread_evenly_over_its_service_nights():
    pairs = rotation(
        grid(228), month_nights=MARCH, fill_from=MARCH[0], week_nights=MARCH_WEEKS, target=200
    )
    per_night = Counter(night for night, _e in pairs)
    week = [date(2026, 3, 9) + timedelta(days=d) for d in range(6)]
    assert sorted(per_night[n] for n in week) == [33, 33, 33, 33, 34, 34]
    assert sorted(per_night[n] for n in (date(2026, 3, 30), date(2026, 3, 31))) == [33, 34]


def test_entrances_not_visited_for_the_longest_time_come_first():
    seen = {i: date(2026, 2, 1) + timedelta(days=i) for i in range(1, 11)}
    seen[3] = None  # never visited
    candidates = grid(10, seen=seen)
    pairs = rotation(
        candidates, month_nights=MARCH[:6], fill_from=MARCH[0], week_nights=MARCH_WEEKS, target=4
    )
    assert {e for _n, e in pairs} == {3, 1, 2, 4}
    # The next week takes the next ones, then comes back to the first.
    pairs = rotation(
        candidates, month_nights=MARCH[:18], fill_from=MARCH[0], week_nights=MARCH_WEEKS, target=4
    )
    weeks = by_week(pairs)
    assert weeks[iso_week(date(2026, 3, 2))] == {3, 1, 2, 4}
    assert weeks[iso_week(date(2026, 3, 9))] == {5, 6, 7, 8}
    # Then the last two, and the two walked earliest in the first week.
    first_week = sorted((n, e) for n, e in pairs if n < date(2026, 3, 9))
    assert weeks[iso_week(date(2026, 3, 16))] == {9, 10, first_week[0][1], first_week[1][1]}


def test_kept_entries_count_towards_their_week_and_are_not_planned_twice():
    kept = [(date(2026, 3, 2), 1), (date(2026, 3, 3), 2)]
    pairs = rotation(
        grid(10),
        month_nights=MARCH[:6],
        fill_from=date(2026, 3, 4),
        week_nights=MARCH_WEEKS,
        target=5,
        kept=kept,
    )
    assert all(night >= date(2026, 3, 4) for night, _e in pairs)
    assert len(pairs) == 3
    assert {e for _n, e in pairs}.isdisjoint({1, 2})


def test_each_night_walks_a_compact_area():
    pairs = rotation(
        grid(228), month_nights=MARCH, fill_from=MARCH[0], week_nights=MARCH_WEEKS, target=228
    )
    spots = {c.entrance_id: (c.lat, c.lon) for c in grid(228)}
    per_night = defaultdict(list)
    for night, entrance in pairs:
        per_night[night].append(spots[entrance])
    # The whole area is 0.011° × 0.019°; one night's round stays in a fraction of it.
    for points in per_night.values():
        lats = [p[0] for p in points]
        lons = [p[1] for p in points]
        area = (max(lats) - min(lats) + 0.001) * (max(lons) - min(lons) + 0.001)
        assert area < 0.012 * 0.020 / 2


def test_walking_order_keeps_a_residence_together():
    candidates = [
        Candidate(1, "A1", group="A", lat=47.2000, lon=5.9400),
        Candidate(2, "B1", group="B", lat=47.2100, lon=5.9600),
        Candidate(3, "A2", group="A", lat=47.2003, lon=5.9402),
        Candidate(4, "B2", group="B", lat=47.2101, lon=5.9603),
        Candidate(5, "NOWHERE", group="C"),
    ]
    order = [c.code for c in walking_order(candidates, lambda c: c)]
    assert order.index("A2") - order.index("A1") in (1, -1)
    assert order.index("B2") - order.index("B1") in (1, -1)
    assert order[-1] == "NOWHERE"


def test_the_same_input_gives_the_same_plan_whatever_its_order():
    candidates = grid(120, seen={i: date(2026, 2, i % 28 + 1) for i in range(1, 121, 3)})
    first = rotation(
        candidates, month_nights=MARCH, fill_from=MARCH[0], week_nights=MARCH_WEEKS, target=90
    )
    again = rotation(
        list(reversed(candidates)),
        month_nights=list(reversed(MARCH)),
        fill_from=MARCH[0],
        week_nights=MARCH_WEEKS,
        target=90,
    )
    assert first == again


def test_split_evenly_and_week_quota():
    assert [len(r) for r in split_evenly(list(range(10)), 4)] == [3, 3, 2, 2]
    assert split_evenly([], 3) == [[], [], []]
    assert week_quota(200, 6, 6) == 200
    assert week_quota(200, 2, 6) == 67
    assert week_quota(200, 4, 6) == 134  # 67 + 134 ≥ 200: the two months reach the target
    assert week_quota(200, 0, 0) == 0


@settings(max_examples=60, deadline=None)
@given(
    count=st.integers(min_value=0, max_value=90),
    target=st.integers(min_value=1, max_value=120),
    start=st.integers(min_value=0, max_value=20),
    seen_days=st.lists(st.one_of(st.none(), st.integers(0, 60)), max_size=90),
)
def test_any_plan_meets_the_week_quota_evenly_and_only_on_service_nights(
    count, target, start, seen_days
):
    seen = {
        i + 1: (None if d is None else date(2026, 1, 1) + timedelta(days=d))
        for i, d in enumerate(seen_days[:count])
    }
    candidates = grid(count, seen=seen)
    fill_from = MARCH[start]
    pairs = rotation(
        candidates, month_nights=MARCH, fill_from=fill_from, week_nights=MARCH_WEEKS, target=target
    )
    assert all(night in MARCH and night >= fill_from for night, _e in pairs)
    nights_by_week = defaultdict(list)
    for night in MARCH:
        nights_by_week[iso_week(night)].append(night)
    weeks = by_week(pairs)
    per_night = Counter(night for night, _e in pairs)
    for week, nights in nights_by_week.items():
        to_fill = [n for n in nights if n >= fill_from]
        if not to_fill:
            assert not weeks.get(week)
            continue
        expected = min(count, week_quota(target, len(nights), 6))
        assert len(weeks.get(week, set())) == expected
        sizes = [per_night[n] for n in to_fill]
        assert max(sizes) - min(sizes) <= 1
    # Each entrance at most once a week.
    assert sum(per_night.values()) == sum(len(v) for v in weeks.values())
