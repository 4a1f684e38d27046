"""Courtesy visits: the landlord's upload (all or nothing), the agents' outcomes and their
logbook entries, the progress of a campaign."""

import io
from datetime import UTC, date, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from voisinage.field.courtesy.selectors import (
    campaign_visits,
    progress_of,
    scheme_courtesy_campaigns,
)
from voisinage.field.courtesy.services import (
    COLUMN_LABELS,
    courtesy_campaign_create,
    courtesy_visit_add,
    courtesy_visit_record,
    courtesy_visit_remove,
    courtesy_visits_import,
)
from voisinage.field.models import CourtesyCampaign, CourtesyVisit, Intervention
from voisinage.field.staffing.services import duty_assign
from voisinage.lib.tabular import FileRejected

# 19:30 in Paris on Tuesday 17 June 2025 (summer hours, 18:00–01:00): that evening's night.
EVENING = datetime(2025, 6, 17, 17, 30, tzinfo=UTC)
NEXT_EVENING = datetime(2025, 6, 18, 17, 30, tzinfo=UTC)


pytestmark = pytest.mark.usefixtures("english")


def csv_bytes(rows, header=("entree", "logement", "locataire", "note"), delimiter=";"):
    lines = [delimiter.join(header), *(delimiter.join(str(c) for c in row) for row in rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def xlsx_bytes(rows, header=("Entrée", "Logement", "Locataire", "Note")):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_campaign(cast, landlord=None, name="Campagne de juin", by=None):
    return courtesy_campaign_create(
        scheme=cast.scheme,
        landlord=landlord or cast.north,
        name=name,
        starts_on=date(2025, 6, 1),
        ends_on=date(2025, 6, 30),
        created_by=by or cast.north_referent,
    )


def with_visits(cast, landlord=None, rows=None, name="Campagne de juin"):
    campaign = make_campaign(cast, landlord=landlord, name=name)
    rows = rows or [
        ("HN-1", "11", "M. Durand", ""),
        ("HN-1", "12", "Mme Petit", "Nouvelle locataire"),
        ("HN-2", "3", "", ""),
        ("HN-2", "21", "Famille Roux", ""),
    ]
    courtesy_visits_import(campaign=campaign, data=csv_bytes(rows), filename="liste.csv")
    return campaign


def visit(campaign, code, dwelling):
    return CourtesyVisit.objects.get(campaign=campaign, entrance__code=code, dwelling=dwelling)


def test_a_campaign_belongs_to_a_landlord_of_the_scheme(cast):
    with pytest.raises(ValidationError, match="not a landlord"):
        make_campaign(cast, landlord=cast.city)
    with pytest.raises(ValidationError, match="before the start"):
        courtesy_campaign_create(
            scheme=cast.scheme,
            landlord=cast.north,
            name="À l'envers",
            starts_on=date(2025, 6, 30),
            ends_on=date(2025, 6, 1),
            created_by=cast.north_referent,
        )
    assert CourtesyCampaign.objects.count() == 0


def test_a_good_csv_file_adds_every_dwelling(cast):
    campaign = with_visits(cast)
    assert CourtesyVisit.objects.filter(campaign=campaign).count() == 4
    petit = visit(campaign, "HN-1", "12")
    assert (petit.tenant_name, petit.note, petit.outcome) == (
        "Mme Petit",
        "Nouvelle locataire",
        "to_visit",
    )


def test_a_good_xlsx_file_with_accented_headers_and_numbers(cast):
    campaign = make_campaign(cast)
    data = xlsx_bytes([("HN-3", 4, "M. Blanc", None), ("hn-3", 5.0, None, "Sonner fort")])
    added = courtesy_visits_import(campaign=campaign, data=data, filename="Liste.XLSX")
    assert added == 2
    assert sorted(campaign.visits.values_list("entrance__code", "dwelling")) == [
        ("HN-3", "4"),
        ("HN-3", "5"),
    ]


def test_a_comma_separated_file_with_only_the_required_columns(cast):
    campaign = make_campaign(cast)
    data = csv_bytes([("HN-1", "1"), ("HN-1", "2")], header=("Entree", "Logement"), delimiter=",")
    assert courtesy_visits_import(campaign=campaign, data=data, filename="l.csv") == 2


def test_a_bad_file_adds_nothing_and_lists_every_problem_by_line_and_column(cast):
    campaign = with_visits(cast)
    rows = [
        ("HN-1", "13", "", ""),  # line 2: fine
        ("LS-1", "1", "", ""),  # line 3: another landlord's entrance
        ("XX-9", "1", "", ""),  # line 4: no such entrance
        ("HN-2", "", "", ""),  # line 5: no dwelling
        ("HN-1", "13", "", ""),  # line 6: same dwelling as line 2
        ("HN-1", "11", "", ""),  # line 7: already in the campaign
        ("", "4", "x" * 151, ""),  # line 8: no entrance, tenant too long
        ("AU-1", "1", "", ""),  # line 9: another scheme's entrance
    ]
    with pytest.raises(FileRejected) as caught:
        courtesy_visits_import(campaign=campaign, data=csv_bytes(rows), filename="l.csv")
    found = {(p.line, p.column) for p in caught.value.problems}
    entrance, dwelling, tenant = (
        str(COLUMN_LABELS[c]) for c in ("entree", "logement", "locataire")
    )
    assert found == {
        (3, entrance),
        (4, entrance),
        (5, dwelling),
        (6, dwelling),
        (7, dwelling),
        (8, entrance),
        (8, tenant),
        (9, entrance),
    }
    by_line = {p.line: p.message for p in caught.value.problems}
    assert "LS-1" in by_line[3]
    assert "Habitat Nord" in by_line[3]
    assert "2" in by_line[6]  # "already appears on line 2"
    assert campaign.visits.count() == 4  # nothing added, not even line 2


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (b"", "l.csv", "empty"),
        (csv_bytes([], header=("entree", "logement")), "l.csv", "no rows"),
        (csv_bytes([("HN-1",)], header=("entree",)), "l.csv", "missing"),
        (csv_bytes([("HN-1", "1", "2")], header=("entree", "logement", "code")), "l.csv", "twice"),
        (b"PK\x03\x04 not really a workbook", "l.xlsx", "Excel"),
        (csv_bytes([("HN-1", "1")]), "l.pdf", ".csv or .xlsx"),
    ],
)
def test_files_that_cannot_be_read_are_refused_whole(cast, data, filename, expected):
    campaign = make_campaign(cast)
    with pytest.raises(FileRejected, match=expected):
        courtesy_visits_import(campaign=campaign, data=data, filename=filename)
    assert campaign.visits.count() == 0


def test_adding_one_dwelling_by_hand(cast):
    campaign = with_visits(cast)
    courtesy_visit_add(campaign=campaign, entrance_code="HN-3", dwelling="7", tenant_name="M. Noir")
    assert visit(campaign, "HN-3", "7").tenant_name == "M. Noir"
    with pytest.raises(ValidationError) as caught:
        courtesy_visit_add(campaign=campaign, entrance_code="HN-3", dwelling="7")
    assert "dwelling" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        courtesy_visit_add(campaign=campaign, entrance_code="LS-2", dwelling="1")
    assert "entrance" in caught.value.message_dict
    assert campaign.visits.count() == 5


def test_a_visited_dwelling_stays_on_the_list(cast):
    campaign = with_visits(cast)
    durand = visit(campaign, "HN-1", "11")
    courtesy_visit_record(visit=durand, outcome="absent", user=cast.agent, at=EVENING)
    with pytest.raises(ValidationError, match="has been visited"):
        courtesy_visit_remove(visit=durand)
    courtesy_visit_remove(visit=visit(campaign, "HN-2", "3"))
    assert campaign.visits.count() == 3


def test_recording_an_outcome_records_its_intervention_in_the_logbook(cast):
    campaign = with_visits(cast)
    # Yanis is on duty with a team mate that night: both are the agents present.
    duty_assign(
        scheme=cast.scheme, person=cast.agent, start=date(2025, 6, 17), position="agent", team="A"
    )
    duty_assign(
        scheme=cast.scheme,
        person=cast.supervisor,
        start=date(2025, 6, 17),
        position="agent",
        team="A",
    )
    durand = visit(campaign, "HN-1", "11")
    recorded = courtesy_visit_record(visit=durand, outcome="met", user=cast.agent, at=EVENING)
    assert (recorded.outcome, recorded.visited_by, recorded.visited_at) == (
        "met",
        cast.agent,
        EVENING,
    )
    intervention = Intervention.objects.get()
    assert recorded.intervention == intervention
    assert intervention.origin == "courtesy_visit"
    assert intervention.night == date(2025, 6, 17)
    assert intervention.entrance == cast.north_entrances[0]
    assert intervention.landlord == cast.north
    assert intervention.author == cast.agent
    assert intervention.source_type == ContentType.objects.get_for_model(CourtesyVisit)
    assert intervention.source_id == durand.pk
    assert set(intervention.agents.all()) == {cast.agent, cast.supervisor}
    assert "11" in intervention.narrative
    assert "Durand" not in intervention.narrative  # no tenant name in the logbook


def test_a_correction_the_same_night_updates_the_same_intervention(cast):
    campaign = with_visits(cast)
    durand = visit(campaign, "HN-1", "11")
    courtesy_visit_record(visit=durand, outcome="absent", user=cast.agent, at=EVENING)
    later = datetime(2025, 6, 17, 22, 45, tzinfo=UTC)  # 00:45 in Paris: still that night
    corrected = courtesy_visit_record(visit=durand, outcome="met", user=cast.agent, at=later)
    assert Intervention.objects.count() == 1
    intervention = Intervention.objects.get()
    assert corrected.intervention == intervention
    assert corrected.outcome == "met"
    assert intervention.changes.filter(action="edited").count() == 1


def test_a_return_on_another_night_records_a_new_intervention(cast):
    campaign = with_visits(cast)
    durand = visit(campaign, "HN-1", "11")
    first = courtesy_visit_record(visit=durand, outcome="absent", user=cast.agent, at=EVENING)
    second = courtesy_visit_record(
        visit=durand, outcome="met", user=cast.supervisor, at=NEXT_EVENING
    )
    assert Intervention.objects.count() == 2
    assert second.intervention != first.intervention
    assert second.intervention.night == date(2025, 6, 18)
    assert second.visited_by == cast.supervisor


@pytest.mark.parametrize("outcome", ["to_visit", "", "lost"])
def test_an_unknown_outcome_is_refused_and_nothing_is_recorded(cast, outcome):
    campaign = with_visits(cast)
    durand = visit(campaign, "HN-1", "11")
    with pytest.raises(ValidationError):
        courtesy_visit_record(visit=durand, outcome=outcome, user=cast.agent, at=EVENING)
    durand.refresh_from_db()
    assert durand.outcome == "to_visit"
    assert Intervention.objects.count() == 0


def test_progress_counts_each_outcome_and_the_share_done(cast):
    campaign = with_visits(cast)
    courtesy_visit_record(
        visit=visit(campaign, "HN-1", "11"), outcome="met", user=cast.agent, at=EVENING
    )
    courtesy_visit_record(
        visit=visit(campaign, "HN-1", "12"), outcome="absent", user=cast.agent, at=EVENING
    )
    courtesy_visit_record(
        visit=visit(campaign, "HN-2", "3"), outcome="refused", user=cast.agent, at=EVENING
    )
    other = with_visits(cast, landlord=cast.south, rows=[("LS-1", "1", "", "")], name="Sud")
    expected = {"to_visit": 1, "met": 1, "absent": 1, "refused": 1, "revisit": 0}
    fresh = CourtesyCampaign.objects.get(pk=campaign.pk)
    progress = progress_of(fresh)  # counted with one query
    assert progress.total == 4
    assert {o: progress.counts.get(o, 0) for o in expected} == expected
    assert (progress.done, progress.visited, progress.percent_done) == (2, 3, 50)
    listed = {c.pk: progress_of(c) for c in scheme_courtesy_campaigns(cast.supervisor, cast.scheme)}
    assert listed[campaign.pk].total == 4
    assert {o: listed[campaign.pk].counts[o] for o in expected} == expected
    assert listed[other.pk].total == 1
    assert listed[other.pk].percent_done == 0


def test_visits_are_grouped_by_entrance_in_natural_order(cast):
    campaign = with_visits(
        cast,
        rows=[
            ("HN-2", "10", "", ""),
            ("HN-1", "B", "", ""),
            ("HN-2", "9", "", ""),
            ("HN-1", "2", "", ""),
        ],
    )
    groups = campaign_visits(campaign)
    assert [(g.entrance.code, [v.dwelling for v in g.visits]) for g in groups] == [
        ("HN-1", ["2", "B"]),
        ("HN-2", ["9", "10"]),
    ]


def test_the_campaign_list_takes_one_query_whatever_the_number_of_campaigns(
    cast, django_assert_max_num_queries
):
    for i in range(5):
        with_visits(cast, name=f"Campagne {i}")
    with django_assert_max_num_queries(3):  # grants (2) and the campaigns with their counts
        rows = [progress_of(c).total for c in scheme_courtesy_campaigns(cast.agent, cast.scheme)]
    assert rows == [4] * 5
