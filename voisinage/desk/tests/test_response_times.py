"""Response times: call → on site, call → callback, instruction → handled, per night, week and
month, with counts, medians and 90th percentiles; the page shows them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from voisinage.desk.selectors import Distribution, response_times
from voisinage.desk.services import (
    call_callback,
    call_close,
    call_dispatch,
    call_on_site,
    call_record,
    dispatch_teams,
    instruction_handle,
    instruction_submit,
)
from voisinage.desk.tests.conftest import TUESDAY, nature, paris

pytestmark = pytest.mark.django_db


def test_percentiles_are_nearest_rank():
    assert Distribution.of([]) == Distribution(0, None, None)
    assert Distribution.of([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]) == Distribution(10, 50, 90)
    assert Distribution.of([5]) == Distribution(1, 5, 5)


def handled_call(cast, night: date, minute: int, on_site_after: int, callback_after: int) -> None:
    at = paris(night, 20, minute)
    call, _ = call_record(
        scheme=cast.scheme,
        user=cast.supervisor,
        nature=nature(cast),
        received_at=at,
        entrance=cast.north_entrances[0],
    )
    team = dispatch_teams(cast.scheme, night)[0]
    call = call_dispatch(
        call=call,
        user=cast.supervisor,
        team_label=team.label,
        agent_ids=team.user_ids,
        at=at + timedelta(minutes=1),
    )
    call = call_on_site(call=call, user=cast.agent, at=at + timedelta(minutes=on_site_after))
    call = call_close(call=call, user=cast.supervisor, at=at + timedelta(minutes=on_site_after + 5))
    call_callback(call=call, user=cast.supervisor, at=at + timedelta(minutes=callback_after))


def test_distributions_per_night_and_per_week(desk, django_assert_max_num_queries):
    wednesday = TUESDAY + timedelta(days=1)
    for minute, on_site, callback in ((0, 10, 30), (5, 20, 40), (10, 30, 60)):
        handled_call(desk, TUESDAY, minute, on_site, callback)
    handled_call(desk, wednesday, 0, 8, 20)
    instruction, _ = instruction_submit(
        scheme=desk.scheme,
        user=desk.north_referent,
        landlord=desk.north,
        nature=nature(desk),
        entrance=desk.north_entrances[0],
        at=paris(TUESDAY, 16, 0),
    )
    instruction_handle(
        instruction=instruction, user=desk.supervisor, outcome="Vu.", at=paris(TUESDAY, 21, 0)
    )
    with django_assert_max_num_queries(5):  # the grants (2) and one per measure
        nights = response_times(desk.supervisor, desk.scheme, TUESDAY, wednesday, period="night")
    assert [n.period for n in nights] == [TUESDAY, wednesday]
    assert nights[0].call_to_on_site == Distribution(3, 20, 30)
    assert nights[0].call_to_callback == Distribution(3, 40, 60)
    assert nights[0].instruction_to_handled == Distribution(1, 300, 300)
    assert nights[1].call_to_on_site == Distribution(1, 8, 8)
    [week] = response_times(desk.supervisor, desk.scheme, TUESDAY, wednesday, period="week")
    assert week.period == date(2026, 1, 12)  # the Monday
    assert week.call_to_on_site.count == 4
    [month] = response_times(desk.supervisor, desk.scheme, TUESDAY, wednesday, period="month")
    assert month.period == date(2026, 1, 1)
    # Another landlord's referent sees no call here (perimeter), the city sees them all.
    south = response_times(desk.south_referent, desk.scheme, TUESDAY, wednesday)
    assert south == []
    city = response_times(desk.city_officer, desk.scheme, TUESDAY, wednesday, period="month")
    assert city[0].call_to_on_site.count == 4


def test_the_page_shows_them(desk, client):
    handled_call(desk, TUESDAY, 0, 10, 30)
    client.force_login(desk.city_officer)
    response = client.get(
        reverse("desk:times", args=["rivebourg"]) + "?du=2026-01-01&au=2026-01-31&par=night"
    )
    assert response.status_code == 200
    assert 'data-testid="times"' in response.content.decode()
    bad = client.get(reverse("desk:times", args=["rivebourg"]) + "?du=2026-03-01&au=2026-01-01")
    assert bad.status_code == 200
