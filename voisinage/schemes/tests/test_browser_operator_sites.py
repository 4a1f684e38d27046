"""The « Opérateurs et sites » section in a real Chromium, at desktop and phone width: the
scheme's manager gives Relais Centre the site Les Prés from a date, is told in French that it is
already held when giving it to Médiateurs Unis for the same period, and Relais Centre's
supervisor then reads both sites' entrances."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from voisinage.accounts.models import OperatorSite
from voisinage.conftest import log_in, screenshot
from voisinage.lib import clock as lib_clock

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_manager_hands_a_site_to_an_operator_and_a_second_hand_is_refused(
    cast, relais, browser_page: Page
):
    page = browser_page
    log_in(page, "olivier")
    page.goto("/dispositifs/rivebourg/parametres/sites/")
    expect(page.locator("h1")).to_have_text("Opérateurs et sites")
    expect(page.locator("main")).to_contain_text("Aucun site listé : cet opérateur tient tout")
    form = page.locator("form:has(input[name=action][value=add])")
    start = lib_clock.today().isoformat()

    def hand(operator: str) -> None:
        form.get_by_label("Opérateur").select_option(label=operator)
        form.get_by_label("Site", exact=True).select_option(label="Les Prés")
        form.get_by_label("Premier jour").fill(start)
        form.get_by_role("button", name="Ajouter").click()

    hand("Relais Centre")
    expect(page.locator(".messages")).to_contain_text("Enregistré")
    hand("Médiateurs Unis")
    expect(page.locator("main")).to_contain_text("Le site Les Prés est déjà tenu par Relais Centre")
    assert OperatorSite.objects.filter(neighbourhood=cast.pres).count() == 1
    page.set_viewport_size({"width": 360, "height": 780})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "operator-sites-phone")
    log_in(page, "bruno")
    page.goto("/dispositifs/rivebourg/entrees/")
    expect(page.locator("main")).to_contain_text("HN-1")
    expect(page.locator("main")).to_contain_text("LS-1")
