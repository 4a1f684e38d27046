from datetime import date

import pytest
from django.core.exceptions import ValidationError

from voisinage.digests.ambiance import ambiance, level_from_counts, period_bounds
from voisinage.digests.services import ambiance_override
from voisinage.digests.tests.conftest import at, record


@pytest.mark.parametrize(
    ("counts", "level"),
    [
        ((0, 0, 0, 0), ""),
        ((5, 0, 0, 0), "green"),
        ((5, 1, 0, 0), "yellow"),
        ((3, 2, 0, 0), "yellow"),  # 2 yellow: fewer than 3
        ((3, 3, 0, 0), "orange"),  # 3 yellow and half of 6
        ((4, 3, 0, 0), "yellow"),  # 3 yellow but less than half of 7
        ((9, 0, 1, 0), "orange"),
        ((20, 5, 2, 1), "red"),  # a serious incident is never averaged away
    ],
    ids=lambda v: "-".join(map(str, v)) if isinstance(v, tuple) else v or "none",
)
def test_the_level_rule(counts, level):
    assert level_from_counts(*counts) == level


def test_periods_are_calendar_weeks_and_months():
    assert period_bounds("week", date(2025, 6, 14)) == (date(2025, 6, 9), date(2025, 6, 15))
    assert period_bounds("month", date(2024, 2, 10)) == (date(2024, 2, 1), date(2024, 2, 29))


def test_the_nights_ambiance_per_neighbourhood(scripted_night):
    cast = scripted_night.cast
    rows = {
        a.neighbourhood: a
        for a in ambiance(cast.scheme, scripted_night.night, scripted_night.night)
    }
    # Les Prés: two yellow (north_late, public) → yellow; Centre: green + orange → orange.
    assert rows["Les Prés"].level == "yellow"
    assert rows["Les Prés"].counts == {"green": 0, "yellow": 2, "orange": 0, "red": 0}
    assert rows["Centre"].level == "orange"
    assert rows["Centre"].notable == 1  # the orange one, with the police alerted
    # Compared with the night before (one green at Les Prés): worse.
    assert rows["Les Prés"].previous == "green"
    assert rows["Les Prés"].trend == "worse"


def test_the_supervisor_overrides_a_weeks_level_with_a_reason(scripted_night):
    cast = scripted_night.cast
    start, end = period_bounds("week", scripted_night.night)
    ambiance_override(
        scheme=cast.scheme,
        neighbourhood=cast.centre,
        period="week",
        starts_on=start,
        level="red",
        reason="Rixe signalée par la police municipale, non vue par les agents.",
        user=cast.supervisor,
    )
    rows = {a.neighbourhood: a for a in ambiance(cast.scheme, start, end, period="week")}
    assert rows["Centre"].level == "red"
    assert rows["Centre"].computed == "orange"
    assert "Rixe" in rows["Centre"].override_reason


@pytest.mark.parametrize(
    ("level", "reason"), [("purple", "x"), ("red", "  ")], ids=["bad-level", "no-reason"]
)
def test_an_override_needs_a_known_level_and_a_reason(scripted_night, level, reason):
    cast = scripted_night.cast
    with pytest.raises(ValidationError):
        ambiance_override(
            scheme=cast.scheme,
            neighbourhood=cast.centre,
            period="week",
            starts_on=date(2025, 6, 9),
            level=level,
            reason=reason,
            user=cast.supervisor,
        )


def test_a_landlords_ambiance_covers_only_its_perimeter(scripted_night):
    from voisinage.field.models import Intervention
    from voisinage.territory.models import Neighbourhood

    cast = scripted_night.cast
    user = cast.south_referent
    rows = ambiance(
        cast.scheme,
        scripted_night.night,
        scripted_night.night,
        interventions=Intervention.objects.visible_to(user),
        neighbourhoods=Neighbourhood.objects.visible_to(user),
    )
    assert {(a.neighbourhood, a.interventions) for a in rows} == {("Centre", 1)}
    record(cast, at(14, 20), entrance=cast.south_entrances[1], climate="red")
    rows = ambiance(
        cast.scheme,
        scripted_night.night,
        scripted_night.night,
        interventions=Intervention.objects.visible_to(user),
        neighbourhoods=Neighbourhood.objects.visible_to(user),
    )
    assert [(a.neighbourhood, a.level, a.interventions) for a in rows] == [("Centre", "red", 2)]
