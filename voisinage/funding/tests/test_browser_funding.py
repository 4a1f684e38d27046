"""The agreement page in a real Chromium: Vincent (the city) finds his agreement through the
menu, reads 60 172 € for 2025 for each partner, and downloads the schedule as Excel."""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from voisinage.conftest import log_in, screenshot
from voisinage.funding import services
from voisinage.funding.tests.builders import besancon_like, contract_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AMOUNT_2025 = re.compile(r"^60[\u00a0\u202f ]172 €$")


def test_the_city_reads_its_2025_share_and_downloads_the_schedule(
    browser_page: Page, cast, tmp_path: Path
):
    built = besancon_like(
        cast.scheme, coordinator=cast.north, city=cast.city, contract=contract_for(cast.scheme)
    )
    # The caps revised by the index from 1 June 2026, shown where the agreement is read.
    services.agreement_amendment_add(
        agreement=built.agreement,
        author=None,
        signed_on=date(2026, 4, 1),
        effective_on=date(2026, 6, 1),
        cap_index_base=Decimal(100),
        cap_index_new=Decimal("102.5"),
    )
    page = browser_page
    log_in(page, "vincent", landing=None)  # a network's member: the home lists both
    page.goto("/dispositifs/rivebourg/")

    page.get_by_role("navigation").get_by_role(
        "link", name=re.compile("Funding|Financement")
    ).click()
    page.get_by_role("link", name="Convention pluriannuelle").click()
    page.wait_for_url(re.compile(r"/financement/\d+/$"))

    table = page.get_by_test_id("schedule-table")
    for partner in ("État — Préfecture", "Ville de Rivebourg", "Métropole"):
        cell = table.locator(f'tr[data-party="{partner}"] td[data-year="2025"]')
        expect(cell).to_have_text(AMOUNT_2025)
    expect(table.locator('tr[data-party="Ville de Rivebourg"] td[data-year="2024"]')).to_have_text(
        re.compile(r"^35[\u00a0\u202f ]100 €$")
    )
    expect(page.get_by_test_id("checks")).to_contain_text("Convention §5.3")
    caps = page.get_by_test_id("revised-caps")
    expect(caps).to_contain_text("Avenant 1")
    expect(caps).to_contain_text(
        re.compile(r"187[\u00a0\u202f ]884 € → 192[\u00a0\u202f ]581,10 €")
    )
    screenshot(page, "funding-agreement-desktop")

    with page.expect_download() as download_info:
        page.get_by_test_id("export-xlsx").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    rows = list(load_workbook(target).worksheets[0].iter_rows(values_only=True))
    city = next(r for r in rows if len(r) > 1 and r[1] == "Ville de Rivebourg")
    assert city[4] == 60_172

    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, "funding-agreement-phone")
    # Nothing overflows the phone screen but the wide tables, which scroll in their own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_coordinator_records_an_amendment_and_a_purchase_order_on_the_contract_page(
    browser_page: Page, cast
):
    """Hélène (the coordinator) opens the contract from the agreement, records a price revision
    by index from the anniversary, sees it in the history, then orders against what remains; an
    order above it is refused in French, nothing recorded."""
    contract = contract_for(cast.scheme, ceiling_cents=1_000_000_00)
    built = besancon_like(cast.scheme, coordinator=cast.north, city=cast.city, contract=contract)
    page = browser_page
    log_in(page, "helene")
    page.goto(f"/dispositifs/rivebourg/financement/{built.agreement.pk}/")
    page.get_by_role("link", name="Marché et bons de commande").click()
    page.wait_for_url(re.compile(r"/marche/$"))

    form = page.get_by_test_id("amendment-form")
    form.get_by_label("Signé le").fill("2025-04-01")
    form.get_by_label("Prend effet le").fill("2025-05-15")
    form.get_by_label("Indice de référence").fill("100")
    form.get_by_label("Nouvel indice").fill("102,5")
    form.get_by_label("Objet").fill("Révision annuelle des prix")
    form.get_by_role("button", name="Enregistrer l'avenant").click()
    history = page.get_by_test_id("amendments")
    expect(history).to_contain_text("Avenant 1")
    expect(history).to_contain_text(re.compile(r"377[\u00a0\u202f ]610 € par an"))

    order = page.get_by_test_id("order-form")
    order.get_by_label("Référence du bon de commande").fill("BC-1")
    order.get_by_label("Date").fill("2025-06-01")
    order.get_by_label("Montant TTC (€)").fill("1 000 000,01")
    order.get_by_label("Description").fill("Trop")
    order.get_by_role("button", name="Enregistrer le bon de commande").click()
    expect(page.get_by_test_id("order-form")).to_contain_text("dépasse le montant restant")
    expect(page.get_by_test_id("orders")).to_contain_text("Aucun bon de commande")
    order = page.get_by_test_id("order-form")
    order.get_by_label("Montant TTC (€)").fill("400 000")
    order.get_by_role("button", name="Enregistrer le bon de commande").click()
    expect(page.get_by_test_id("orders")).to_contain_text("BC-1")
    expect(page.get_by_test_id("order-form")).not_to_contain_text("obligatoire")
    expect(page.get_by_test_id("remaining")).to_have_text(re.compile(r"^600[\u00a0\u202f ]000 €$"))
    screenshot(page, "funding-contract-desktop")
    page.set_viewport_size({"width": 360, "height": 800})
    screenshot(page, "funding-contract-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
