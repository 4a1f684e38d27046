"""The funding demo: Besançon's agreement with the seed's figures, payments relative to today,
Humanicité's 2019 budget and Mons-en-Barœul's purchasing group; loading twice changes nothing."""

import re
from datetime import date

import pytest
from django.urls import reverse

from voisinage.accounts.models import User
from voisinage.demo.scenario import load_besancon, load_humanicite, load_mons
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


def test_humanicite_reads_as_its_agreement_is_written(loaded, client):
    """§1: 35 h a week on average, supervision half a day a week; §VII: 60 600 € net of VAT,
    Lille-Lomme's and the ASL's subsidies paid to Citéo, Capinghem's to the ASL."""
    agreement = Agreement.objects.get(scheme__slug="humanicite")
    payees = {p.organisation.name: p.payee.name for p in agreement.parties.all() if p.payee}
    assert payees == {
        "Ville de Lille et sa commune associée de Lomme": "Citéo",
        "Ville de Capinghem": "ASL Humanicité",
        "ASL Humanicité": "Citéo",
    }
    client.force_login(User.objects.get(username="humanicite"))
    page = client.get(reverse("funding:agreement", args=["humanicite", agreement.pk]))
    html = re.sub(r"[\u00a0\u202f]", " ", page.content.decode())
    assert "60 600 € net de TVA" in html
    assert "35 h par semaine en moyenne" in html
    assert "une demi-journée par semaine" in html
    parties = html[html.index('data-testid="parties"') :]
    capinghem = parties[parties.index("Ville de Capinghem") :]
    assert capinghem[: capinghem.index("</tr>")].endswith("ASL Humanicité</td>")


def test_loading_again_creates_nothing(loaded):
    counts = [m.objects.count() for m in (Agreement, AgreementParty, AllocationRule, Payment)]
    assert demo.load() == "funding agreements already present"
    assert [
        m.objects.count() for m in (Agreement, AgreementParty, AllocationRule, Payment)
    ] == counts


@pytest.fixture
def mons(db):
    load_mons()
    demo.load()
    return Agreement.objects.filter(scheme__slug="mons-en-baroeul").order_by("starts_on")


def test_mons_city_pays_28_19_percent_of_160_000_euros_under_its_45_200_euros_cap(mons, client):
    first = mons.first()
    assert first is not None
    assert (first.starts_on, first.ends_on) == (date(2019, 12, 1), date(2022, 11, 30))
    assert first.contract is not None
    sheet = agreement_sheet(first, clock.today())
    assert [y.year for y in sheet.table.years] == [2019, 2020, 2021, 2022]
    full_years = {row.label: row.cells[1:3] for row in sheet.table.rows}
    # The seed: 28.19 % of 160 000 € is 45 104 €, under the 45 200 € cap. The other shares
    # are the demo's (AG2R La Mondiale fixed, the landlords by their 1 144, 901, 510 dwellings).
    assert full_years == {
        "Ville de Mons-en-Barœul": [45_104_00] * 2,
        "AG2R La Mondiale": [8_000_00] * 2,
        "Partenord Habitat": [47_857_00] * 2,
        "Vilogia": [37_692_00] * 2,
        "Logis Métropole": [21_347_00] * 2,
    }
    assert sheet.table.totals[1:3] == [160_000_00] * 2
    assert [len(c.findings) for c in sheet.cost_checks] == [0]
    # Groups of three years up to today, each with the same key; past years paid.
    assert mons.last().starts_on <= clock.today() <= mons.last().ends_on
    assert {a.starts_on.month for a in mons} == {12}
    assert Payment.objects.filter(agreement=first, kind="paid").count() == 5 * 4

    # The coordinator's page shows the figures in French.
    client.force_login(User.objects.get(username="mons"))
    page = client.get(f"/dispositifs/mons-en-baroeul/financement/{first.pk}/")
    assert page.status_code == 200
    text = page.content.decode().replace("\u202f", " ").replace("\xa0", " ")
    assert "45 104 €" in text or "45 104,00 €" in text
    assert "160 000" in text
