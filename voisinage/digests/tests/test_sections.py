"""The desk's and the reports' sections of the digest: the night's calls (two calls about one
event count once), instructions, reports; each reader gets only what its perimeter shows, and
never the caller's name."""

from __future__ import annotations

from voisinage.desk.models import CallNature
from voisinage.desk.services.calls import call_record
from voisinage.desk.services.common import call_natures_ensure_defaults
from voisinage.digests.compile import compile_night, reading_for
from voisinage.digests.tests.conftest import at
from voisinage.reports.models import ReportCategory
from voisinage.reports.services.config import report_categories_ensure_defaults
from voisinage.reports.services.reports import Place, report_create


def _sections(reading):
    return {s["key"]: s for s in reading.sections}


def test_calls_instructions_and_reports_join_the_digest_within_each_perimeter(scripted_night):
    cast = scripted_night.cast
    scheme = cast.scheme
    call_natures_ensure_defaults(scheme=scheme)
    nature = CallNature.objects.filter(scheme=scheme).first()
    first, _ = call_record(
        scheme=scheme,
        user=cast.supervisor,
        nature=nature,
        received_at=at(14, 22, 5),
        entrance=cast.north_entrances[0],
        caller_name="Mme Caroline Exemple",
        caller_phone="06 00 00 00 01",
    )
    call_record(
        scheme=scheme,
        user=cast.supervisor,
        nature=nature,
        received_at=at(14, 22, 9),
        entrance=cast.north_entrances[0],
        caller_name="M. Bruno Exemple",
        same_event_as=first,
    )
    call_record(
        scheme=scheme,
        user=cast.supervisor,
        nature=nature,
        received_at=at(14, 23, 30),
        entrance=cast.south_entrances[0],
    )
    report_categories_ensure_defaults(scheme=scheme)
    category = ReportCategory.objects.filter(scheme=scheme).first()
    report_create(
        scheme=scheme,
        author=cast.agent,
        category=category,
        description="Porte du hall qui ne ferme plus.",
        place=Place(entrance=cast.south_entrances[0]),
        at=at(14, 21, 45),
        notify=False,
    )
    content = compile_night(scheme, scripted_night.night)

    whole = _sections(reading_for(content, cast.city_officer, scheme.pk))
    assert len(whole["calls"]["rows"]) == 3
    assert whole["calls"]["count_label"] == "3 appels pour 2 événements"
    assert [r["time"] for r in whole["calls"]["rows"]] == ["22:05", "22:09", "23:30"]
    assert len(whole["reports"]["rows"]) == 1
    assert "Exemple" not in str(content)  # the person never enters the digest

    north = _sections(reading_for(content, cast.north_referent, scheme.pk))
    assert [r["time"] for r in north["calls"]["rows"]] == ["22:05", "22:09"]
    # The count is the reader's: its own calls and events, never the whole night's.
    assert north["calls"]["count_label"] == "2 appels pour 1 événement"
    assert north["reports"]["rows"] == []
    south = _sections(reading_for(content, cast.south_referent, scheme.pk))
    assert [r["time"] for r in south["calls"]["rows"]] == ["23:30"]
    assert south["calls"]["count_label"] == "1 appel pour 1 événement"
    assert len(south["reports"]["rows"]) == 1
    assert _sections(reading_for(content, cast.other_partner, scheme.pk))["calls"]["rows"] == []
