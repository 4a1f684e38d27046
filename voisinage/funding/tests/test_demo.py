"""The funding demo: Besançon's agreement with the seed's figures, payments relative to today,
and Humanicité's 2019 budget; loading twice changes nothing."""

import pytest

from voisinage.demo.scenario import load_besancon, load_humanicite
from voisinage.funding import demo
from voisinage.funding.models import Agreement, AgreementParty, AllocationRule, Payment
from voisinage.funding.selectors import agreement_sheet
from voisinage.lib import clock

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = pytest.mark.time_sensitive


@pytest.fixture
def loaded(db):
    load_besancon()
    load_humanicite()
    return demo.load()


def test_the_demo_has_besancons_agreement_with_the_seeds_figures(loaded):
    agreement = Agreement.objects.get(scheme__slug="besancon", title=demo.BESANCON_TITLE)
    sheet = agreement_sheet(agreement, clock.today())

    rows = {row.label: row for row in sheet.table.rows}
    years = [y.year for y in sheet.table.years]
    assert years == [2024, 2025, 2026, 2027, 2028]
    for label in ("État", "Ville de Besançon", "Grand Besançon Métropole"):
        assert rows[label].cells == [35_100_00, 60_172_00, 60_172_00, 60_172_00, 25_072_00]
    assert rows["Bailleurs (groupement)"].party.organisation.name == "loge.GBM"
    assert [len(c.findings) for c in sheet.cost_checks] == [0]
    assert agreement.constraints.count() == 3
    assert sheet.notice is not None
    assert sheet.notice.period.anniversary.month == 5


def test_past_years_are_paid_and_the_current_year_partly(loaded):
    agreement = Agreement.objects.get(scheme__slug="besancon", title=demo.BESANCON_TITLE)
    today = clock.today()
    sheet = agreement_sheet(agreement, today)

    for year in sheet.payments:
        statuses = {line.status for line in year.lines}
        if year.year < today.year:
            assert statuses == {"paid"}, year.year
        elif year.year == today.year:
            assert "paid" in statuses
            assert statuses & {"requested", "partly_paid"}
        else:
            assert statuses == {"planned"}
    assert all(p.on <= today for p in Payment.objects.all())


def test_the_previous_agreement_gave_57_050_euros_a_year(loaded):
    agreement = Agreement.objects.get(title=demo.BESANCON_PREVIOUS_TITLE)
    sheet = agreement_sheet(agreement, clock.today())
    rows = {row.label: row for row in sheet.table.rows}
    assert rows["Ville de Besançon"].cells[1:4] == [57_050_00] * 3


def test_humanicite_2019_is_10_000_plus_10_000_plus_the_remainder_40_600(loaded):
    agreement = Agreement.objects.get(scheme__slug="humanicite")
    sheet = agreement_sheet(agreement, clock.today())

    assert {row.label: row.cells for row in sheet.table.rows} == {
        "Ville de Lille-Lomme": [10_000_00],
        "Ville de Capinghem": [10_000_00],
        "ASL Humanicité": [40_600_00],
    }
    assert sheet.paid_cents == 60_600_00


def test_loading_again_creates_nothing(loaded):
    counts = [m.objects.count() for m in (Agreement, AgreementParty, AllocationRule, Payment)]
    assert demo.load() == "funding agreements already present"
    assert [
        m.objects.count() for m in (Agreement, AgreementParty, AllocationRule, Payment)
    ] == counts
