"""Deduplication: open reports of the same category at the same entrance or within 50 m in the
last 30 days are proposed; merging adds an occurrence; splitting undoes a wrong merge. Property
tests: merging and splitting never lose nor double an occurrence."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, OuterRef, Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voisinage.lib import clock
from voisinage.reports.models import EventKind, Occurrence, Report
from voisinage.reports.selectors import duplicate_candidates
from voisinage.reports.services import Place, occurrence_split, report_close, report_create
from voisinage.reports.tests.helpers import WEDNESDAY, make_report

# About 0.00009° of latitude is 10 m.
LAT, LON = 47.2400, 5.9800


def candidates(cast, reporting, code="encombrants", *, entrance=None, lat=LAT, lon=LON, days=0):
    return duplicate_candidates(
        cast.supervisor,
        cast.scheme,
        category=reporting.categories[code],
        entrance_id=entrance.pk if entrance else None,
        lat=lat,
        lon=lon,
        now=WEDNESDAY + timedelta(days=days),
    )


def street(cast, reporting, lat=LAT, lon=LON, code="encombrants", at=WEDNESDAY):
    return make_report(cast, reporting, code, lat=lat, lon=lon, place_label="Rue", at=at).report


def test_a_report_within_50_metres_is_proposed_one_further_away_is_not(cast, reporting):
    near = street(cast, reporting, lat=LAT + 0.0003)  # about 33 m north
    street(cast, reporting, lat=LAT + 0.0006)  # about 67 m north
    street(cast, reporting, lon=LON + 0.0009)  # about 68 m east
    assert [c.pk for c in candidates(cast, reporting)] == [near.pk]


def test_the_same_entrance_is_proposed_whatever_the_position(cast, reporting):
    entrance = cast.north_entrances[0]
    same = make_report(cast, reporting, "encombrants", entrance=entrance).report
    found = candidates(cast, reporting, entrance=entrance, lat=0.0, lon=0.0)
    assert [c.pk for c in found] == [same.pk]


def test_other_categories_closed_and_old_reports_are_not_proposed(cast, reporting):
    street(cast, reporting, code="tags")
    closed = street(cast, reporting)
    report_close(report=closed, user=cast.supervisor)
    street(cast, reporting, at=WEDNESDAY - timedelta(days=31))
    assert candidates(cast, reporting) == []


def test_partners_are_not_proposed_reports_outside_their_perimeter(cast, reporting):
    south = make_report(cast, reporting, "ascenseur", entrance=cast.south_entrances[0]).report
    found = duplicate_candidates(
        cast.north_referent,
        cast.scheme,
        category=reporting.categories["ascenseur"],
        entrance_id=cast.south_entrances[0].pk,
        lat=None,
        lon=None,
        now=WEDNESDAY,
    )
    assert south.pk not in [c.pk for c in found]


def test_merging_adds_an_occurrence_and_keeps_its_time_author_and_source(cast, reporting):
    first = street(cast, reporting)
    merged = report_create(
        scheme=cast.scheme,
        author=cast.agent,
        category=reporting.categories["encombrants"],
        description="Toujours là",
        place=Place(place_label="Rue", lat=LAT + 0.0001, lon=LON),
        source="api",
        merge_into=first,
        at=WEDNESDAY + timedelta(days=2),
    )
    assert merged.merged
    assert merged.report == first
    assert Report.objects.count() == 1
    second = merged.occurrence
    assert (second.author, second.source, second.at) == (
        cast.agent,
        "api",
        WEDNESDAY + timedelta(days=2),
    )
    assert first.events.filter(kind=EventKind.MERGED).count() == 1


def test_a_report_of_another_category_or_closed_cannot_take_the_merge(cast, reporting):
    first = street(cast, reporting, code="tags")
    with pytest.raises(ValidationError):
        report_create(
            scheme=cast.scheme,
            author=cast.agent,
            category=reporting.categories["encombrants"],
            description="x",
            place=Place(place_label="Rue"),
            merge_into=first,
        )
    assert Occurrence.objects.count() == 1


def test_splitting_makes_a_new_report_routed_at_its_own_place(cast, reporting, english):
    first = street(cast, reporting)
    entrance = cast.north_entrances[0]
    joined = report_create(
        scheme=cast.scheme,
        author=cast.agent,
        category=reporting.categories["encombrants"],
        description="Dans le hall en fait",
        place=Place(entrance=entrance),
        merge_into=first,
    ).occurrence
    new = occurrence_split(occurrence=joined, user=cast.supervisor)
    assert new.entrance == entrance
    assert new.recipient == cast.city  # Les Prés cleanliness rule
    assert list(new.occurrences.all()) == [joined]
    assert first.occurrences.count() == 1
    with pytest.raises(ValidationError, match="only occurrence"):
        occurrence_split(occurrence=first.occurrences.get(), user=cast.supervisor)


def _state():
    counts = dict(Report.objects.annotate(n=Count("occurrences")).values_list("pk", "n"))
    return counts, Occurrence.objects.count()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(["new", "merge", "split"]), st.integers(0, 1000)),
        min_size=1,
        max_size=12,
    )
)
def test_merging_and_splitting_never_lose_nor_double_an_occurrence(cast, reporting, steps):
    # Hypothesis runs many examples in one test: start each from nothing.
    Report.objects.filter(scheme=cast.scheme).delete()
    made = 0
    for action, pick in steps:
        reports = list(Report.objects.filter(scheme=cast.scheme).order_by("pk"))
        if action == "new" or not reports:
            street(cast, reporting)
            made += 1
        elif action == "merge":
            target = reports[pick % len(reports)]
            report_create(
                scheme=cast.scheme,
                author=cast.agent,
                category=reporting.categories["encombrants"],
                description="Encore",
                place=Place(place_label="Rue", lat=LAT, lon=LON),
                merge_into=target,
                # Some arrive from a phone that was offline: noticed before the report's first.
                at=clock.now() - timedelta(minutes=pick) if pick % 3 == 0 else None,
            )
            made += 1
        else:
            occurrences = list(Occurrence.objects.filter(report__scheme=cast.scheme).order_by("pk"))
            chosen = occurrences[pick % len(occurrences)]
            if chosen.report.occurrences.count() > 1:
                occurrence_split(occurrence=chosen, user=cast.supervisor)
            else:
                with pytest.raises(ValidationError):
                    occurrence_split(occurrence=chosen, user=cast.supervisor)
        counts, total = _state()
        # Every occurrence made is in exactly one report; no report is empty.
        assert total == made
        assert sum(counts.values()) == made
        assert all(n >= 1 for n in counts.values())
        ids = list(Occurrence.objects.values_list("pk", flat=True))
        assert len(ids) == len(set(ids))
        # The merged flag (analytics' duplicates share) is "the report has an earlier one".
        earlier = Occurrence.objects.filter(report=OuterRef("report")).filter(
            Q(at__lt=OuterRef("at")) | Q(at=OuterRef("at"), pk__lt=OuterRef("pk"))
        )
        flags = Occurrence.objects.annotate(has_earlier=Exists(earlier))
        assert all(o.merged == o.has_earlier for o in flags)
        # Each carries its report's scheme (analytics read the occurrences by scheme).
        assert not Occurrence.objects.exclude(scheme=F("report__scheme")).exists()


def test_the_migration_gives_each_occurrence_its_reports_scheme(cast, reporting):
    """reports 0005 fills Occurrence.scheme from the report (here over wrong values)."""
    from importlib import import_module

    from django.apps import apps

    fill = import_module("voisinage.reports.migrations.0005_occurrence_scheme").fill
    first = street(cast, reporting)
    report_create(
        scheme=cast.scheme,
        author=cast.agent,
        category=reporting.categories["encombrants"],
        description="Encore",
        place=Place(place_label="Rue", lat=LAT, lon=LON),
        merge_into=first,
    )
    Occurrence.objects.update(scheme=cast.other_scheme)
    fill(apps, None)
    schemes = set(Occurrence.objects.values_list("scheme", flat=True))
    assert Occurrence.objects.count() == 2
    assert schemes == {cast.scheme.pk}
