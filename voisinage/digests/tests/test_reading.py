"""What each reader gets of what a version stores, beyond the lines: who was on duty, the
changes since the previous version, the ambiance; through the page, the API and the e-mail."""

from __future__ import annotations

import pytest
from django.urls import reverse

from voisinage.digests.compile import FORMAT, compile_night, reading_for, version_reading
from voisinage.digests.services import digest_dispatch
from voisinage.digests.tests.conftest import at, record
from voisinage.field.models import DutyAssignment

NIGHT_URL = "2025-06-14"


@pytest.fixture
def on_duty(scripted_night):
    cast = scripted_night.cast
    for person, position in ((cast.agent, "agent"), (cast.supervisor, "supervisor")):
        DutyAssignment.objects.create(
            scheme=cast.scheme, night=scripted_night.night, user=person, position=position
        )
    return scripted_night


def test_who_was_on_duty_is_read_as_the_rota_is(on_duty):
    cast = on_duty.cast
    content = compile_night(cast.scheme, on_duty.night)
    assert content["format"] == FORMAT
    names = ["Sonia", "Yanis"]
    for user in (cast.supervisor, cast.centre_supervisor, cast.admin):
        reading = reading_for(content, user, cast.scheme.pk)
        assert sorted(s["name"] for s in reading.content["staff"]) == names
    for user in (cast.north_referent, cast.city_officer, cast.pres_viewer):
        reading = reading_for(content, user, cast.scheme.pk)
        assert reading.content["staff"] == []
        assert reading.staff_count == 2  # the staffing level, without names


def test_the_duty_list_is_cut_in_the_page_and_the_api(
    on_duty, client, django_capture_on_commit_callbacks
):
    cast = on_duty.cast
    with django_capture_on_commit_callbacks(execute=True):
        digest_dispatch(scheme=cast.scheme, night=on_duty.night, now=at(15, 7, 30))
    client.force_login(cast.north_referent)
    page = client.get(reverse("digests:detail", args=["rivebourg", NIGHT_URL]))
    assert "Yanis" not in page.content.decode()
    assert "2 personnes" in page.content.decode()
    data = client.get(reverse("api:get_digest", args=["rivebourg", NIGHT_URL])).json()
    assert data["staff"] == []
    assert data["staff_count"] == 2
    client.force_login(cast.supervisor)
    data = client.get(reverse("api:get_digest", args=["rivebourg", NIGHT_URL])).json()
    assert sorted(s["name"] for s in data["staff"]) == ["Sonia", "Yanis"]


def test_a_version_compiled_before_staff_lines_had_ids_shows_them_to_rota_readers_only(on_duty):
    cast = on_duty.cast
    content = compile_night(cast.scheme, on_duty.night)
    legacy = {
        **content,
        "format": 1,
        "staff": [{k: v for k, v in s.items() if k != "id"} for s in content["staff"]],
    }
    assert len(reading_for(legacy, cast.supervisor, cast.scheme.pk).content["staff"]) == 2
    assert reading_for(legacy, cast.south_referent, cast.scheme.pk).content["staff"] == []


def test_the_changes_of_a_correction_are_cut_to_each_reader(
    scripted_night, client, mailoutbox, django_capture_on_commit_callbacks
):
    cast = scripted_night.cast
    with django_capture_on_commit_callbacks(execute=True):
        digest_dispatch(scheme=cast.scheme, night=scripted_night.night, now=at(15, 7, 30))
    # Late entries at Habitat Nord's HN-2 (Les Prés) and corrections at Logis Sud's LS-1.
    record(cast, at(14, 22, 20), entrance=cast.north_entrances[1], climate="green")
    scripted_night.south.narrative = "Ampoule remplacée."
    scripted_night.south.save()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        version = digest_dispatch(scheme=cast.scheme, night=scripted_night.night, now=at(15, 9))
    assert version.number == 2
    hn2 = cast.north_entrances[1].address
    ls1 = cast.south_entrances[0].address
    places = {c["place"] for c in version.changes}
    assert places == {hn2, ls1}
    south = version_reading(version, cast.south_referent)
    assert [c["place"] for c in south.changes] == [ls1]
    north = version_reading(version, cast.north_referent)
    assert [c["place"] for c in north.changes] == [hn2]
    assert {c["place"] for c in version_reading(version, cast.city_officer).changes} == places
    # The page, the API and the e-mail say the same.
    client.force_login(cast.south_referent)
    page = client.get(reverse("digests:detail", args=["rivebourg", NIGHT_URL])).content.decode()
    assert ls1 in page
    assert hn2 not in page
    data = client.get(reverse("api:get_digest", args=["rivebourg", NIGHT_URL])).json()
    assert [c["place"] for c in data["changes"]] == [ls1]
    mail = next(m for m in mailoutbox if m.to == [cast.south_referent.email])
    assert ls1 in mail.body
    assert hn2 not in mail.body
    assert hn2 not in mail.alternatives[0][0]


def test_the_ambiance_as_compiled_is_for_whole_scheme_grants_only(scripted_night):
    """Habitat Nord reads its own lines' ambiance even on a night where every line is its own:
    the compiled ambiance carries a trend over nights the landlord did not read."""
    cast = scripted_night.cast
    content = compile_night(cast.scheme, scripted_night.night)
    only_north = {
        **content,
        "interventions": [
            line for line in content["interventions"] if line["landlord"] == "Habitat Nord"
        ],
    }
    north = reading_for(only_north, cast.north_referent, cast.scheme.pk)
    assert len(north.interventions) == len(only_north["interventions"])
    assert not north.whole
    assert all(row["trend"] == "" for row in north.content["ambiance"])
    assert reading_for(only_north, cast.city_officer, cast.scheme.pk).whole
