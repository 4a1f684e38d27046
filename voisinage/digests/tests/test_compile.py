from datetime import date

import pytest

from voisinage.digests.compile import changes_between, compile_night, reading_for
from voisinage.digests.tests.conftest import at, record
from voisinage.field.models import Origin


def test_the_night_holds_its_interventions_in_order_after_midnight_included(scripted_night):
    cast = scripted_night.cast
    content = compile_night(cast.scheme, scripted_night.night)
    assert [line["arrival"] for line in content["interventions"]] == [
        "19:05",
        "21:10",
        "23:50",
        "00:30",
    ]
    late = content["interventions"][1]
    assert late["departure"] == "21:40"
    assert late["landlord"] == "Habitat Nord"
    assert late["neighbourhood"] == "Les Prés"
    assert late["behaviour"] == ["Regroupement dans un hall"]
    assert late["actions"] == ["Dialogue"]
    assert late["people"] == {"adults": 0, "young_people": 4, "minors": 0}
    assert content["shift"]["start"].startswith("2025-06-14T18:00")
    assert content["shift"]["end"].startswith("2025-06-15T01:00")


def test_whole_night_statistics_count_each_intervention_once_per_code(scripted_night):
    cast = scripted_night.cast
    reading = reading_for(
        compile_night(cast.scheme, scripted_night.night), cast.city_officer, cast.scheme.pk
    )
    assert reading.whole
    stats = {k: dict(v) for k, v in reading.stats.items()}
    assert stats["origin"] == {
        str(Origin.PATROL.label): 2,
        str(Origin.PHONE_CALL.label): 1,
        str(Origin.OWN_INITIATIVE.label): 1,
    }
    assert stats["landlord"] == {"Habitat Nord": 2, "Logis Sud": 1}
    assert sum(stats["climate"].values()) == 4
    assert sum(stats["neighbourhood"].values()) == 4


def test_a_landlord_reads_only_its_entrances_and_never_a_sensitive_narrative(scripted_night):
    cast = scripted_night.cast
    content = compile_night(cast.scheme, scripted_night.night)
    north = reading_for(content, cast.north_referent, cast.scheme.pk)
    assert {line["id"] for line in north.interventions} == {
        scripted_night.north_late.pk,
        scripted_night.north_sensitive.pk,
    }
    assert not north.whole
    sensitive = next(i for i in north.interventions if i["id"] == scripted_night.north_sensitive.pk)
    assert sensitive["narrative"] is None
    assert dict(north.stats["landlord"]) == {"Habitat Nord": 2}
    south = reading_for(content, cast.south_referent, cast.scheme.pk)
    assert [line["id"] for line in south.interventions] == [scripted_night.south.pk]
    # Its ambiance is computed from its own lines: Centre also had Habitat Nord's orange
    # intervention, which Logis Sud neither sees nor counts.
    assert [
        (a["neighbourhood"], a["interventions"], a["level"]) for a in south.content["ambiance"]
    ] == [("Centre", 1, "green")]


def test_the_operator_reads_the_sensitive_narrative(scripted_night):
    cast = scripted_night.cast
    content = compile_night(cast.scheme, scripted_night.night)
    reading = reading_for(content, cast.supervisor, cast.scheme.pk)
    sensitive = next(i for i in reading.interventions if i["sensitive"])
    assert sensitive["narrative"].startswith("Mme X.")


def test_another_schemes_partner_reads_nothing(scripted_night):
    cast = scripted_night.cast
    reading = reading_for(
        compile_night(cast.scheme, scripted_night.night), cast.other_partner, cast.scheme.pk
    )
    assert reading.interventions == []
    assert reading.content["ambiance"] == []


@pytest.mark.parametrize(
    ("night", "times", "expected"),
    [
        # Autumn change (Sunday 26 October 2025, 03:00 → 02:00): winter hours 17:00–00:00.
        (date(2025, 10, 25), [(25, 17, 5, 10), (25, 23, 55, 10), (26, 0, 20, 10)], 3),
        # Spring change (Sunday 29 March 2026, 02:00 → 03:00).
        (date(2026, 3, 28), [(28, 17, 30, 3), (28, 23, 59, 3)], 2),
    ],
    ids=["autumn-dst", "spring-dst"],
)
def test_a_night_across_a_clock_change_counts_exactly_its_interventions(
    cast, night, times, expected
):
    from voisinage.field.logbook.services import field_codes_ensure_defaults

    field_codes_ensure_defaults(scheme=cast.scheme)
    for day, hour, minute, month in times:
        record(cast, at(day, hour, minute, month=month, year=night.year))
    record(cast, at(night.day + 1, 18, 0, month=night.month, year=night.year))  # next night
    content = compile_night(cast.scheme, night)
    assert len(content["interventions"]) == expected


def test_changes_between_versions_name_added_removed_and_corrected_lines(scripted_night):
    cast = scripted_night.cast
    before = compile_night(cast.scheme, scripted_night.night)
    scripted_night.public.delete()
    scripted_night.south.narrative = "Ampoule remplacée par le gardien."
    scripted_night.south.save()
    added = record(cast, at(14, 22, 0), climate="green")
    changes = {
        c["id"]: c
        for c in changes_between(before, compile_night(cast.scheme, scripted_night.night))
    }
    assert changes[added.pk]["change"] == "added"
    assert changes[scripted_night.south.pk] == {
        "id": scripted_night.south.pk,
        "change": "changed",
        "fields": ["narrative"],
        "arrival": "19:05",
        "place": changes[scripted_night.south.pk]["place"],
    }
    removed = [c for c in changes.values() if c["change"] == "removed"]
    assert [c["arrival"] for c in removed] == ["23:50"]
