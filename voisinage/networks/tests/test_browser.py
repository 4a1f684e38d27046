"""The network overview in a real Chromium: the metropolis' officer logs in, finds its network
from the home page, reads the totals and the schemes side by side without links into them; the
page stays usable at phone width."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from voisinage.analytics.tests.conftest import dataset  # noqa: F401 (the fixture)
from voisinage.conftest import PASSWORD, screenshot
from voisinage.factories import UserFactory
from voisinage.networks import services
from voisinage.networks.models import Network

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_metropolis_officer_reads_the_network_overview(dataset, browser_page):  # noqa: F811
    cast = dataset.cast
    officer = UserFactory.create(username="mathilde")
    network = Network.objects.get(slug="metropole")
    services.network_member_add(
        network=network, user=officer, organisation=cast.city, author=cast.admin
    )
    page = browser_page
    page.goto("/compte/connexion/")
    page.fill("#id_username", "mathilde")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: urlsplit(url).path == "/")
    page.get_by_test_id("networks-link").click()
    page.get_by_test_id("network-metropole").click()
    page.select_option("#annee", "2026")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_test_id("network-total")).to_contain_text("8")
    rivebourg = page.get_by_test_id("scheme-rivebourg")
    expect(rivebourg).to_contain_text("7")
    expect(rivebourg.locator("a")).to_have_count(0)  # no grant in the scheme: no drill-down
    expect(page.get_by_test_id("by-field")).to_be_visible()
    screenshot(page, "network-overview-desktop")
    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    expect(page.get_by_test_id("network-total")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360 + 1, width  # nothing overflows sideways
    screenshot(page, "network-overview-phone")
