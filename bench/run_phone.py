"""Time the field app on a mid-range phone profile (issue "the field app never loses an entry").

    python -m bench.run_phone                 # on the database of DATABASE_URL
    python -m bench.run_phone --runs 3        # fewer openings of each page

Debian's Chromium (Playwright, /usr/bin/chromium) at 360 × 780, with the CPU slowed 4× and
Chrome's "Fast 3G" network (562.5 ms latency, 1.6 Mbit/s down, 750 kbit/s up) through the
DevTools protocol, against gunicorn (2 sync workers) serving the project on 127.0.0.1, as the
field agent of the largest scheme of bench/'s M size (Grand-Littoral, 9 000 entrances; built
here with ``bench.worlds.synthetic_world`` when the database does not have it — no
interventions needed). Rows:

* download — the agent's entrances for offline search (``GET …/entrances/offline`` in pages of
  5 000) and the field codes, from the request to the record in IndexedDB (``refresh(true)`` in
  the page), with the bytes received;
* record page usable — from the tap (navigation start) to the page's mark that the form is
  filled and the entrance search answers (``data-ready`` set by record.js once the perimeter is
  loaded from IndexedDB): first opening online (no service worker yet), later openings online
  (from the worker's cache, refreshed behind), and offline;
* search offline — from the input (or the phone's position) to the results shown, as record.js
  times it (``data-ms`` of the results), for a code, a street, two words and "near me", on the
  9 000 entrances.

Each figure is the median and the maximum of ``--runs`` openings or searches. The budget is
1 000 ms for the page and 100 ms for a search (docs/performance.md, targets).
The run deletes the session it made. Results go to ``bench/results/phone-<engine>-<date>.md``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.common import engine, machine, membership, setup_django
from bench.processes import gunicorn, subprocess_env
from bench.run_field import RESULTS_DIR
from voisinage.lib import clock

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
FAST_3G = {
    "offline": False,
    "latency": 562.5,
    "downloadThroughput": 1.6 * 1000 * 1000 / 8 * 0.9,
    "uploadThroughput": 750 * 1000 / 8 * 0.9,
}
PAGE_BUDGET_MS = 1000
SEARCH_BUDGET_MS = 100
SEARCHES = {
    "a code": "GRA-04512",
    "a street": "jean moulin",
    "two words": "lilas 12",
}


def prepare() -> tuple[Any, Any, str]:
    """The Grand-Littoral scheme (built if missing), its first agent and a session for them."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from bench.worlds import GRAND_LITTORAL, synthetic_world
    from voisinage.schemes.models import Scheme

    call_command("migrate", verbosity=0)
    world = synthetic_world(GRAND_LITTORAL)
    scheme = Scheme.objects.get(pk=world.scheme_id)
    agent = membership(scheme, "agent").user
    client = Client()
    client.force_login(agent)
    return scheme, agent, client.cookies[settings.SESSION_COOKIE_NAME].value


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):.0f} ms (max {max(values):.0f})"


def opening(page: Any, url: str, parsed: list[float]) -> float:
    """Milliseconds from the tap to the page usable; appends the time to the parsed page
    (DOMContentLoaded) to ``parsed``."""
    page.goto(url, wait_until="commit")
    page.wait_for_selector("#record-form[data-ready]", state="attached", timeout=60_000)
    parsed.append(
        page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    )
    return float(page.locator("#record-form").get_attribute("data-ready") or "nan")


def measure(base: str, slug: str, session: str, runs: int) -> dict[str, Any]:
    from django.conf import settings
    from playwright.sync_api import sync_playwright

    cookie = settings.SESSION_COOKIE_NAME
    record = f"/dispositifs/{slug}/main-courante/saisir/"
    out: dict[str, Any] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(
            viewport={"width": 360, "height": 780},
            locale="fr-FR",
            base_url=base,
            is_mobile=True,
            has_touch=True,
        )
        context.add_cookies([{"name": cookie, "value": session, "url": base}])
        context.grant_permissions(["geolocation"])
        context.set_geolocation({"latitude": 43.30, "longitude": 5.40})
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", FAST_3G)

        parsed: dict[str, list[float]] = {"first": [], "online": [], "offline": []}
        out["parsed"] = parsed
        out["first"] = [opening(page, record, parsed["first"])]
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        # The page's own first download, then a timed one.
        page.evaluate(
            """async (slug) => {
                 while (!(await window.Voisinage.entrances(slug))) {
                   await new Promise(r => setTimeout(r, 200));
                 }
               }""",
            slug,
        )
        timing = page.evaluate(
            r"""async () => {
                 const t0 = performance.now();
                 await window.Voisinage.refresh(true);
                 const ms = performance.now() - t0;
                 const bytes = performance.getEntriesByType("resource")
                   .filter(e => /entrances\/offline|field-codes/.test(e.name))
                   .reduce((n, e) => n + (e.encodedBodySize || e.transferSize || 0), 0);
                 const slug = document.getElementById("phone-app").dataset.scheme;
                 const rows = (await window.Voisinage.entrances(slug)).length;
                 return {ms, bytes, rows};
               }"""
        )
        out["download"] = timing
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        out["online"] = [opening(page, record, parsed["online"]) for _ in range(runs)]
        context.set_offline(True)
        out["offline"] = [opening(page, record, parsed["offline"]) for _ in range(runs)]
        out["load"] = [
            page.evaluate(
                """async (slug) => {
                     const t0 = performance.now();
                     await window.Voisinage.entrances(slug);
                     return performance.now() - t0;
                   }""",
                slug,
            )
            for _ in range(runs)
        ]
        searches: dict[str, list[float]] = {}
        for label, query in SEARCHES.items():
            searches[label] = []
            for _ in range(runs):
                page.fill("#entrance-search", "")
                page.fill("#entrance-search", query)
                page.wait_for_selector("#entrance-results button")
                searches[label].append(
                    float(page.get_attribute("#entrance-results", "data-ms") or "nan")
                )
        searches["near me"] = []
        for _ in range(runs):
            page.evaluate("document.getElementById('entrance-results').innerHTML = ''")
            page.click("#nearest")
            page.wait_for_selector("#entrance-results button")
            searches["near me"].append(
                float(page.get_attribute("#entrance-results", "data-ms") or "nan")
            )
        out["searches"] = searches
        browser.close()
    return out


def report(results: dict[str, Any], entrances: int, runs: int) -> str:
    def verdict(values: list[float], budget: int) -> str:
        return "within" if max(values) <= budget else "OVER"

    download = results["download"]
    lines = [
        f"# Field app on a phone — {engine()} — {clock.local_now():%Y-%m-%d %H:%M}",
        "",
        f"Grand-Littoral (M): {entrances} entrances in the agent's perimeter; Chromium at "
        "360 × 780, CPU 4× slower, Fast 3G; gunicorn, 2 sync workers; "
        f"{runs} openings or searches each. Machine: {machine()}; load average before the run: "
        f"{os.getloadavg()[0]:.1f}",
        "",
        "| What | Median (max) | Budget | | Page parsed (DOMContentLoaded) |",
        "|---|---|---|---|---|",
        f"| Download of the perimeter ({download['rows']} entrances, "
        f"{download['bytes'] / 1024:.0f} KiB) and the field codes into IndexedDB | "
        f"{download['ms']:.0f} ms | — | | |",
    ]
    for key, label in (
        ("first", "Record page usable, first opening online (no service worker yet)"),
        ("online", "Record page usable, online (service worker)"),
        ("offline", "Record page usable, offline"),
    ):
        values = results[key]
        lines.append(
            f"| {label} | {summary(values)} | {PAGE_BUDGET_MS} ms | "
            f"{verdict(values, PAGE_BUDGET_MS)} | {summary(results['parsed'][key])} |"
        )
    lines.append(
        f"| Perimeter read from IndexedDB at each opening (part of the above) | "
        f"{summary(results['load'])} | — | | |"
    )
    for label, values in results["searches"].items():
        lines.append(
            f"| Entrance search offline: {label} | {summary(values)} | {SEARCH_BUDGET_MS} ms | "
            f"{verdict(values, SEARCH_BUDGET_MS)} | |"
        )
    return "\n".join(lines) + "\n"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="openings or searches of each kind")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    setup_django()
    from django.contrib.sessions.models import Session

    from voisinage.territory.models import Entrance

    scheme, _agent, session = prepare()
    entrances = Entrance.objects.filter(scheme=scheme, is_active=True).count()
    # gunicorn serves the static files through WhiteNoise, from STATIC_ROOT.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=subprocess_env(),
        check=True,
    )

    def probe(_i: int) -> tuple[str, str, dict[str, str], bytes]:
        return ("GET", "/sw.js", {}, b"")

    try:
        with (
            tempfile.TemporaryDirectory() as logdir,
            gunicorn(2, Path(logdir), probe) as server,
        ):
            results = measure(f"http://127.0.0.1:{server.port}", scheme.slug, session, args.runs)
    finally:
        Session.objects.filter(session_key=session).delete()
    text = report(results, entrances, args.runs)
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"phone-{engine()}-{clock.today():%Y-%m-%d}.md"
    path.write_text(text, encoding="utf-8")
    print(text)
    print(f"written to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
