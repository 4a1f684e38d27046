"""No page needs an inline script or style: Chromium walks every page of the persona matrix (as
the platform administrator, who reaches them all), the login and password-reset pages, the
Django admin and the API's interactive docs under the real Content-Security-Policy, and fails
on any violation it reports. A first test proves the listener catches one.

Each page is watched until the network falls quiet (half a second without a request), so that
what its scripts fetch and insert is checked too; the pages are opened a few tabs at a time,
whose quiet half-seconds then pass together rather than one after the other."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, Route

from voisinage.conftest import PASSWORD
from voisinage.tests.test_persona_matrix import _url, matrix

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Recorded by a script that Playwright injects before the page's own (it is not subject to the
# page's policy), from the event browsers fire at each violation.
LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    `${e.violatedDirective} ${e.blockedURI || "inline"} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def watch(page: Page) -> list[str]:
    """Violations seen on this page, from the console and from the DOM event."""
    seen: list[str] = []
    page.add_init_script(LISTENER)
    page.on(
        "console",
        lambda m: (
            seen.append(f"{page.url}: {m.text}") if "Content Security Policy" in m.text else None
        ),
    )
    return seen


def visit(page: Page, url: str, seen: list[str]) -> None:
    visit_all(page, [url], seen)


# Tabs open at once: each waits for its network to fall quiet while the next ones load.
TABS = 4


def visit_all(page: Page, urls: list[str], seen: list[str]) -> None:
    """Open the URLs in tabs of the page's browser context (its session), TABS at a time; wait
    until each tab's network is quiet, then collect what its listener recorded."""
    tabs = []
    for _ in range(min(TABS, len(urls))):
        tab = page.context.new_page()
        tab.set_default_timeout(30_000)
        tabs.append((tab, watch(tab)))
    for start in range(0, len(urls), TABS):
        batch = list(zip(urls[start : start + TABS], tabs, strict=False))
        for url, (tab, _tab_seen) in batch:
            response = tab.goto(url, wait_until="load")
            assert response is not None
            assert response.status == 200, url
            assert "script-src 'self'" in response.headers["content-security-policy"], url
        for url, (tab, tab_seen) in batch:
            tab.wait_for_load_state("networkidle")
            seen.extend(f"{url}: {v}" for v in tab.evaluate("window.__cspViolations || []"))
            seen.extend(tab_seen)
            tab_seen.clear()
    for tab, _tab_seen in tabs:
        tab.close()


def html_pages(client: Client) -> list[str]:
    """The matrix's pages (not the API, not downloads) that answer HTML to the administrator."""
    urls = []
    routes, _unmatrixed = matrix()
    for name, args, _who in routes:
        if name.startswith("api:"):
            continue
        url = _url(name, args)
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            urls.append(url)
    return urls


def test_the_listener_catches_an_inline_script(cast, browser_page: Page, live_server):
    page = browser_page
    # Served in place of the application's pages: one runs an inline script, the other inserts
    # a style attribute from its own (allowed) script after a fetch, once the page has loaded.
    bodies = {
        "inline": "<!doctype html><p>x</p><script>document.title = 'ran'</script>",
        "later": ("<!doctype html><p>x</p><script src='/csp-canary/later.js'></script>"),
        "later.js": (
            "addEventListener('load', () => fetch('/csp-canary/inline').then(() => {"
            " document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">y</p>');"
            " }));"
        ),
    }

    def serve(route: Route) -> None:
        name = route.request.url.rsplit("/", 1)[1]
        kind = "text/javascript" if name.endswith(".js") else "text/html"
        route.fulfill(
            status=200,
            headers={
                "Content-Security-Policy": "script-src 'self'; style-src 'self'",
                "Content-Type": kind,
            },
            body=bodies[name],
        )

    page.context.route("**/csp-canary/*", serve)
    seen: list[str] = []
    # Through the walk's own code: tabs, each watched until its network is quiet.
    visit_all(
        page, [f"{live_server.url}/csp-canary/inline", f"{live_server.url}/csp-canary/later"], seen
    )
    assert any("inline" in v and "script-src" in v for v in seen), seen
    assert any("later" in v and "style-src" in v for v in seen), seen


@pytest.mark.slow
def test_no_page_violates_the_content_security_policy(cast, browser_page: Page, client):
    page = browser_page
    seen = watch(page)
    visit(page, reverse("accounts:login"), seen)
    visit(page, reverse("accounts:password_reset"), seen)
    client.force_login(cast.admin)
    pages = html_pages(client)
    assert len(pages) > 40
    page.goto(reverse("accounts:login"))
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "connexion" not in url)
    urls = [
        *pages,
        reverse("accounts:profile"),
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[cast.supervisor.pk]),
        "/api/v1/docs",
    ]
    visit_all(page, urls, seen)
    assert seen == []
