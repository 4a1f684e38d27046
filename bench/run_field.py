"""Time what field staff wait for (the field logbook's speed targets), server-side, on the
generated database.

    python -m bench.run_field            # full run: 300 recordings, 100 night lists, 50 coverages
    python -m bench.run_field --quick    # smoke run: a few of each, no timing judgement

Each request goes through the project's WSGI application (``settings.WSGI_APPLICATION``, what
gunicorn serves) called in this process — the whole middleware stack, URL routing,
authentication (a real API token, a real database session), the view, the template or JSON
rendering — exactly what a worker runs, minus the socket. The time of a request
is from the handler call to the response fully read and closed (``request_finished`` included).
Queries are counted and their execute time summed with ``connection.execute_wrapper``.

Rows of the table:

* floor — ``GET /api/v1/schemes/besancon`` (token, scheme, members, activities: a trivial JSON
  view) and a ``SELECT 1`` round trip; every result is also given as a ratio to the floor;
* record — ``POST /api/v1/schemes/besancon/interventions`` with a fresh ``Idempotency-Key``
  (target: p95 ≤ 50 ms);
* night list — the API list and the logbook page of the busiest night (target ≤ 100 ms);
* coverage — the weekly coverage of Planoise, API and page (target ≤ 200 ms);
* database floors — hand-written SQL doing the least the database must do for the night list
  and for the coverage, to see how far each request is from the database.

The markdown table goes to stdout and to ``bench/results/<engine>-<date>.md`` (``--explain``
adds the query plans of the slowest queries). The interventions the run records are deleted at
the end, with the run's API token and session.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.common import engine, engine_version, machine, percentile, setup_django
from voisinage.lib import clock

if TYPE_CHECKING:
    from voisinage.accounts.models import User
    from voisinage.schemes.models import Scheme

RESULTS_DIR = Path(__file__).resolve().parent / "results"
SLUG = "besancon"


# --- Measuring ----------------------------------------------------------------------------------


@dataclass
class QueryLog:
    """Every query of the current request: SQL, parameters, execute time."""

    active: bool = True
    queries: list[tuple[str, Any, float]] = field(default_factory=list)

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if not self.active:
            return execute(sql, params, many, context)
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((sql, params, time.perf_counter() - start))

    def reset(self) -> None:
        self.queries = []


@dataclass
class Sample:
    seconds: float
    db_seconds: float
    queries: int
    cpu_seconds: float


@dataclass
class Result:
    name: str
    what: str
    command: str = ""
    samples: list[Sample] = field(default_factory=list)
    target_ms: float | None = None
    max_queries: int | None = None
    note: str = ""
    slowest: list[tuple[str, Any, float]] = field(default_factory=list)

    def ms(self, fraction: float) -> float:
        return 1000 * percentile([s.seconds for s in self.samples], fraction)

    def db_ms(self, fraction: float) -> float:
        return 1000 * percentile([s.db_seconds for s in self.samples], fraction)

    def cpu_ms(self, fraction: float) -> float:
        return 1000 * percentile([s.cpu_seconds for s in self.samples], fraction)

    @property
    def queries(self) -> tuple[int, int]:
        counts = [s.queries for s in self.samples] or [0]
        return min(counts), max(counts)

    @property
    def queries_ok(self) -> bool:
        return self.max_queries is None or self.queries[1] <= self.max_queries


Request = tuple[str, str, dict[str, str], bytes]  # method, path?query, headers, body


class Server:
    """The project's WSGI application called in-process, as a WSGI server would."""

    def __init__(self) -> None:
        from django.core.servers.basehttp import get_internal_wsgi_application

        # settings.WSGI_APPLICATION: voisinage.wsgi.application, what gunicorn serves.
        self.app = get_internal_wsgi_application()

    def call(
        self, method: str, url: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, bytes]:
        path, _sep, query = url.partition("?")
        environ: dict[str, Any] = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SCRIPT_NAME": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            "CONTENT_LENGTH": str(len(body)),
        }
        for name, value in headers.items():
            key = name.upper().replace("-", "_")
            if key == "CONTENT_TYPE":
                environ[key] = value
            else:
                environ[f"HTTP_{key}"] = value
        status: list[str] = []

        def start_response(line: str, _headers: Any, _exc: Any = None) -> Any:
            status.append(line)
            return lambda _data: None

        response = self.app(environ, start_response)
        try:
            content = b"".join(response)
        finally:
            close = getattr(response, "close", None)
            if close is not None:
                close()
        return int(status[0].split()[0]), content


def run(
    result: Result,
    make: Callable[[int], Request],
    *,
    server: Server,
    log: QueryLog,
    repetitions: int,
    warmup: int,
    expect: int = 200,
    check: Callable[[bytes], None] | None = None,
) -> Result:
    """Warm up, then time ``repetitions`` requests; keeps the slowest queries of the last one."""
    for i in range(warmup + repetitions):
        method, url, headers, body = make(i)
        log.reset()
        cpu = time.thread_time()
        start = time.perf_counter()
        status, content = server.call(method, url, headers, body)
        elapsed = time.perf_counter() - start
        cpu = time.thread_time() - cpu
        if status != expect:
            raise SystemExit(
                f"{result.name}: {url} answered {status}, not {expect}: {content[:2000]!r}"
            )
        if check is not None and i == 0:
            check(content)
        if i >= warmup:
            db = sum(q[2] for q in log.queries)
            result.samples.append(Sample(elapsed, db, len(log.queries), cpu))
    result.slowest = sorted(log.queries, key=lambda q: -q[2])[:3]
    return result


def run_callable(
    result: Result, call: Callable[[], Any], *, log: QueryLog, repetitions: int, warmup: int
) -> Result:
    """Same as run(), for a database call with no HTTP around it."""
    for i in range(warmup + repetitions):
        log.reset()
        cpu = time.thread_time()
        start = time.perf_counter()
        call()
        elapsed = time.perf_counter() - start
        cpu = time.thread_time() - cpu
        if i >= warmup:
            db = sum(q[2] for q in log.queries)
            result.samples.append(Sample(elapsed, db, len(log.queries), cpu))
    return result


# --- The scene ----------------------------------------------------------------------------------


@dataclass
class Scene:
    scheme: Scheme
    agent: User
    supervisor: User
    partner_id: int
    token: str
    token_id: int
    session_cookie: str
    busy_night: date
    busy_count: int
    monday: date
    week: str
    planoise: int
    entrance_ids: list[int]
    interventions: int


def busiest_night(scheme: Scheme) -> tuple[date, int]:
    from django.db.models import Count

    from voisinage.field.models import Intervention

    row = (
        Intervention.objects.filter(scheme=scheme)
        .values("night")
        .annotate(n=Count("id"))
        .order_by("-n", "-night")
        .first()
    )
    if row is None:
        raise SystemExit("No intervention: run python -m bench.generate first.")
    return row["night"], row["n"]


def prepare() -> Scene:
    from django.conf import settings
    from django.test import Client

    from voisinage.accounts.models import User
    from voisinage.accounts.services import api_token_create
    from voisinage.field.models import Intervention
    from voisinage.field.patrols.calendar import monday_of, week_label
    from voisinage.schemes.models import Scheme
    from voisinage.territory.models import Entrance, Neighbourhood

    scheme = Scheme.objects.get(slug=SLUG)
    agent = User.objects.get(username="agent")
    supervisor = User.objects.get(username="superviseur")
    partner = User.objects.filter(username__startswith="bench.agent").order_by("username").first()
    token, raw = api_token_create(user=agent, name=f"bench {clock.local_now():%Y-%m-%d %H:%M}")
    client = Client()
    client.force_login(supervisor)
    night, count = busiest_night(scheme)
    last = (
        Intervention.objects.filter(scheme=scheme)
        .order_by("-night")
        .values_list("night", flat=True)
        .first()
    )
    assert last is not None
    # The last complete ISO week of data: what a supervisor reviews on Monday.
    monday = monday_of(last) - timedelta(days=7 if last.weekday() < 5 else 0)
    planoise = Neighbourhood.objects.get(scheme=scheme, name="Planoise")
    return Scene(
        scheme=scheme,
        agent=agent,
        supervisor=supervisor,
        partner_id=(partner or agent).pk,
        token=raw,
        token_id=token.pk,
        session_cookie=client.cookies[settings.SESSION_COOKIE_NAME].value,
        busy_night=night,
        busy_count=count,
        monday=monday,
        week=week_label(monday),
        planoise=planoise.pk,
        entrance_ids=list(
            Entrance.objects.filter(scheme=scheme, neighbourhood=planoise).values_list(
                "pk", flat=True
            )
        ),
        interventions=Intervention.objects.count(),
    )


RUN_KEY = f"bench-run-{uuid.uuid4().hex[:8]}-"


def cleanup(scene: Scene) -> int:
    from django.contrib.sessions.models import Session

    from voisinage.accounts.models import ApiToken
    from voisinage.field.models import Intervention

    deleted, _by_model = Intervention.objects.filter(idempotency_key__startswith=RUN_KEY).delete()
    ApiToken.objects.filter(pk=scene.token_id).delete()
    Session.objects.filter(session_key=scene.session_cookie).delete()
    return deleted


# --- Benchmarks ---------------------------------------------------------------------------------

SITUATIONS: tuple[tuple[list[str], list[str], str], ...] = (
    (["regroupement-hall"], ["dialogue", "rappel-regles"], "presence"),
    (["bruit"], ["dialogue"], "conflits"),
    (["eclairage"], ["signalement-bailleur"], "veille"),
    ([], [], "veille"),
)


def recording(scene: Scene) -> Callable[[int], Request]:

    def make(i: int) -> Request:
        now = clock.now().replace(microsecond=0)
        situations, actions, activity = SITUATIONS[i % len(SITUATIONS)]
        payload = {
            "started_at": (now - timedelta(minutes=12)).isoformat(),
            "ended_at": now.isoformat(),
            "origin": "patrol" if not situations else "own_initiative",
            "entrance_id": scene.entrance_ids[(i * 7) % len(scene.entrance_ids)],
            "agent_ids": [scene.partner_id],
            "activities": [activity],
            "situations": situations,
            "actions": actions,
            "young_people": 4 if "regroupement-hall" in situations else 0,
            "result": "resolved" if situations else "",
            "climate": "yellow" if situations else "green",
            "narrative": "Mesure du banc d'essai.",
        }
        return (
            "POST",
            f"/api/v1/schemes/{SLUG}/interventions",
            {
                "Authorization": f"Bearer {scene.token}",
                "Content-Type": "application/json",
                "Idempotency-Key": f"{RUN_KEY}{uuid.uuid4().hex}",
            },
            json.dumps(payload).encode(),
        )

    return make


def api_get(scene: Scene, url: str) -> Callable[[int], Request]:
    return lambda _i: ("GET", url, {"Authorization": f"Bearer {scene.token}"}, b"")


def page_get(scene: Scene, url: str) -> Callable[[int], Request]:
    from django.conf import settings

    cookie = f"{settings.SESSION_COOKIE_NAME}={scene.session_cookie}"
    return lambda _i: ("GET", url, {"Cookie": cookie}, b"")


def raw_sql(sql: str, params: Sequence[Any]) -> Callable[[], Any]:
    from django.db import connection

    def call() -> Any:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return call


def night_rows_sql(scene: Scene) -> tuple[str, list[Any]]:
    """The least the database must do for a night's first page: the rows, in order."""
    return (
        "SELECT * FROM field_intervention WHERE scheme_id = %s AND night = %s "
        "ORDER BY started_at, id LIMIT 100",
        [scene.scheme.pk, scene.busy_night],
    )


def coverage_sql(scene: Scene) -> tuple[str, list[Any]]:
    """The least the database must do for a week's coverage: per neighbourhood, the distinct
    entrances with a patrol intervention during the week (Planoise)."""
    sunday = scene.monday + timedelta(days=6)
    return (
        "SELECT i.neighbourhood_id, COUNT(DISTINCT i.entrance_id) FROM field_intervention i "
        "WHERE i.scheme_id = %s AND i.neighbourhood_id = %s AND i.night BETWEEN %s AND %s "
        "AND i.origin = 'patrol' AND i.entrance_id IS NOT NULL GROUP BY i.neighbourhood_id",
        [scene.scheme.pk, scene.planoise, scene.monday, sunday],
    )


def explain(sql: str, params: Any) -> str:
    from django.db import connection

    if not sql.lstrip().upper().startswith("SELECT"):
        return "(not a SELECT)"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(f"{'  ' * 0}{row[-1]}" for row in cursor.fetchall())


@dataclass(frozen=True)
class Plan:
    recordings: int
    lists: int
    coverages: int
    floors: int
    warmup: int


FULL = Plan(recordings=300, lists=100, coverages=50, floors=200, warmup=10)
QUICK = Plan(recordings=10, lists=5, coverages=3, floors=10, warmup=2)


def benchmark(scene: Scene, plan: Plan, log: QueryLog, server: Server) -> list[Result]:
    night = scene.busy_night.isoformat()
    list_api = f"/api/v1/schemes/{SLUG}/interventions?night={night}"
    logbook = f"/dispositifs/{SLUG}/main-courante/?nuit={night}"
    coverage_api = (
        f"/api/v1/schemes/{SLUG}/coverage?week={scene.week}&neighbourhood={scene.planoise}"
    )
    coverage_page = (
        f"/dispositifs/{SLUG}/couverture/?semaine={scene.week}&quartier={scene.planoise}"
    )
    coverage_all = f"/api/v1/schemes/{SLUG}/coverage?week={scene.week}"
    w = plan.warmup

    def rows_check(expected: int) -> Callable[[bytes], None]:
        def check(content: bytes) -> None:
            data = json.loads(content)
            if data.get("count") != expected or not data.get("items"):
                raise SystemExit(
                    f"the night list answered {data.get('count')} rows, not {expected}"
                )

        return check

    def planoise_check(content: bytes) -> None:
        data = json.loads(content)
        hoods = data.get("neighbourhoods") or []
        if not hoods or hoods[0]["neighbourhood"]["id"] != scene.planoise:
            raise SystemExit(f"the coverage did not answer for Planoise: {str(data)[:500]}")

    from bench.floors import fair_floors

    results = [
        *fair_floors(log=log, repetitions=plan.floors, warmup=w),
        run(
            Result("floor", "GET /api/v1/schemes/besancon (trivial JSON view)", max_queries=10),
            api_get(scene, f"/api/v1/schemes/{SLUG}"),
            server=server,
            log=log,
            repetitions=plan.floors,
            warmup=w,
        ),
        run_callable(
            Result("floor", "SELECT 1 round trip (database floor)"),
            raw_sql("SELECT 1", []),
            log=log,
            repetitions=plan.floors,
            warmup=w,
        ),
        run(
            Result(
                "record",
                "POST /api/v1/schemes/besancon/interventions (fresh Idempotency-Key)",
                target_ms=50,
                max_queries=60,
            ),
            recording(scene),
            server=server,
            log=log,
            repetitions=plan.recordings,
            warmup=w,
            expect=201,
        ),
        run(
            Result(
                "night list",
                f"GET /api/v1/schemes/besancon/interventions?night= (busiest night, "
                f"{scene.busy_count} rows, page of 100)",
                target_ms=100,
                max_queries=20,
            ),
            api_get(scene, list_api),
            server=server,
            log=log,
            repetitions=plan.lists,
            warmup=w,
            check=rows_check(scene.busy_count),
        ),
        run(
            Result(
                "night list",
                "GET /dispositifs/besancon/main-courante/?nuit= (logbook page, supervisor)",
                target_ms=100,
                max_queries=30,
            ),
            page_get(scene, logbook),
            server=server,
            log=log,
            repetitions=plan.lists,
            warmup=w,
        ),
        run_callable(
            Result("night list", "hand-written SQL: the night's first 100 rows (database floor)"),
            raw_sql(*night_rows_sql(scene)),
            log=log,
            repetitions=plan.lists,
            warmup=w,
        ),
        run(
            Result(
                "coverage",
                f"GET /api/v1/schemes/besancon/coverage?week={scene.week}&neighbourhood=Planoise",
                target_ms=200,
                max_queries=20,
            ),
            api_get(scene, coverage_api),
            server=server,
            log=log,
            repetitions=plan.coverages,
            warmup=w,
            check=planoise_check,
        ),
        run(
            Result(
                "coverage",
                f"GET /dispositifs/besancon/couverture/?semaine={scene.week}&quartier=Planoise "
                "(page)",
                target_ms=200,
                max_queries=30,
            ),
            page_get(scene, coverage_page),
            server=server,
            log=log,
            repetitions=plan.coverages,
            warmup=w,
        ),
        run(
            Result(
                "coverage",
                f"GET /api/v1/schemes/besancon/coverage?week={scene.week} (all neighbourhoods)",
                max_queries=20,
            ),
            api_get(scene, coverage_all),
            server=server,
            log=log,
            repetitions=plan.coverages,
            warmup=w,
        ),
        run_callable(
            Result(
                "coverage",
                "hand-written SQL: distinct entrances patrolled in the week, Planoise "
                "(database floor)",
            ),
            raw_sql(*coverage_sql(scene)),
            log=log,
            repetitions=plan.coverages,
            warmup=w,
        ),
    ]
    return results


# --- Report -------------------------------------------------------------------------------------


def verdict(result: Result, quick: bool) -> str:
    """Judged on the wall-clock p95; the CPU p95 says what an idle core would give."""
    if result.target_ms is None:
        return ""
    target = result.target_ms
    if quick:
        return f"≤ {target:.0f} (not judged)"
    p95, cpu95 = result.ms(0.95), result.cpu_ms(0.95)
    wall = "**met**" if p95 <= target else f"**missed** by {p95 - target:.0f} ms"
    cpu = "met" if cpu95 <= target else f"missed by {cpu95 - target:.0f} ms"
    return f"≤ {target:.0f}: wall {wall}; CPU {cpu}"


def table(results: list[Result], quick: bool) -> str:
    """Every row with its p50 divided by the p50 of each fair floor (bench/floors.py): bare
    Django, and a django-ninja route with Bearer authentication, both without a database."""
    bare, ninja = (r.ms(0.5) for r in results if r.name == "fair floor")
    lines = [
        "| Benchmark | What | n | p50 ms | p95 ms | CPU p50 ms | CPU p95 ms | DB p50 ms | queries "
        "| × bare Django (p50) | × floor (p50): ninja + Bearer | Target (p95) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        qmin, qmax = r.queries
        queries = f"{qmin}" if qmin == qmax else f"{qmin}–{qmax}"
        if not r.queries_ok:
            queries += f" (**over {r.max_queries}**)"
        http = r.what.split()[0] in {"GET", "POST"}
        ratios = (
            f"{r.ms(0.5) / bare:.1f} | {r.ms(0.5) / ninja:.1f}" if http or r.name == "fair floor"
            else "— | —"
        )  # fmt: skip
        lines.append(
            f"| {r.name} | {r.what} | {len(r.samples)} | {r.ms(0.5):.2f} | {r.ms(0.95):.2f} | "
            f"{r.cpu_ms(0.5):.1f} | {r.cpu_ms(0.95):.1f} | {r.db_ms(0.5):.1f} | {queries} | "
            f"{ratios} | {verdict(r, quick)} |"
        )
    return "\n".join(lines)


def cpu_share(seconds: float = 0.5) -> float:
    """The share of one core this thread gets for pure Python work (1.0 on an idle machine):
    wall times on a busy machine are about CPU times divided by it."""
    cpu, wall = time.thread_time(), time.perf_counter()
    total = 0
    while time.perf_counter() - wall < seconds:
        total += sum(i * i for i in range(10_000))
    return (time.thread_time() - cpu) / (time.perf_counter() - wall)


def load_average() -> str:
    try:
        with open("/proc/loadavg", encoding="ascii") as handle:
            return " ".join(handle.read().split()[:3])
    except OSError:
        return "?"


def report(
    scene: Scene, results: list[Result], args: argparse.Namespace, plans: str, loads: list[str]
) -> str:
    facts = machine()
    now = clock.local_now()
    command = (
        "python -m bench.run_field"
        + (" --quick" if args.quick else "")
        + (" --explain" if args.explain else "")
    )
    out = [
        f"# Field benchmarks — {engine()} — {now:%Y-%m-%d %H:%M %Z}",
        "",
        f"- Machine: {facts['cpus']} CPU ({facts['cpu']}), {facts['memory']} RAM, "
        f"Python {facts['python']}, {engine_version()}, commit {facts['commit']}",
        f"- Load average (1, 5, 15 min) before and after: {loads[0]} → {loads[-1]}; the CPU "
        "share is the part of a core a pure-Python loop got (1.0 = idle machine)",
        f"- Data: {scene.interventions:,} interventions; busiest night {scene.busy_night} "
        f"({scene.busy_count} interventions); coverage week {scene.week} "
        f"(Monday {scene.monday}), Planoise = neighbourhood {scene.planoise}",
        f"- Command: `DATABASE_URL=… {command}`; warm-up {args.plan.warmup} requests per row.",
        "- Times are server-side: Django's WSGI handler called in-process (full middleware, "
        "real token or session). CPU = this process's CPU time (the SQLite work is in it, "
        "PostgreSQL's is not); DB = execute time of the queries (on SQLite, rows fetched after "
        "the first are not in it). × bare Django and × floor = p50 / p50 of the fair floors "
        "(bench/floors.py), measured first in this run.",
        "",
        table(results, args.quick),
        "",
    ]
    if plans:
        out += ["## Slowest queries and their plans", "", plans]
    return "\n".join(out)


def plans_section(results: list[Result]) -> str:
    parts = []
    for r in results:
        if not r.slowest:
            continue
        parts.append(f"### {r.name}: {r.what}\n")
        for sql, params, seconds in r.slowest[:2]:
            parts.append(f"{1000 * seconds:.2f} ms:\n\n```sql\n{sql}\n```\n\nparams: `{params}`\n")
            parts.append(f"```\n{explain(sql, params)}\n```\n")
    return "\n".join(parts)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run_field", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--quick", action="store_true", help="a few repetitions, no timing judgement"
    )
    parser.add_argument(
        "--explain", action="store_true", help="add the plans of the slowest queries"
    )
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results/")
    parser.add_argument(
        "--output", type=Path, help="results file (default: bench/results/<engine>-<date>.md)"
    )
    args = parser.parse_args(argv)
    args.plan = QUICK if args.quick else FULL
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    setup_django()
    from django.db import connection

    started = time.perf_counter()
    loads = [f"{load_average()} (CPU share {cpu_share():.0%})"]
    scene = prepare()
    log = QueryLog()
    server = Server()
    try:
        with connection.execute_wrapper(log):
            results = benchmark(scene, args.plan, log, server)
        log.active = False
        loads.append(f"{load_average()} (CPU share {cpu_share():.0%})")
        plans = plans_section(results) if args.explain else ""
    finally:
        deleted = cleanup(scene)
    text = report(scene, results, args, plans, loads)
    print(text)
    print(f"({deleted} rows recorded by the run deleted; {time.perf_counter() - started:.0f} s)")
    if not args.no_write:
        RESULTS_DIR.mkdir(exist_ok=True)
        target = (
            args.output
            or RESULTS_DIR
            / f"{engine()}-{clock.today():%Y-%m-%d}{'-quick' if args.quick else ''}.md"
        )
        target.write_text(text + "\n", encoding="utf-8")
        print(f"written to {target}")
    failed = [r for r in results if not r.queries_ok]
    if failed:
        print("query budget exceeded: " + ", ".join(r.what for r in failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
