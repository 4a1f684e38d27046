"""Weekly coverage on a hand-built logbook, with exact numbers.

Rivebourg in ISO week 2026-W10 (Monday 2 – Sunday 8 March 2026, winter hours 17:00–00:00,
Monday to Saturday). The plan of March covers Les Prés and Centre with a target of 4 entrances a
week. The logbook:

* HN-1 (Les Prés, Habitat Nord): patrols on Tuesday 3 and Wednesday 4 March → visited once;
* HN-2 (Les Prés, Habitat Nord): patrols on 24 February, at 00:30 on Saturday 7 March (Friday's
  night) and on 10 March (next week) → visited;
* HN-3 (Centre, Habitat Nord): a patrol at 00:30 on Monday 2 March, which belongs to Sunday
  1 March, the previous ISO week → not visited, last patrol one week before;
* LS-1 (Centre, Logis Sud): a phone call on 3 March and a patrol on Thursday 5 March → visited;
* LS-2 (Centre, Logis Sud): a patrol on 10 February → three weeks since;
* LS-3 (Centre, Logis Sud): never patrolled;
* LS-9 (Centre, Logis Sud, inactive): a patrol this week, ignored;
* AU-1 (Autreville): a patrol this week, another scheme.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from voisinage.factories import EntranceFactory, UserFactory, grant
from voisinage.field.logbook.services import intervention_record
from voisinage.field.models import Origin, PatrolPlan, PatrolPlanEntry
from voisinage.field.patrols.coverage import (
    coverage_points,
    stale_entrances,
    week_coverage,
    weeks_since,
)
from voisinage.schemes.selectors import scheme_service_hours

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = pytest.mark.time_sensitive

PARIS = ZoneInfo("Europe/Paris")
MONDAY = date(2026, 3, 2)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def record(scheme, author, entrance, moment, origin=Origin.PATROL):
    return intervention_record(
        scheme=scheme, author=author, entrance=entrance, started_at=moment, origin=origin
    )[0]


@pytest.fixture
def logbook(cast):
    scheme, agent = cast.scheme, cast.agent
    hn1, hn2, hn3 = cast.north_entrances
    ls1, ls2 = cast.south_entrances
    ls3 = EntranceFactory.create(neighbourhood=cast.centre, landlord=cast.south, code="LS-3")
    ls9 = EntranceFactory.create(
        neighbourhood=cast.centre, landlord=cast.south, code="LS-9", is_active=False
    )
    record(scheme, agent, hn1, at(date(2026, 3, 3), 20))
    record(scheme, agent, hn1, at(date(2026, 3, 4), 21))
    record(scheme, agent, hn2, at(date(2026, 2, 24), 19))
    record(scheme, agent, hn2, at(date(2026, 3, 7), 0, 30))
    record(scheme, agent, hn2, at(date(2026, 3, 10), 18))
    record(scheme, agent, hn3, at(date(2026, 3, 2), 0, 30))
    record(scheme, agent, ls1, at(date(2026, 3, 3), 22), origin=Origin.PHONE_CALL)
    record(scheme, agent, ls1, at(date(2026, 3, 5), 18, 30))
    record(scheme, agent, ls2, at(date(2026, 2, 10), 19))
    record(scheme, agent, ls9, at(date(2026, 3, 3), 19))
    other_agent = UserFactory.create(username="autre-agent")
    grant(other_agent, cast.other_scheme, cast.other_scheme.operator, "agent")
    record(cast.other_scheme, other_agent, cast.other_entrance, at(date(2026, 3, 3), 19))
    plan = PatrolPlan.objects.create(
        scheme=scheme, month=date(2026, 3, 1), weekly_target=4, created_by=cast.supervisor
    )
    plan.neighbourhoods.set([cast.pres, cast.centre])
    for night, entrance in [
        (date(2026, 3, 3), hn1),
        (date(2026, 3, 6), hn1),
        (date(2026, 3, 6), hn2),
        (date(2026, 3, 5), ls1),
        (date(2026, 3, 4), ls2),
        (date(2026, 3, 10), ls3),  # next week
    ]:
        PatrolPlanEntry.objects.create(plan=plan, night=night, entrance=entrance)
    cast.ls3 = ls3
    return cast


def lines_of(result):
    return {
        line.name: (line.entrances, line.target, line.planned, line.visited, line.not_visited)
        for line in result.lines
    }


def test_the_week_counts_entrances_visited_planned_and_stale_per_neighbourhood(logbook):
    hours = scheme_service_hours(logbook.scheme)
    result = week_coverage(logbook.supervisor, logbook.scheme, hours, monday=MONDAY, weeks=4)
    # (entrances, target, planned, visited, not visited for 4 weeks)
    assert lines_of(result) == {"Les Prés": (2, 1, 2, 2, 0), "Centre": (4, 3, 2, 1, 1)}
    total = result.total
    assert (total.entrances, total.target, total.planned, total.visited, total.not_visited) == (
        6,
        4,
        4,
        3,
        1,
    )
    assert result.plan is not None
    assert result.label == "2026-W10"
    assert result.total.rate == 50


def test_the_number_of_weeks_decides_which_entrances_are_stale(logbook):
    hours = scheme_service_hours(logbook.scheme)

    def stale(weeks):
        qs = stale_entrances(logbook.supervisor, logbook.scheme, hours, monday=MONDAY, weeks=weeks)
        return [(e.code, e.last_night) for e in qs]

    # Never visited first, then the longest unvisited.
    assert stale(1) == [
        ("LS-3", None),
        ("LS-2", date(2026, 2, 10)),
        ("HN-3", date(2026, 3, 1)),
    ]
    assert stale(3) == [("LS-3", None), ("LS-2", date(2026, 2, 10))]
    assert stale(4) == [("LS-3", None)]
    counts = {
        weeks: week_coverage(
            logbook.supervisor, logbook.scheme, hours, monday=MONDAY, weeks=weeks
        ).total.not_visited
        for weeks in (1, 3, 4)
    }
    assert counts == {1: 3, 3: 2, 4: 1}


def test_later_patrols_do_not_count_when_looking_at_a_past_week(logbook):
    hours = scheme_service_hours(logbook.scheme)
    points = {
        p.code: (p.last_night, p.weeks_since)
        for p in coverage_points(logbook.supervisor, logbook.scheme, hours, monday=MONDAY)
    }
    assert points == {
        "HN-1": (date(2026, 3, 4), 0),
        "HN-2": (date(2026, 3, 6), 0),  # 00:30 on Saturday belongs to Friday's night
        "HN-3": (date(2026, 3, 1), 1),  # 00:30 on Monday belongs to Sunday, the week before
        "LS-1": (date(2026, 3, 5), 0),
        "LS-2": (date(2026, 2, 10), 3),
        "LS-3": (None, None),
    }
    next_week = week_coverage(
        logbook.supervisor, logbook.scheme, hours, monday=date(2026, 3, 9), weeks=4
    )
    assert lines_of(next_week)["Les Prés"][3] == 1  # only HN-2, on 10 March
    assert lines_of(next_week)["Centre"][2] == 1  # LS-3 planned on 10 March


def test_weeks_since_counts_whole_iso_weeks():
    assert weeks_since(MONDAY, None) is None
    assert weeks_since(MONDAY, date(2026, 3, 8)) == 0
    assert weeks_since(MONDAY, date(2026, 3, 1)) == 1
    assert weeks_since(MONDAY, date(2026, 2, 23)) == 1
    assert weeks_since(MONDAY, date(2026, 2, 22)) == 2


def test_a_landlord_referent_sees_coverage_of_its_own_entrances_only(logbook):
    hours = scheme_service_hours(logbook.scheme)
    north = week_coverage(logbook.north_referent, logbook.scheme, hours, monday=MONDAY, weeks=1)
    # The target is the plan's (scheme-level); the counts are Habitat Nord's entrances only.
    assert lines_of(north) == {"Les Prés": (2, 1, 2, 2, 0), "Centre": (1, 3, 0, 0, 1)}
    codes = [
        e.code
        for e in stale_entrances(
            logbook.north_referent, logbook.scheme, hours, monday=MONDAY, weeks=1
        )
    ]
    assert codes == ["HN-3"]
    points = coverage_points(logbook.north_referent, logbook.scheme, hours, monday=MONDAY)
    assert sorted(p.code for p in points) == ["HN-1", "HN-2", "HN-3"]
    south = week_coverage(logbook.south_referent, logbook.scheme, hours, monday=MONDAY, weeks=4)
    assert lines_of(south) == {"Centre": (3, 3, 2, 1, 1)}
    pres = week_coverage(logbook.pres_viewer, logbook.scheme, hours, monday=MONDAY, weeks=4)
    assert lines_of(pres) == {"Les Prés": (2, 1, 2, 2, 0)}


def test_the_coverage_page_shows_the_numbers_and_the_stale_list(logbook, client):
    client.force_login(logbook.supervisor)
    url = reverse("field:coverage", args=["rivebourg"])
    response = client.get(url, {"semaine": "2026-W10", "semaines": "3"})
    assert response.status_code == 200
    result = response.context["coverage"]
    assert (result.total.visited, result.total.target, result.total.not_visited) == (3, 4, 2)
    assert [e.code for e in response.context["stale"]] == ["LS-3", "LS-2"]
    assert response.context["stale"][1].weeks_since == 3
    body = response.content.decode()
    assert 'data-testid="kpi-visited">3<' in body
    assert "2026-W10" in body


def test_the_coverage_page_of_a_landlord_referent_lists_only_its_entrances(logbook, client):
    client.force_login(logbook.north_referent)
    response = client.get(
        reverse("field:coverage", args=["rivebourg"]), {"semaine": "2026-W10", "semaines": "1"}
    )
    body = response.content.decode()
    assert "HN-3" in body
    for code in ("LS-1", "LS-2", "LS-3"):
        assert code not in body


def test_the_coverage_page_explains_bad_filters_and_shows_this_week(logbook, client):
    client.force_login(logbook.supervisor)
    url = reverse("field:coverage", args=["rivebourg"])
    response = client.get(url, {"semaine": "mars", "semaines": "99"})
    assert response.status_code == 200
    assert len(list(response.context["messages"])) == 2
    assert response.context["weeks"] == 4
    # A neighbourhood outside the perimeter is as unknown as a missing one.
    client.force_login(logbook.south_referent)
    assert client.get(url, {"quartier": logbook.pres.pk}).status_code == 404


def test_the_coverage_api_gives_target_visited_and_stale_entrances(logbook, client):
    client.force_login(logbook.supervisor)
    url = reverse("api:patrol_coverage", args=["rivebourg"])
    data = client.get(url, {"week": "2026-W10", "weeks": 3}).json()
    assert data["week"] == "2026-W10"
    assert data["monday"] == "2026-03-02"
    assert data["plan"] == "2026-03"
    assert len(data["service_nights"]) == 6
    by_name = {line["neighbourhood"]["name"]: line for line in data["neighbourhoods"]}
    centre = by_name["Centre"]
    assert (centre["target"], centre["planned"], centre["visited"]) == (3, 2, 1)
    assert centre["not_visited_count"] == 2
    assert [(e["code"], e["weeks_since"]) for e in centre["not_visited"]] == [
        ("LS-3", None),
        ("LS-2", 3),
    ]
    assert data["total"]["visited"] == 3
    filtered = client.get(url, {"week": "2026-W10", "neighbourhood": logbook.pres.pk}).json()
    assert [line["neighbourhood"]["name"] for line in filtered["neighbourhoods"]] == ["Les Prés"]
    assert client.get(url, {"week": "2026-13"}).status_code == 422
    assert client.get(url, {"weeks": 0}).status_code == 422


def test_the_coverage_api_and_map_follow_the_perimeter(logbook, client):
    client.force_login(logbook.north_referent)
    data = client.get(
        reverse("api:patrol_coverage", args=["rivebourg"]), {"week": "2026-W10", "weeks": 1}
    ).json()
    listed = [e["code"] for line in data["neighbourhoods"] for e in line["not_visited"]]
    assert listed == ["HN-3"]
    assert data["total"]["entrances"] == 3
    geo = client.get(
        reverse("api:patrol_coverage_geojson", args=["rivebourg"]), {"week": "2026-W10"}
    ).json()
    assert sorted(f["properties"]["code"] for f in geo["features"]) == ["HN-1", "HN-2", "HN-3"]
    hn3 = next(f for f in geo["features"] if f["properties"]["code"] == "HN-3")
    assert hn3["properties"] == {
        "code": "HN-3",
        "address": logbook.north_entrances[2].address,
        "landlord": "Habitat Nord",
        "neighbourhood": "Centre",
        "last_visit": "2026-03-01",
        "weeks_since": 1,
    }


def _grow(cast, count):
    """More entrances, each with patrols: the query count must not follow."""
    for i in range(count):
        entrance = EntranceFactory.create(
            neighbourhood=cast.pres, landlord=cast.north, code=f"HN-X{i:02d}"
        )
        record(cast.scheme, cast.agent, entrance, at(date(2026, 3, 3), 18, i))
        record(cast.scheme, cast.agent, entrance, at(date(2026, 2, 17), 18, i))


def test_coverage_makes_the_same_few_queries_however_many_entrances(logbook, client):
    client.force_login(logbook.supervisor)
    urls = [
        reverse("field:coverage", args=["rivebourg"]) + "?semaine=2026-W10",
        reverse("api:patrol_coverage", args=["rivebourg"]) + "?week=2026-W10",
        reverse("api:patrol_coverage_geojson", args=["rivebourg"]) + "?week=2026-W10",
    ]

    def counts():
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    before = counts()
    _grow(logbook, 25)
    assert counts() == before


def test_coverage_pages_stay_within_a_fixed_query_budget(
    logbook, client, django_assert_max_num_queries
):
    _grow(logbook, 25)
    client.force_login(logbook.north_referent)
    # The page's budget leaves room for the other apps' navigation entries.
    with django_assert_max_num_queries(25):
        client.get(reverse("field:coverage", args=["rivebourg"]), {"semaine": "2026-W10"})
    with django_assert_max_num_queries(15):
        client.get(reverse("api:patrol_coverage", args=["rivebourg"]), {"week": "2026-W10"})
    with django_assert_max_num_queries(10):
        client.get(reverse("api:patrol_coverage_geojson", args=["rivebourg"]))
