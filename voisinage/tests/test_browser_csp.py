"""No page needs an inline script or style: Chromium walks every page of the persona matrix (as
the platform administrator, who reaches them all), the login and password-reset pages, the
Django admin and the API's interactive docs under the real Content-Security-Policy, and fails
on any violation it reports. A first test proves the listener catches one."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page

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
    response = page.goto(url, wait_until="load")
    assert response is not None
    assert response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"], url
    page.wait_for_load_state("networkidle")
    seen.extend(f"{url}: {v}" for v in page.evaluate("window.__cspViolations || []"))


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
    seen = watch(page)
    page.route(
        "**/csp-canary/",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Security-Policy": "script-src 'self'", "Content-Type": "text/html"},
            body="<!doctype html><p>x</p><script>document.title = 'ran'</script>",
        ),
    )
    page.goto(f"{live_server.url}/csp-canary/")
    page.wait_for_load_state("networkidle")
    seen.extend(page.evaluate("window.__cspViolations"))
    assert page.title() != "ran"
    assert any("script-src" in v for v in seen)


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
    for url in [
        *pages,
        reverse("accounts:profile"),
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[cast.supervisor.pk]),
        "/api/v1/docs",
    ]:
        visit(page, url, seen)
    assert seen == []
