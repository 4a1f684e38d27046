"""Recording under concurrent clients through gunicorn, and the memory of a web worker serving
the annual review deck and of the task worker sending a digest (the load and memory checks of
the measurements at scale), on the generated database.

    python -m bench.run_load                  # 20 clients × 50 requests per row, then memory
    python -m bench.run_load --quick          # 20 clients × 3 requests, smoke run
    python -m bench.run_load --seconds 30     # each row lasts 30 s instead of N requests

Load: gunicorn (what serves production) is started as a subprocess on 127.0.0.1 and a free
port, serving ``voisinage.wsgi:application`` with ``bench.settings`` and this process's
``DATABASE_URL``, with sync workers. ``--workers`` defaults to 2 × cores + 1, gunicorn's own
advice for sync workers: a worker waiting on the database leaves its core to another one.
A concurrent burst of 2 × workers connections first warms every worker (its first requests
are slow: lazy imports, a new database connection); ``--clients`` threads (20) then each send
their requests one after the other over ``http.client`` (after a warm-up of their own) — sync
workers close the connection after each response, so every request includes a loopback TCP
connect, as behind a reverse proxy that does not pool connections.
Rows:

* floor — ``GET /api/v1/schemes/<slug>`` (Bearer token, a trivial JSON view);
* record — ``POST /api/v1/schemes/<slug>/interventions`` with a fresh ``Idempotency-Key``, as a
  field agent of the scheme (the body of ``bench.run_field``); every answer must be 201.

Times are client-side: from sending the request to the response fully read, so they include
the clients' own overhead, and the clients share the machine's cores with gunicorn (20 clients
on 2 cores here). The field logbook's recording target (p95 ≤ 50 ms) is for a single client;
under 20 clients the figures to read are the throughput and the ratio to the floor in the same
run.

Memory (peak resident set, ``VmHWM``): a gunicorn sync worker (``--workers 1``) serving
``GET /api/v1/schemes/<slug>/review.pptx`` for the last complete year as the scheme's
supervisor, and the task worker (``manage.py db_worker --max-tasks 1``) running its heaviest
real task, ``digests.tasks.send_digest_deliveries``: the e-mails of the digest of the scheme's
busiest night without a digest yet, each with its PDF (the deck is no longer built by a task,
ADR 0035). The digest is dispatched by ``digests.services.digest_dispatch`` (one delivery per
recipient; five of the scheme's member organisations are added as recipients if it has none),
and the task it enqueues is raised to the highest priority so the worker takes it first; the
e-mails go to bench.settings' in-memory backend. Each worker reports its resident memory at
rest (started, one floor request served for the web worker) and its peak.

The scheme is the one with the most interventions unless ``--scheme``; its agent, second agent
and supervisor are found by their memberships (role codes ``agent`` and ``supervisor``). The
report goes to stdout and to ``bench/results/load-<engine>-<date>.md``. The run's interventions,
API tokens, digest (with its version and deliveries), the recipients it added and the task
result are deleted at the end, also on error.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench import run_field
from bench.common import (
    busiest_scheme,
    engine,
    engine_version,
    machine,
    membership,
    percentile,
    review_year,
    setup_django,
)
from bench.load_memory import Peak, memory_table, task_peak, web_peak
from bench.processes import api_get, gunicorn, memory, send, tail
from bench.run_field import Request, cpu_share, load_average
from voisinage.lib import clock

if TYPE_CHECKING:
    from voisinage.accounts.models import User
    from voisinage.schemes.models import Scheme

RESULTS_DIR = Path(__file__).resolve().parent / "results"


# --- The scene ----------------------------------------------------------------------------------


@dataclass
class Scene:
    scheme: Scheme
    agent: User
    supervisor: User
    partner_id: int
    token: str  # the agent's
    supervisor_token: str
    token_ids: list[int]
    entrance_ids: list[int]
    year: int
    interventions: int
    created: dict[str, Any] = field(default_factory=dict)


def member(scheme: Scheme, role: str, *, skip: Sequence[int] = ()) -> User | None:
    found = membership(scheme, role, skip=skip)
    return found.user if found is not None else None


def prepare(slug: str | None) -> Scene:
    from voisinage.accounts.services import api_token_create
    from voisinage.field.models import Intervention
    from voisinage.schemes.models import Scheme
    from voisinage.territory.models import Entrance

    scheme = Scheme.objects.get(slug=slug or busiest_scheme())
    agent = member(scheme, "agent")
    supervisor = member(scheme, "supervisor")
    if agent is None or supervisor is None:
        raise SystemExit(f"{scheme.slug} has no active agent or supervisor membership.")
    partner = member(scheme, "agent", skip=[agent.pk]) or agent
    name = f"bench load {clock.local_now():%Y-%m-%d %H:%M}"
    token, raw = api_token_create(user=agent, name=name)
    sup_token, sup_raw = api_token_create(user=supervisor, name=name)
    entrances = list(
        Entrance.objects.filter(scheme=scheme).order_by("pk").values_list("pk", flat=True)[:500]
    )
    if not entrances:
        raise SystemExit(f"{scheme.slug} has no entrance.")
    return Scene(
        scheme=scheme,
        agent=agent,
        supervisor=supervisor,
        partner_id=partner.pk,
        token=raw,
        supervisor_token=sup_raw,
        token_ids=[token.pk, sup_token.pk],
        entrance_ids=entrances,
        year=review_year(scheme),
        interventions=Intervention.objects.filter(scheme=scheme).count(),
    )


def cleanup(scene: Scene) -> int:
    """Delete what the run created; returns the number of rows deleted."""
    from django_tasks_db.models import DBTaskResult

    from voisinage.accounts.models import ApiToken
    from voisinage.digests.models import Digest, DigestRecipient
    from voisinage.field.models import Intervention

    deleted = Intervention.objects.filter(idempotency_key__startswith=run_field.RUN_KEY).delete()[0]
    if "digest" in scene.created:  # with its version and deliveries (cascade)
        deleted += Digest.objects.filter(pk=scene.created["digest"]).delete()[0]
    if "digest_recipients" in scene.created:
        deleted += DigestRecipient.objects.filter(
            pk__in=scene.created["digest_recipients"]
        ).delete()[0]
    if "task_result" in scene.created:
        deleted += DBTaskResult.objects.filter(pk=scene.created["task_result"]).delete()[0]
    deleted += ApiToken.objects.filter(pk__in=scene.token_ids).delete()[0]
    return deleted


def recording(scene: Scene) -> Callable[[int], Request]:
    """bench.run_field's recording (its payload and Idempotency-Key prefix), for this scheme."""
    make = run_field.recording(scene)  # type: ignore[arg-type]
    url = f"/api/v1/schemes/{scene.scheme.slug}/interventions"

    def request(i: int) -> Request:
        method, _url, headers, body = make(i)
        return method, url, headers, body

    return request


# --- Load ---------------------------------------------------------------------------------------


@dataclass
class Load:
    name: str
    what: str
    clients: int
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def ms(self, fraction: float) -> float:
        return 1000 * percentile(self.latencies, fraction)

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else float("nan")


def hammer(
    load: Load,
    port: int,
    make: Callable[[int], Request],
    *,
    requests: int,
    seconds: float | None,
    warmup: int,
    expect: int,
    check: Callable[[bytes], None],
) -> Load:
    """``load.clients`` threads, each sending its requests one after the other; all start
    together after their warm-up. Errors are counted (the caller fails on any)."""
    barrier = threading.Barrier(load.clients + 1, timeout=1800)
    ends: list[float] = []
    checked = threading.Lock()

    def one(conn: http.client.HTTPConnection, i: int, timed: bool) -> None:
        start = time.perf_counter()
        try:
            status, content = send(conn, make(i))
        except (OSError, http.client.HTTPException) as exc:
            load.errors.append(repr(exc))
            return
        elapsed = time.perf_counter() - start
        if status != expect:
            load.errors.append(f"{status}: {content[:300]!r}")
            return
        if timed:
            load.latencies.append(elapsed)
        if checked.acquire(blocking=False):  # the first good answer's content, once
            try:
                check(content)
            except (SystemExit, ValueError) as exc:
                load.errors.append(f"wrong content: {exc}")

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        base = k * 1_000_000
        try:
            for n in range(warmup):
                one(conn, base + n, timed=False)
        finally:
            barrier.wait()  # a client that failed must not leave the others waiting
        deadline = time.perf_counter() + (seconds or 0)
        n = warmup
        try:
            while (n - warmup < requests) if seconds is None else time.perf_counter() < deadline:
                one(conn, base + n, timed=True)
                n += 1
        except Exception as exc:  # counted: the run fails on any error
            load.errors.append(repr(exc))
        finally:
            ends.append(time.perf_counter())
            conn.close()

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(load.clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    load.seconds = max(ends, default=started) - started
    return load


def run_load(scene: Scene, args: argparse.Namespace, logdir: Path) -> tuple[list[Load], str]:
    slug = scene.scheme.slug
    floor_make = api_get(scene.token, f"/api/v1/schemes/{slug}")

    def floor_check(content: bytes) -> None:
        if json.loads(content).get("slug") != slug:
            raise SystemExit(f"the floor did not answer {slug}: {content[:300]!r}")

    def record_check(content: bytes) -> None:
        if "id" not in json.loads(content):
            raise SystemExit(f"the recording answered no id: {content[:300]!r}")

    record_make = recording(scene)
    kwargs = {"requests": args.requests, "seconds": args.seconds, "warmup": args.warmup}
    with gunicorn(args.workers, logdir, floor_make) as server:
        # Every worker's first requests are slow (lazy imports, a new database connection):
        # a concurrent burst wider than the worker pool gets them out of the way, whatever
        # the number of clients measured.
        rows = ((floor_make, 200, floor_check), (record_make, 201, record_check))
        for make, expect, check in rows:
            burst = hammer(
                Load("warm-up", "", max(2 * args.workers, args.clients)),
                server.port,
                make,
                requests=args.warmup,
                seconds=None,
                warmup=0,
                expect=expect,
                check=check,
            )
            if burst.errors:
                raise SystemExit(f"warm-up: {burst.errors[:3]}\n{tail(server.log)}")
        floor = hammer(
            Load("floor", f"GET /api/v1/schemes/{slug} (trivial JSON view)", args.clients),
            server.port,
            floor_make,
            expect=200,
            check=floor_check,
            **kwargs,
        )
        record = hammer(
            Load(
                "record",
                f"POST /api/v1/schemes/{slug}/interventions (fresh Idempotency-Key)",
                args.clients,
            ),
            server.port,
            record_make,
            expect=201,
            check=record_check,
            **kwargs,
        )
        rss = [memory(pid) for pid in server.workers]
    workers = (
        f"{len(rss)} workers after the load: RSS {min(m['VmRSS'] for m in rss) / 1024:.0f}–"
        f"{max(m['VmRSS'] for m in rss) / 1024:.0f} MiB, peak "
        f"{max(m['VmHWM'] for m in rss) / 1024:.0f} MiB"
        if rss
        else ""
    )
    for load in (floor, record):
        if load.errors:
            raise SystemExit(
                f"{load.name}: {len(load.errors)} errors under {load.clients} clients, e.g. "
                + "; ".join(load.errors[:3])
                + f"\ngunicorn's log:\n{tail(server.log)}"
            )
    return [floor, record], workers


# --- Report -------------------------------------------------------------------------------------


def load_table(loads: list[Load]) -> str:
    floor = loads[0]
    lines = [
        "| Row | What | clients | n | errors | p50 ms | p95 ms | max ms | requests/s "
        "| × floor p50 | × floor p95 |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in loads:
        lines.append(
            f"| {r.name} | {r.what} | {r.clients} | {len(r.latencies)} | {len(r.errors)} | "
            f"{r.ms(0.5):.1f} | {r.ms(0.95):.1f} | {r.ms(1):.1f} | {r.throughput:.1f} | "
            f"{r.ms(0.5) / floor.ms(0.5):.1f} | {r.ms(0.95) / floor.ms(0.95):.1f} |"
        )
    return "\n".join(lines)


def report(
    scene: Scene,
    loads: list[Load],
    workers: str,
    peaks: list[Peak],
    args: argparse.Namespace,
    loads_avg: list[str],
) -> str:
    facts = machine()
    now = clock.local_now()
    size = (
        f"{args.seconds:g} s per client"
        if args.seconds is not None
        else f"{args.requests} requests per client"
    )
    out = [
        f"# Load and memory — {engine()} — {now:%Y-%m-%d %H:%M %Z}",
        "",
        f"- Machine: {facts['cpus']} CPU ({facts['cpu']}), {facts['memory']} RAM, "
        f"Python {facts['python']}, {engine_version()}, commit {facts['commit']}",
        f"- Load average before and after: {loads_avg[0]} → {loads_avg[-1]}",
        f"- Data: scheme {scene.scheme.slug}, {scene.interventions:,} interventions; review "
        f"year {scene.year}",
        f"- Command: `DATABASE_URL=… {args.command}`",
        f"- gunicorn, {args.workers} sync workers (2 × cores + 1 by default); {args.clients} "
        f"client threads in this process, {size} after {args.warmup} warm-up each (and a burst of "
        f"{max(2 * args.workers, args.clients)} × {args.warmup} to warm every worker), on the "
        f"same {facts['cpus']} cores as the server. Times are client-side (request sent → "
        "response read) and include the clients' own overhead and a loopback TCP connect "
        "(sync workers close the connection after each response). The recording target "
        "(p95 ≤ 50 ms) is for one client; there is no target for concurrent clients.",
        "",
        load_table(loads),
        "",
    ]
    if workers:
        out += [f"Web workers: {workers}.", ""]
    if peaks:
        out += [
            "## Memory: the annual review deck (web) and a digest's e-mails (task worker)",
            "",
            "RSS at rest: the worker started (the web worker after one floor request), before "
            "its work; peak: its VmHWM (the web worker, read from /proc after the response) or "
            "its maximum resident set from wait4 (the task worker, which exits after its task).",
            "",
            memory_table(peaks),
            "",
        ]
    return "\n".join(out)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run_load", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument("--scheme", help="scheme slug (default: the most interventions)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (20)")
    amount = parser.add_mutually_exclusive_group()
    amount.add_argument("--requests", type=int, help="timed requests per client and row (50)")
    amount.add_argument("--seconds", type=float, help="duration of each row instead")
    cores = os.cpu_count() or 1
    parser.add_argument(
        "--workers", type=int, default=2 * cores + 1, help="gunicorn workers (2 × cores + 1)"
    )
    parser.add_argument("--quick", action="store_true", help="3 requests per client, not judged")
    parser.add_argument("--no-memory", action="store_true", help="skip the workers' memory")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results/")
    parser.add_argument("--output", type=Path, help="results file")
    args = parser.parse_args(argv)
    if args.requests is None:
        args.requests = 3 if args.quick else 50
    args.warmup = 1 if args.quick else 5
    args.command = "python -m bench.run_load " + " ".join(argv if argv else sys.argv[1:])
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    # Stopped with SIGTERM, the run still stops gunicorn and deletes what it created.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    setup_django()
    started = time.perf_counter()
    loads_avg = [f"{load_average()} (CPU share {cpu_share():.0%})"]
    scene = prepare(args.scheme)
    peaks: list[Peak] = []
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        try:
            loads, workers = run_load(scene, args, Path(tmp))
            loads_avg.append(f"{load_average()} (CPU share {cpu_share():.0%})")
            if not args.no_memory:
                peaks = [web_peak(scene, Path(tmp)), task_peak(scene, Path(tmp))]
        finally:
            deleted = cleanup(scene)
    text = report(scene, loads, workers, peaks, args, loads_avg)
    print(text)
    print(f"({deleted} rows created by the run deleted; {time.perf_counter() - started:.0f} s)")
    if args.output or not (args.quick or args.no_write):
        RESULTS_DIR.mkdir(exist_ok=True)
        target = args.output or RESULTS_DIR / f"load-{engine()}-{clock.today():%Y-%m-%d}.md"
        target.write_text(text + "\n", encoding="utf-8")
        print(f"written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
