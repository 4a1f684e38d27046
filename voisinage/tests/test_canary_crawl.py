"""The content (canary) crawl: no reader ever sees another's share.

The persona matrix checks status codes; this reads content. A world where every share carries
strings found nowhere else (tests/canary/world.py) is built once for the module through the
services; then, as every persona, every named page and API route is requested with the world's
real ids, every export and document is opened (PDF text, PPTX and XLSX parts, ICS, CSV,
GeoJSON), and every e-mail the persona received is read. A canary the access rule does not let
the persona read fails the test, with where it was found.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings

from voisinage.conftest import TEST_SETTINGS, FrozenClock
from voisinage.tests.canary.crawl import Reading, crawl, uncovered_routes
from voisinage.tests.canary.world import NOW, PROFILES, World, build_world

# Every canary of the world is found by those who read everything: the crawl really reaches
# each kind of content (a crawl that found nothing would pass the other tests).
READS_EVERYTHING = ("supervisor", "admin")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    """Built once for the module inside a transaction that is rolled back at its end; each
    test runs in a savepoint within it (pytest-django's ``db``)."""
    media = tmp_path_factory.mktemp("canary-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media), BASE_URL="http://testserver", **TEST_SETTINGS),
        time_machine.travel(NOW.astimezone(UTC), tick=False) as traveller,
        transaction.atomic(),
    ):
        built = build_world(FrozenClock(traveller))
        yield built
        transaction.set_rollback(True)


def test_every_route_is_crawled():
    assert uncovered_routes() == [], (
        "tell the crawl how to request these routes (tests/canary/crawl.py ARGS) or why not "
        "(EXCLUDED)"
    )


def _leaks(world: World, persona: str, reading: Reading) -> list[str]:
    may_read = PROFILES[persona].may_read
    leaks = []
    for found, where in sorted(reading.found.items()):
        canary = world.canaries.get(found)
        if canary is None:
            leaks.append(f"{found} (unknown canary) in {sorted(where)[:3]}")
        elif not may_read(canary):
            leaks.append(f"{found} ({canary.kind}) in {sorted(where)[:4]}")
    return leaks


@pytest.mark.slow
@pytest.mark.parametrize("persona", sorted(PROFILES))
def test_no_persona_reads_another_share(db, world, client, persona):
    reading = crawl(world, persona, client)
    assert reading.requests > 100
    leaks = _leaks(world, persona, reading)
    assert leaks + reading.problems == [], "\n".join(leaks + reading.problems)
    if persona in READS_EVERYTHING:
        assert sorted(set(world.canaries) - set(reading.found)) == []
    # Each persona finds the addresses of the entrances it may read: the crawl reaches them.
    addresses = {
        t for t, c in world.canaries.items() if c.kind == "stock" and t.startswith("QZADR")
    }
    readable = {t for t in addresses if PROFILES[persona].may_read(world.canaries[t])}
    assert readable <= set(reading.found)
