"""The scales' settings in a real Chromium: the manager words a result, retires another and
switches the climate off; the agent's recording form then offers the scheme's wording and asks
no climate; the settings page stays usable at phone width."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from voisinage.conftest import log_in, screenshot
from voisinage.field.logbook.scales import scale_labels
from voisinage.field.models import Scale
from voisinage.schemes.models import Scheme

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_manager_words_the_results_and_the_agent_records_with_them(cast, browser_page: Page):
    page = browser_page
    log_in(page, "olivier")
    page.goto(reverse("schemes:settings_section", args=["rivebourg", "resultats"]))
    row = page.locator('tr[data-code="resolved"]')
    row.locator("input[name=label]").fill("Réglé sur place")
    row.get_by_role("button", name="Renommer").click()
    expect(page.locator('tr[data-code="resolved"] input[name=label]')).to_have_value(
        "Réglé sur place"
    )
    page.locator('tr[data-code="partly_resolved"]').get_by_role("button", name="Retirer").click()
    expect(page.locator('tr[data-code="partly_resolved"]')).to_contain_text("Retiré")
    screenshot(page, "scales-results-desktop")
    page.set_viewport_size({"width": 360, "height": 780})
    screenshot(page, "scales-results-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(reverse("schemes:settings_section", args=["rivebourg", "niveaux-climat"]))
    page.get_by_role("button", name="Ne pas noter le climat").click()
    expect(page.get_by_test_id("scale-switch")).to_contain_text("Non noté")
    wording = scale_labels(Scheme.objects.get(pk=cast.scheme.pk))
    assert not wording.rated(Scale.CLIMATE)

    log_in(page, "yanis")
    page.goto(reverse("field:record", args=["rivebourg"]))
    results = page.locator('fieldset[data-field="result"]')
    expect(results).to_contain_text("Réglé sur place")
    expect(results).not_to_contain_text("Partiellement")
    expect(page.locator('fieldset[data-field="climate"]')).to_have_count(0)
    screenshot(page, "scales-record-form")
