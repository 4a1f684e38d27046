"""The agreement page in a real Chromium: Vincent (the city) finds his agreement through the
menu, reads 60 172 € for 2025 for each partner, and downloads the schedule as Excel."""

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from voisinage.conftest import log_in, screenshot
from voisinage.funding.tests.builders import besancon_like, contract_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AMOUNT_2025 = re.compile(r"^60[\u00a0\u202f ]172 €$")


def test_the_city_reads_its_2025_share_and_downloads_the_schedule(
    browser_page: Page, cast, tmp_path: Path
):
    besancon_like(
        cast.scheme, coordinator=cast.north, city=cast.city, contract=contract_for(cast.scheme)
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
