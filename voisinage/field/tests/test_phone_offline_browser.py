"""The field app offline, in a real Chromium at phone width with its real service worker: the
agent opens the app with the network cut, finds entrances by address and by nearest, records
three entries (one the server then refuses: it stays on the phone with the server's message, is
corrected and sent), goes to another page and comes back online there — every entry reaches
the server exactly once. Logging out leaves nothing of the agent on the phone."""

import re

import pytest
from playwright.sync_api import BrowserContext, Page, ViewportSize, expect

from voisinage.conftest import log_in, screenshot
from voisinage.field.models import FieldCode, Intervention
from voisinage.lib import clock

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE: ViewportSize = {"width": 360, "height": 780}
RECORD = "/dispositifs/rivebourg/main-courante/saisir/"
TONIGHT = "/dispositifs/rivebourg/ce-soir/"
OUTBOX = "/dispositifs/rivebourg/main-courante/en-attente/"


def ready_for_offline(page: Page) -> None:
    """Wait until the service worker controls the page and the entrances are on the phone, then
    open the agent's pages once so that the worker keeps them."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    # Predicates are functions: a string expression is evaluated in the page at each poll, which
    # the Content-Security-Policy refuses (no eval).
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.wait_for_function(
        """() => new Promise(resolve => {
             const open = indexedDB.open("voisinage");
             open.onsuccess = () => {
               const db = open.result;
               if (!db.objectStoreNames.contains("entrances")) {
                 db.close(); resolve(false); return;
               }
               const get = db.transaction("entrances").objectStore("entrances").get("rivebourg");
               get.onsuccess = () => { db.close(); resolve(!!get.result); };
               get.onerror = () => { db.close(); resolve(false); };
             };
             open.onerror = () => resolve(false);
           })"""
    )
    for url in (TONIGHT, RECORD, OUTBOX):
        page.goto(url)
    page.wait_for_function(
        """() => caches.open("voisinage-pages").then(c => c.keys())
             .then(keys => keys.length >= 4)"""
    )


def choose_chips(page: Page, *labels: str) -> None:
    for label in labels:
        page.get_by_text(re.compile("^" + re.escape(label))).click()


def pending(page: Page) -> int:
    return page.evaluate("JSON.parse(localStorage.getItem('voisinage.outbox') || '[]').length")


def test_the_agent_records_offline_and_every_entry_reaches_the_server_once(
    codes, browser_page: Page
):
    north, south = codes.north_entrances, codes.south_entrances
    north[1].address = "12 rue Victor Hugo"
    north[1].save()
    south[0].lat, south[0].lon = 47.2301, 5.9712
    south[0].save()
    page = browser_page
    context: BrowserContext = page.context
    page.set_viewport_size(PHONE)
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": 47.2302, "longitude": 5.9713})
    log_in(page, "yanis")
    ready_for_offline(page)

    context.set_offline(True)
    page.goto(RECORD)
    expect(page.get_by_test_id("phone-banner")).to_contain_text("Hors ligne")

    # 1. By address, from the phone's copy of the perimeter.
    page.get_by_test_id("entrance-search").fill("victor hugo")
    page.get_by_test_id("entrance-results").get_by_role("button", name=re.compile("HN-2")).click()
    expect(page.get_by_test_id("entrance-chosen")).to_contain_text("HN-2")
    choose_chips(page, "Regroupement dans un hall", "Rappel du règlement", "Résolu", "Vert")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("save-status")).to_contain_text("envoyée dès le retour du réseau")
    expect(page.get_by_test_id("outbox")).to_contain_text("1 saisie en attente")
    screenshot(page, "offline-record-kept")

    # 2. The nearest entrance (the phone's position, no network).
    page.get_by_test_id("nearest").click()
    first = page.get_by_test_id("entrance-results").get_by_role("button").first
    expect(first).to_contain_text("LS-1")
    first.click()
    choose_chips(page, "Bruit, nuisances sonores", "Médiation entre les parties", "Jaune")
    # The phone makes the server's checks before keeping an entry: departure before arrival.
    page.fill("#id_started_at", "2026-01-13T22:30")
    page.fill("#id_ended_at", "2026-01-13T22:00")
    page.get_by_test_id("save").click()
    expect(page.locator(".js-errors")).to_contain_text("Le départ ne peut pas précéder")
    assert pending(page) == 1
    page.get_by_test_id("depart-now").click()
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("outbox")).to_contain_text("2 saisies en attente")

    # 3. By code; meanwhile the office retires one of its codes: the server will refuse it.
    page.get_by_test_id("entrance-search").fill("hn-3")
    page.get_by_test_id("entrance-results").get_by_role("button", name=re.compile("HN-3")).click()
    choose_chips(page, "Encombrants", "Signalement au bailleur", "Vert")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("outbox")).to_contain_text("3 saisies en attente")
    FieldCode.objects.filter(scheme=codes.scheme, code="encombrants").update(retired_at=clock.now())
    assert Intervention.objects.count() == 0

    # Another page, still offline (from the phone's cache), then the network returns there.
    page.goto(TONIGHT)
    expect(page.get_by_test_id("outbox")).to_contain_text("3 saisies en attente")
    expect(page.get_by_test_id("refreshed")).to_contain_text("Hors ligne")
    context.set_offline(False)
    expect(page.get_by_test_id("outbox")).to_contain_text("1 saisie à revoir")
    expect(page.get_by_test_id("outbox")).not_to_contain_text("en attente d")
    assert Intervention.objects.count() == 2
    screenshot(page, "offline-back-online-refused")

    # The refused entry stayed on the phone with the server's message; corrected, it is sent.
    page.get_by_test_id("phone-banner").get_by_role("link").click()
    item = page.get_by_test_id("outbox-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Code(s) inconnu(s) ou retiré(s) : encombrants")
    screenshot(page, "outbox-refused")
    item.get_by_role("link", name="Corriger").click()
    expect(page.locator(".js-errors")).to_contain_text(
        "Code(s) inconnu(s) ou retiré(s) : encombrants"
    )
    expect(page.get_by_test_id("entrance-chosen")).to_contain_text("HN-3")
    choose_chips(page, "Encombrants")  # untick it
    page.get_by_test_id("save").click()
    page.wait_for_url(re.compile(r"/main-courante/\d+/$"))
    expect(page.get_by_test_id("phone-banner")).to_be_hidden()
    assert pending(page) == 0

    codes_by_entrance = sorted(Intervention.objects.values_list("entrance__code", flat=True))
    assert codes_by_entrance == ["HN-2", "HN-3", "LS-1"]
    assert Intervention.objects.values("idempotency_key").distinct().count() == 3
    corrected = Intervention.objects.get(entrance__code="HN-3")
    assert [c.code for c in corrected.situations.all()] == []
    assert [c.code for c in corrected.actions.all()] == ["signalement-bailleur"]


def test_logging_out_leaves_nothing_of_the_agent_on_the_phone(codes, browser_page: Page):
    page = browser_page
    page.set_viewport_size(PHONE)
    log_in(page, "yanis")
    ready_for_offline(page)
    # An entry waits (the server is unreachable for the API only).
    page.route("**/api/v1/schemes/rivebourg/interventions", lambda route: route.abort())
    page.goto(RECORD)
    page.get_by_test_id("entrance-search").fill("HN-1")
    page.get_by_test_id("entrance-results").get_by_role("button", name=re.compile("HN-1")).click()
    choose_chips(page, "Résolu", "Vert")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("outbox")).to_contain_text("1 saisie en attente")

    # Logging out warns that it would be lost; refusing keeps everything.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name=re.compile("connecter")).click()
    expect(page.get_by_test_id("outbox")).to_contain_text("1 saisie en attente")
    assert pending(page) == 1

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile("connecter")).click()
    page.wait_for_url(re.compile(r"/compte/"))
    left = page.evaluate(
        """async () => ({
             caches: (await caches.keys()).filter(k => k.startsWith("voisinage")),
             databases: (await indexedDB.databases()).map(d => d.name),
             outbox: localStorage.getItem("voisinage.outbox"),
             workers: (await navigator.serviceWorker.getRegistrations()).length,
           })"""
    )
    assert left == {"caches": [], "databases": [], "outbox": None, "workers": 0}
    assert Intervention.objects.count() == 0
    # With the network cut, the agent's pages do not open any more.
    page.context.set_offline(True)
    with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED"):
        page.goto(RECORD)
