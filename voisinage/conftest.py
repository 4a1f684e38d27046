"""Shared fixtures. The personas, as in the healthchecks test suite:

In "Rivebourg" (a small scheme run by the operator "Médiateurs Unis"): Sonia is the
supervisor, Yanis a field agent and Olivier the operator's manager; Hélène is the referent
of landlord "Habitat Nord", which owns 3 entrances; Nicolas is the referent of "Logis Sud",
which owns 2; Vincent works for the city and sees the whole scheme; Quentin sees only the
neighbourhood "Les Prés".
Three members have partial perimeters: Léa works for Habitat Nord but only in "Les Prés";
Marc supervises the night in "Centre" only; Fanny was Logis Sud's referent until yesterday.
Hugo is a partner of another scheme, "Autreville", and should see nothing of Rivebourg.
Alice is a platform administrator. Zoé has an account and no membership at all.
"""

from __future__ import annotations

import contextlib
import copy
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine

from voisinage.accounts.models import User
from voisinage.accounts.services import roles_ensure_defaults
from voisinage.factories import (
    EntranceFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    SchemeFactory,
    UserFactory,
    besancon_like_hours,
    grant,
    member,
)
from voisinage.lib import clock as lib_clock
from voisinage.lib.clock import today
from voisinage.schemes.models import Scheme
from voisinage.territory.models import Entrance, Neighbourhood, Organisation

# Playwright's sync API keeps an event loop running in the test thread; Django would then refuse
# ORM calls from tests that use a browser. The tests are synchronous, so this is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

if TYPE_CHECKING:
    from django.test import Client
    from playwright.sync_api import Browser, Page
    from pytest_django.live_server_helper import LiveServer

PASSWORD = "correct horse battery"


@dataclass
class Cast:
    scheme: Scheme
    other_scheme: Scheme
    operator: Organisation
    north: Organisation  # landlord "Habitat Nord"
    south: Organisation  # landlord "Logis Sud"
    city: Organisation
    pres: Neighbourhood
    centre: Neighbourhood
    north_entrances: list[Entrance]
    south_entrances: list[Entrance]
    other_entrance: Entrance
    supervisor: User
    agent: User
    operator_manager: User
    north_referent: User
    south_referent: User
    city_officer: User
    pres_viewer: User
    other_partner: User
    admin: User
    nobody: User
    north_pres_referent: User  # Habitat Nord, listed neighbourhoods: Les Prés
    centre_supervisor: User  # operator, supervisor, listed neighbourhoods: Centre
    former_referent: User  # Logis Sud's referent until yesterday

    def personas(self) -> dict[str, User]:
        return {
            "supervisor": self.supervisor,
            "agent": self.agent,
            "operator_manager": self.operator_manager,
            "north_referent": self.north_referent,
            "south_referent": self.south_referent,
            "city_officer": self.city_officer,
            "pres_viewer": self.pres_viewer,
            "north_pres_referent": self.north_pres_referent,
            "centre_supervisor": self.centre_supervisor,
            "former_referent": self.former_referent,
            "other_partner": self.other_partner,
            "admin": self.admin,
            "nobody": self.nobody,
        }


@pytest.fixture(scope="session", autouse=True)
def _serialized_rollback_after_a_flush() -> Iterator[None]:
    """A transactional test without ``serialized_rollback`` empties the database when it ends,
    and Django's ``post_migrate`` then creates the content types and permissions again, with
    other ids. A later test with ``serialized_rollback`` loads the database's first content
    (those rows with their first ids) and would collide with them: drop them before loading."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.db.backends.base.creation import BaseDatabaseCreation

    original = BaseDatabaseCreation.deserialize_db_from_string

    def deserialize(self: BaseDatabaseCreation, data: str) -> None:
        alias = self.connection.alias
        Permission.objects.using(alias).all().delete()
        ContentType.objects.using(alias).all().delete()
        ContentType.objects.clear_cache()
        original(self, data)

    BaseDatabaseCreation.deserialize_db_from_string = deserialize  # type: ignore[method-assign]
    yield
    BaseDatabaseCreation.deserialize_db_from_string = original  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _fresh_content_types() -> Iterator[None]:
    """Django caches content types per process, by id. A transactional test empties the
    database and content types may come back with other ids, so a later test would write a
    stale id (interventions link their source through a content type): forget them."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


class FrozenClock:
    """The project's clock (``voisinage.lib.clock``) held at one moment, moved by hand.

    Built on time-machine, so Python's own clocks move too (Django's and third-party code's "now",
    ``time.time()``): everything in the test agrees on the moment."""

    # How many clocks are frozen now (the shared cast asks whether the clock ticks).
    held = 0

    def __init__(self, traveller: time_machine.Traveller) -> None:
        self._traveller = traveller

    def set(self, at: datetime) -> None:
        """Hold the clock at ``at`` (an aware datetime)."""
        if at.tzinfo is None:
            raise ValueError("the clock takes aware datetimes")
        self._traveller.move_to(at, tick=False)

    def advance(self, **delta: float) -> None:
        """Move the clock forward, e.g. ``advance(minutes=5)``."""
        self._traveller.shift(timedelta(**delta))


# A winter Tuesday evening in Paris: a moment every test may take as "now" unless it sets one.
DEFAULT_NOW = datetime(2026, 1, 13, 21, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture
def manager(cast: Cast, client: Client) -> Client:
    """A test client logged in as the test scheme's operator manager (the settings' editor)."""
    client.force_login(cast.operator_manager)
    return client


@pytest.fixture
def english() -> Iterator[None]:
    """Messages in English (the msgids), whatever the French catalogue holds: for tests that
    match a message's words. Files where every test does take it with
    ``pytestmark = pytest.mark.usefixtures("english")``."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def clock() -> Iterator[FrozenClock]:
    """Freeze the project's clock (default: a winter Tuesday, 21:00 in Paris); ``clock.set(...)``
    moves it. Tests that depend on the time of day take this fixture instead of the real hour."""
    with time_machine.travel(DEFAULT_NOW, tick=False) as traveller:
        FrozenClock.held += 1
        try:
            yield FrozenClock(traveller)
        finally:
            FrozenClock.held -= 1


# --- The hour a run pretends it is ---------------------------------------------------------
# Tests that read the real clock (marker ``time_sensitive``) must pass whatever the hour.
# VOISINAGE_TEST_CLOCK_AT=23:59 starts every test at that time of today in Paris, the clock
# ticking from there; scripts/test runs the marked tests at 23:59 (a minute before the date
# changes) and at 05:59 (a minute before the service day does), see docs/architecture.md (Tests).
CLOCK_AT_ENV = "VOISINAGE_TEST_CLOCK_AT"
CLOCK_ZONE = ZoneInfo("Europe/Paris")


def clock_at(value: str) -> time:
    """A ``VOISINAGE_TEST_CLOCK_AT`` value as a time; a clear error for anything but HH:MM."""
    hours, _sep, minutes = value.partition(":")
    digits = len(hours) == len(minutes) == 2 and hours.isdigit() and minutes.isdigit()
    if digits and int(hours) < 24 and int(minutes) < 60:
        return time(int(hours), int(minutes))
    raise pytest.UsageError(f"{CLOCK_AT_ENV} takes HH:MM, e.g. 23:59, not {value!r}")


# VOISINAGE_TEST_CLOCK_ALSO=23:59,05:59 runs each marked test once more at each of those hours,
# in the same session (one test database, one collection): what scripts/test does.
CLOCK_ALSO_ENV = "VOISINAGE_TEST_CLOCK_ALSO"


def _also_hours() -> list[str]:
    return [h.strip() for h in os.environ.get(CLOCK_ALSO_ENV, "").split(",") if h.strip()]


def pytest_configure(config: pytest.Config) -> None:
    # Refuse a bad value before collecting anything.
    if value := os.environ.get(CLOCK_AT_ENV, ""):
        clock_at(value)
    for value in _also_hours():
        clock_at(value)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Files holding a test marked ``slow`` go first, in their order: the test workers get whole
    files (``--dist loadfile``), and the longest ones given out last would leave one worker
    alone with them at the end of the run. scripts/test passes ``--no-loadscope-reorder``, or
    pytest-xdist would hand the files out by their number of tests instead."""
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    hours = _also_hours()
    if not hours or metafunc.definition.get_closest_marker("time_sensitive") is None:
        return
    metafunc.fixturenames.append("_clock_hour")
    runs = ["", *hours]
    ids = ["now", *(f"at{h.replace(':', 'h')}" for h in hours)]
    metafunc.parametrize("_clock_hour", runs, ids=ids, indirect=True)


@pytest.fixture
def _clock_hour(request: pytest.FixtureRequest) -> str:
    """The hour this run of a ``time_sensitive`` test pretends it is ("" for the real hour)."""
    return str(getattr(request, "param", ""))


@pytest.fixture(autouse=True)
def _clock_at_the_chosen_hour(request: pytest.FixtureRequest) -> Iterator[None]:
    value = os.environ.get(CLOCK_AT_ENV, "")
    if "_clock_hour" in request.fixturenames:
        value = request.getfixturevalue("_clock_hour") or value
    if not value:
        yield
        return
    start = datetime.combine(lib_clock.local_today(CLOCK_ZONE), clock_at(value), CLOCK_ZONE)
    with time_machine.travel(start, tick=True):
        yield


# The settings every test runs with (``_no_second_factor_by_default``; the file's cast and the
# canary crawl's world are built with them too): no second factor (tests opt in), no map tiles,
# tasks run at once through the same django.tasks API as the database queue, and a fast password
# hasher first (Argon2 is deliberately slow and tests hash many passwords; production keeps it).
TEST_SETTINGS = {
    "VOISINAGE_REQUIRE_2FA": False,
    "VOISINAGE_MAP_TILE_URL": "",
    "TASKS": {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
    "PASSWORD_HASHERS": [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ],
}


# --- The cast, built once per test file ------------------------------------------------------
# Building the cast takes some 175 queries (60 ms on SQLite, more on PostgreSQL), and some 1 500
# tests take it. In a file whose database tests all take the cast and none is transactional, it
# is built once, inside a transaction opened for the file and rolled back at its end; each test
# runs in a savepoint within it (pytest-django's ``db``, as Django's ``setUpTestData``) and gets
# its own deep copy of the objects. A test reads the same rows as if it had built them: the file's
# cast serves a test that would have built it at the same moment (the same day on a ticking clock,
# the same instant on a frozen one) and in the same language; for any other, the file's rows are
# deleted within the test's savepoint and the test builds its own, as every test did before.
@dataclass
class SharedCast:
    cast: Cast
    moment: tuple[object, ...]
    rows: dict[str, tuple[str, int, int]]  # table: (primary key column, above, up to)


def _cast_moment() -> tuple[object, ...]:
    """When and in which language a cast built now would be built."""
    from django.utils import translation

    instant = lib_clock.now() if FrozenClock.held else today()
    return (bool(FrozenClock.held), instant, translation.get_language())


def _shares_cast(item: pytest.Item) -> bool | None:
    """Whether this test may share its file's cast (None: it does not touch the database)."""
    names = list(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    by_marker = bool(marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)))
    by_fixture = {"transactional_db", "live_server", "django_db_reset_sequences"} & set(names)
    if by_marker or by_fixture:
        return False
    if "cast" in names:
        return True
    return None if marker is None and "db" not in names else False


def _before_cast(item: pytest.Item, name: str) -> bool:
    """Whether the fixture ``name`` is set up before the cast for this test."""
    names = list(getattr(item, "fixturenames", ()))
    return name in names and names.index(name) < names.index("cast")


def _integer_keyed_tables() -> dict[str, str]:
    from django.apps import apps
    from django.db import models

    tables = {}
    for model in apps.get_models(include_auto_created=True):
        pk = model._meta.pk
        if not model._meta.proxy and isinstance(pk, models.AutoField) and pk.column:
            tables[model._meta.db_table] = pk.column
    return tables


def _highest_keys(tables: dict[str, str]) -> dict[str, int]:
    from django.db import connection

    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        highest = {}
        for table, pk in tables.items():
            cursor.execute(f"SELECT MAX({qn(pk)}) FROM {qn(table)}")  # noqa: S608 - model names
            highest[table] = cursor.fetchone()[0] or 0
    return highest


def _delete_rows(rows: dict[str, tuple[str, int, int]]) -> None:
    """Delete the file's cast within the test's savepoint (foreign keys are checked at commit)."""
    from django.db import connection

    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, (pk, above, upto) in rows.items():
            cursor.execute(
                f"DELETE FROM {qn(table)} WHERE {qn(pk)} > %s AND {qn(pk)} <= %s",  # noqa: S608
                [above, upto],
            )


@pytest.fixture(scope="module")
def _file_cast(
    request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: object
) -> Iterator[SharedCast | None]:
    """The file's cast, or None where the file's tests cannot share one (see above)."""
    from django.db import transaction
    from django.test import override_settings
    from django.utils import translation

    items = [i for i in request.session.items if i.path == request.path]
    shares = [_shares_cast(i) for i in items]
    if False in shares or not any(shares):
        yield None
        return
    users = [i for i, s in zip(items, shares, strict=True) if s]
    # Built as most of the file's tests would build it: on the fixture's frozen clock when most
    # freeze it first, in English when most ask for English first.
    frozen = sum(_before_cast(i, "clock") for i in users) * 2 > len(users)
    english = sum(_before_cast(i, "english") for i in users) * 2 > len(users)
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        with (
            override_settings(**TEST_SETTINGS),
            translation.override("en" if english else translation.get_language()),
            time_machine.travel(DEFAULT_NOW, tick=False) if frozen else contextlib.nullcontext(),
        ):
            FrozenClock.held += frozen
            try:
                tables = _integer_keyed_tables()
                before = _highest_keys(tables)
                built = build_cast()
                after = _highest_keys(tables)
                rows = {
                    t: (tables[t], before[t], after[t]) for t in tables if after[t] != before[t]
                }
                shared = SharedCast(cast=built, moment=_cast_moment(), rows=rows)
            finally:
                FrozenClock.held -= frozen
        yield shared
        transaction.set_rollback(True)


@pytest.fixture
def cast(_file_cast: SharedCast | None, db: None) -> Cast:
    if _file_cast is None:
        return build_cast()
    if _file_cast.moment == _cast_moment():
        return copy.deepcopy(_file_cast.cast)
    _delete_rows(_file_cast.rows)
    return build_cast()


def _cast_network(city: Organisation, officer: User, schemes: list[Scheme]) -> None:
    """The steering network « Métropole de Rivebourg » groups both schemes; the city's officer
    is its member (and holds a grant in Rivebourg only): the persona matrix walks its routes."""
    from voisinage.networks.models import Network, NetworkMember, NetworkScheme

    network = Network.objects.create(
        name="Métropole de Rivebourg", slug="metropole", kind="metropolis", organisation=city
    )
    for member_scheme in schemes:
        NetworkScheme.objects.create(network=network, scheme=member_scheme, added_on=today())
    NetworkMember.objects.create(network=network, user=officer, organisation=city)


def build_cast() -> Cast:
    """The personas and their scheme (the ``cast`` fixture; the canary crawl builds it once per
    module)."""
    roles_ensure_defaults()  # present after migrations; needed with --nomigrations
    operator = OrganisationFactory.create(name="Médiateurs Unis", kind="operator")
    scheme = SchemeFactory.create(name="Rivebourg", slug="rivebourg", operator=operator)
    besancon_like_hours(scheme)
    north = OrganisationFactory.create(name="Habitat Nord", kind="landlord")
    south = OrganisationFactory.create(name="Logis Sud", kind="landlord")
    city = OrganisationFactory.create(name="Ville de Rivebourg", kind="city")
    for org, role in [
        (operator, "operator"),
        (north, "landlord"),
        (south, "landlord"),
        (city, "funder"),
        (north, "coordinator"),
    ]:
        member(scheme, org, role)
    pres = NeighbourhoodFactory.create(scheme=scheme, name="Les Prés", kind="priority")
    centre = NeighbourhoodFactory.create(scheme=scheme, name="Centre", kind="fragile")
    north_entrances = [
        EntranceFactory.create(neighbourhood=pres, landlord=north, code="HN-1", dwellings=12),
        EntranceFactory.create(neighbourhood=pres, landlord=north, code="HN-2", dwellings=20),
        EntranceFactory.create(neighbourhood=centre, landlord=north, code="HN-3", dwellings=8),
    ]
    south_entrances = [
        EntranceFactory.create(neighbourhood=centre, landlord=south, code="LS-1", dwellings=30),
        EntranceFactory.create(neighbourhood=centre, landlord=south, code="LS-2", dwellings=5),
    ]
    other_operator = OrganisationFactory.create(name="Autre Opérateur", kind="operator")
    other_scheme = SchemeFactory.create(
        name="Autreville", slug="autreville", operator=other_operator
    )
    other_org = OrganisationFactory.create(name="ASL Autreville", kind="association")
    member(other_scheme, other_org, "coordinator")
    other_hood = NeighbourhoodFactory.create(scheme=other_scheme, name="Autre quartier")
    other_entrance = EntranceFactory.create(
        neighbourhood=other_hood, landlord=other_org, code="AU-1"
    )

    def person(username: str, first: str) -> User:
        return UserFactory.create(username=username, first_name=first)

    supervisor = person("sonia", "Sonia")
    grant(supervisor, scheme, operator, "supervisor")
    agent = person("yanis", "Yanis")
    grant(agent, scheme, operator, "agent")
    manager = person("olivier", "Olivier")
    grant(manager, scheme, operator, "operator_manager")
    north_referent = person("helene", "Hélène")
    grant(north_referent, scheme, north, "partner_referent", perimeter="landlord")
    south_referent = person("nicolas", "Nicolas")
    grant(south_referent, scheme, south, "partner_referent", perimeter="landlord")
    city_officer = person("vincent", "Vincent")
    grant(city_officer, scheme, city, "partner_referent")
    pres_viewer = person("quentin", "Quentin")
    grant(pres_viewer, scheme, city, "partner_viewer", "neighbourhoods", [pres])
    other_partner = person("hugo", "Hugo")
    grant(other_partner, other_scheme, other_org, "partner_referent")
    admin = person("alice", "Alice")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    nobody = person("zoe", "Zoé")
    north_pres_referent = person("lea", "Léa")
    grant(north_pres_referent, scheme, north, "partner_referent", "neighbourhoods", [pres])
    centre_supervisor = person("marc", "Marc")
    grant(centre_supervisor, scheme, operator, "supervisor", "neighbourhoods", [centre])
    former_referent = person("fanny", "Fanny")
    ended = grant(former_referent, scheme, south, "partner_referent", perimeter="landlord")
    ended.ends_on = today() - timedelta(days=1)
    ended.starts_on = ended.ends_on - timedelta(days=365)
    ended.save(update_fields=["starts_on", "ends_on"])
    _cast_network(city, city_officer, [scheme, other_scheme])
    return Cast(
        scheme=scheme,
        other_scheme=other_scheme,
        operator=operator,
        north=north,
        south=south,
        city=city,
        pres=pres,
        centre=centre,
        north_entrances=north_entrances,
        south_entrances=south_entrances,
        other_entrance=other_entrance,
        supervisor=supervisor,
        agent=agent,
        operator_manager=manager,
        north_referent=north_referent,
        south_referent=south_referent,
        city_officer=city_officer,
        pres_viewer=pres_viewer,
        other_partner=other_partner,
        admin=admin,
        nobody=nobody,
        north_pres_referent=north_pres_referent,
        centre_supervisor=centre_supervisor,
        former_referent=former_referent,
    )


@dataclass
class SecondOperator:
    """A second operator in Rivebourg, « Relais Centre », holding the site Centre: Bruno
    supervises for it over the whole scheme (bounded to Centre by its sites, ADR 0048) and
    Romane is its manager. Médiateurs Unis lists no site: it still holds the whole scheme."""

    operator: Organisation
    supervisor: User  # the persona "centre_operator"
    manager: User


def second_operator(cast: Cast) -> SecondOperator:
    from voisinage.schemes.services import operator_site_add, scheme_member_add

    relais = OrganisationFactory.create(name="Relais Centre", kind="operator")
    scheme_member_add(scheme=cast.scheme, author=None, organisation_id=relais.pk, role="operator")
    operator_site_add(
        scheme=cast.scheme,
        author=None,
        operator_id=relais.pk,
        neighbourhood_id=cast.centre.pk,
        starts_on=today() - timedelta(days=365),
    )
    supervisor = UserFactory.create(username="bruno", first_name="Bruno")
    grant(supervisor, cast.scheme, relais, "supervisor")
    manager = UserFactory.create(username="romane", first_name="Romane")
    grant(manager, cast.scheme, relais, "operator_manager")
    return SecondOperator(operator=relais, supervisor=supervisor, manager=manager)


@pytest.fixture
def relais(cast: Cast) -> SecondOperator:
    return second_operator(cast)


@pytest.fixture(autouse=True)
def _no_second_factor_by_default(settings: pytest.FixtureRequest) -> None:
    """Tests opt into the TOTP requirement explicitly (see accounts tests); see TEST_SETTINGS."""
    for name, value in TEST_SETTINGS.items():
        setattr(settings, name, copy.deepcopy(value))


# --- Real browser (Playwright driving Debian's Chromium) -----------------------------------
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's /usr/bin/chromium (or VOISINAGE_CHROMIUM). Missing → the test fails, loudly."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("VOISINAGE_CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).exists():
        pytest.fail(f"Chromium not found at {executable}: install Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _serialize_live_server() -> None:
    """The live server answers one request at a time.

    On SQLite the test database lives in memory, so every thread of Django's threaded live server
    shares the test's single connection, and with it one transaction state: two requests in
    flight at once (a page and its favicon, a form post and a poll) could interleave their
    transactions and lose a write, such as the session a login has just saved. Requests still
    arrive on their own threads (Chromium keeps idle connections open), but the application
    handles them in turn, as a real server does with one worker.
    """
    import threading

    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.test.testcases import LiveServerThread

    if getattr(LiveServerThread.server_class, "serialized", False):
        return

    class SerializedWSGIServer(ThreadedWSGIServer):
        serialized = True
        lock = threading.Lock()

        def set_app(self, application):  # type: ignore[no-untyped-def]
            def one_at_a_time(environ, start_response):  # type: ignore[no-untyped-def]
                with self.lock:
                    return application(environ, start_response)

            super().set_app(one_at_a_time)

    LiveServerThread.server_class = SerializedWSGIServer


_serialize_live_server()


@pytest.fixture
def browser_page(chromium: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A fresh desktop-sized page; use ``page.set_viewport_size`` for phone width."""
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900},
        locale="fr-FR",
        timezone_id="Europe/Paris",
        base_url=live_server.url,
    )
    if os.environ.get(CLOCK_AT_ENV):
        # The server's clock was moved: the page's follows, as pages send the moment of a tap.
        context.clock.install(time=lib_clock.now())
    page = context.new_page()
    page.set_default_timeout(30_000)  # CI machines are small and busy
    yield page
    context.close()


def log_in(
    page: Page, username: str, password: str = PASSWORD, landing: str | None = "rivebourg"
) -> None:
    """Log in through the real login form in the browser (as someone else if already in);
    ``landing=None`` for a person whose home lists several places (a network's member)."""
    page.context.clear_cookies()
    page.goto("/compte/connexion/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    # The landing's path, not the login page's "?next=" that may quote it.
    if landing is None:
        page.wait_for_url(lambda url: not urlsplit(url).path.startswith("/compte/"))
    else:
        page.wait_for_url(lambda url: urlsplit(url).path.startswith(f"/dispositifs/{landing}/"))


def log_out(page: Page) -> None:
    page.get_by_role("button", name=re.compile("connecter|Log out", re.I)).click()
    page.wait_for_url(re.compile(r"/compte/connexion/"))


def screenshot(page: Page, name: str) -> Path:
    """Keep a screenshot in test-artifacts/ so a person can look at what the test saw."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
