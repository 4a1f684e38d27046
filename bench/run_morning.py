"""The morning of many schemes on two task workers, and recording in the field meanwhile
(docs/performance.md: "morning run, 1 000 schemes, 2 workers" and "recording during a morning
run").

    python -m bench.run_morning                         # 1 000 schemes
    python -m bench.run_morning --schemes 20            # a check at a small size
    python -m bench.run_morning --schemes 3 --quick     # smoke run (CI), nothing judged

Data: ``--schemes`` invented schemes (``matin-0001`` …, built by ``bench.worlds.synthetic_world``:
operator, city, two to four landlords, four neighbourhoods, 30–80 entrances, night staff, a
referent per landlord and one for the city), each with one night of 3–40 interventions written by
the generator's ``write_interventions``; the referents get an e-mail address and their
organisations (landlords and city) receive the digest. A second run reuses the schemes (and adds
the missing ones); the night is the one of the data.

The run, as in production (the Procfile): the demo's SMTP sink (``manage.py run_mail_sink``), two
``manage.py db_worker`` processes sending to it and gunicorn (two sync workers), all against
``DATABASE_URL`` (SQLite: the same file, in WAL). First, one client records interventions through
the API, one after the other with a pause, as an agent of the first scheme, while the workers are
idle. Then the scheduler's own entry point (``manage.py run_scheduler --once --now``, called in
this process) runs at the dispatch moment of that night and queues the morning of every active
scheme; the same client records meanwhile. The morning's wall time runs from the scheduler's
call to the last delivery recorded as sent. Checks: every task succeeded, every delivery is sent
after one attempt, the sink received each e-mail once (none twice, none missing). Everything the
run creates (digests, deliveries, scheduler claims, tasks, recordings, API tokens) is deleted at
the end; the schemes stay for the next run.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import io
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.parser import BytesHeaderParser
from pathlib import Path

from bench.common import engine, engine_version, machine, setup_django
from bench.processes import ROOT, api_get, free_port, gunicorn, send, stop, subprocess_env, tail
from bench.run_field import Request, cpu_share, load_average
from bench.run_load import Load
from bench.worlds import SchemeSpec

RESULTS_DIR = Path(__file__).resolve().parent / "results"
PREFIX = "matin-"
MAIL_DOMAIN = "banc-essai.invalid"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schemes", type=int, default=1000, help="invented schemes (1 000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--idle", type=int, default=100, help="recordings timed while idle")
    parser.add_argument("--pause", type=float, default=0.2, help="seconds between recordings")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds for the morning")
    parser.add_argument(
        "--worker-nice", type=int, default=10, help="the task workers' niceness (10, as deployed)"
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: nothing judged")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results/")
    parser.add_argument("--output", help="write the report to this file")
    return parser.parse_args(argv)


# --- Data ---------------------------------------------------------------------------------------


def spec(i: int) -> SchemeSpec:
    rng = random.Random(f"morning-{i}")
    return SchemeSpec(
        slug=f"{PREFIX}{i:04d}",
        city=f"Bourg-{i:04d}",
        per_year=5_000,
        agents=4,
        supervisors=1,
        landlords=rng.randint(2, 4),
        neighbourhoods=4,
        entrances=rng.randint(30, 80),
        lat=rng.uniform(43.5, 50.5),
        lon=rng.uniform(-1.0, 7.0),
    )


def last_night() -> date:
    """The last service night over by now (the synthetic schemes serve 18:00–02:00)."""
    from voisinage.lib import clock

    return clock.local_today() - timedelta(days=1 if clock.local_now().hour >= 3 else 2)


def generate(count: int, seed: int) -> date:
    """The schemes ``matin-0001`` … (the missing ones), each with one night of interventions;
    returns that night (the data's, when schemes already exist)."""
    from django.db import connection

    from bench.generate import Profile, write_interventions
    from bench.worlds import synthetic_world
    from voisinage.field.models import Intervention

    existing = Intervention.objects.filter(scheme__slug__startswith=PREFIX)
    night = existing.order_by("-night").values_list("night", flat=True).first() or last_night()
    done = set(existing.values_list("scheme__slug", flat=True).distinct())
    missing = [i for i in range(1, count + 1) if spec(i).slug not in done]
    started = time.perf_counter()
    for n, i in enumerate(missing, start=1):
        world = synthetic_world(spec(i))
        rng = random.Random(f"{seed}-{world.slug}")
        with contextlib.redirect_stdout(io.StringIO()):  # the generator's progress lines
            write_interventions(
                world,
                total=rng.randint(3, 40),
                first_night=night,
                last_night=night,
                profile=Profile(),
                rng=rng,
                defer_indexes=False,
            )
        if n % 100 == 0:
            print(f"schemes: {n}/{len(missing)} ({time.perf_counter() - started:.0f} s)")
    recipients_ensure()
    if missing:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"generated {len(missing)} schemes in {time.perf_counter() - started:.0f} s")
    return night


def recipients_ensure() -> None:
    """The referents of the invented schemes get an e-mail address; their landlords and city
    receive the digest."""
    from voisinage.accounts.models import Membership, User
    from voisinage.digests.models import DigestRecipient
    from voisinage.schemes.models import MemberRole, SchemeMember

    users = list(
        User.objects.filter(
            email="",
            memberships__scheme__slug__startswith=PREFIX,
            memberships__role__code="partner_referent",
        ).distinct()
    )
    for user in users:
        user.email = f"{user.username}@{MAIL_DOMAIN}"
    User.objects.bulk_update(users, ["email"], batch_size=1000)
    partners = SchemeMember.objects.filter(
        scheme__slug__startswith=PREFIX, role__in=[MemberRole.LANDLORD, MemberRole.FUNDER]
    ).values_list("scheme_id", "organisation_id")
    DigestRecipient.objects.bulk_create(
        [DigestRecipient(scheme_id=s, organisation_id=o) for s, o in partners],
        ignore_conflicts=True,
        batch_size=1000,
    )
    assert Membership.objects.filter(user__email__endswith=MAIL_DOMAIN).exists()


# --- Processes ----------------------------------------------------------------------------------


def start(command: list[str], log: Path, **env: str) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env={**subprocess_env(), **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def stop_all(processes: list[subprocess.Popen[bytes]]) -> None:
    """Ask them all to stop at once, then wait for each."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        stop(process)


def wait_for(process: subprocess.Popen[bytes], log: Path, text: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while text not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"{log.name}: no {text!r}:\n{tail(log)}")
        time.sleep(0.1)


def record(
    load: Load,
    port: int,
    make: Callable[[int], Request],
    *,
    pause: float,
    count: int | None = None,
    until: threading.Event | None = None,
) -> Load:
    """One client recording one intervention after another (``pause`` between them), ``count``
    times or until ``until`` is set; every answer must be 201."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    i = 0
    try:
        while (count is None or i < count) and not (until is not None and until.is_set()):
            begin = time.perf_counter()
            try:
                status, content = send(conn, make(i))
            except (OSError, http.client.HTTPException) as exc:
                load.errors.append(repr(exc))
            else:
                if status == 201:
                    load.latencies.append(time.perf_counter() - begin)
                else:
                    load.errors.append(f"{status}: {content[:300]!r}")
            i += 1
            time.sleep(pause)
    finally:
        conn.close()
        load.seconds = time.perf_counter() - started
    return load


# --- The morning --------------------------------------------------------------------------------


@dataclass
class Morning:
    queued: list[str]
    digests: int = 0
    wall: float = 0.0
    tasks: Counter[str] = field(default_factory=Counter)  # by status
    workers: Counter[str] = field(default_factory=Counter)  # tasks by worker
    deliveries: Counter[str] = field(default_factory=Counter)  # by status
    retried: int = 0
    emails: int = 0
    twice: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.failures or self.twice or self.missing or self.retried)


def run_scheduler(moment: datetime) -> list[str]:
    """The scheduler's entry point, once, at ``moment``; returns what it queued."""
    from django.core.management import call_command

    out = io.StringIO()
    call_command("run_scheduler", once=True, now=moment.isoformat(), stdout=out)
    return [line.removeprefix("queued: ") for line in out.getvalue().splitlines() if line]


def wait_morning(morning: Morning, since: datetime, moment: datetime, timeout: float) -> None:
    """Until every task queued since ``since`` is over and every delivery of the morning's
    digests is sent (or one failed)."""
    from django.db.models import Max
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from voisinage.digests.models import DeliveryStatus, Digest, DigestDelivery

    tasks = DBTaskResult.objects.filter(enqueued_at__gte=since)
    deliveries = DigestDelivery.objects.filter(version__digest__first_sent_at=moment)
    expected = sum(name.startswith("digest ") for name in morning.queued)
    deadline = time.monotonic() + timeout
    while True:
        running = tasks.filter(
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
        ).exists()
        failed = tasks.filter(status=TaskResultStatus.FAILED).exists()
        sent = Digest.objects.filter(first_sent_at=moment).count()
        unsent = deliveries.exclude(status=DeliveryStatus.SENT).exists()
        if failed or (not running and sent >= expected and not unsent):
            break
        if time.monotonic() > deadline:
            morning.failures.append(f"not over after {timeout:.0f} s")
            break
        time.sleep(0.2)
    morning.digests = sent
    last = deliveries.aggregate(last=Max("sent_at"))["last"]
    morning.wall = (last - since).total_seconds() if last else 0.0
    for status, worker_ids in tasks.values_list("status", "worker_ids"):
        morning.tasks[str(status)] += 1
        morning.workers.update(worker_ids)
    for t in tasks.filter(status=TaskResultStatus.FAILED)[:3]:
        morning.failures.append(f"{t.task_path}: {t.exception_class_path}\n{t.traceback[-600:]}")
    morning.deliveries.update(deliveries.values_list("status", flat=True))
    morning.retried = deliveries.exclude(attempts=1).count()
    if morning.deliveries.get(DeliveryStatus.FAILED):
        morning.failures.extend(
            f"{d.email}: {d.last_error}"
            for d in deliveries.filter(status=DeliveryStatus.FAILED)[:3]
        )


def mailbox_check(morning: Morning, mailbox: Path, moment: datetime) -> None:
    """What the sink received: each delivery's e-mail once."""
    from voisinage.digests.models import DeliveryStatus, DigestDelivery

    parser = BytesHeaderParser()
    received: Counter[str] = Counter()
    for path in mailbox.glob("*.eml"):
        with path.open("rb") as handle:
            headers = parser.parse(handle)
        for to in str(headers["X-Voisinage-Envelope-To"] or "").split(","):
            received[f"{to.strip()}: {headers['Subject']}"] += 1
    morning.emails = sum(received.values())
    morning.twice = [key for key, n in received.items() if n > 1]
    emails = {key.split(": ", 1)[0] for key in received}
    sent = DigestDelivery.objects.filter(
        version__digest__first_sent_at=moment, status=DeliveryStatus.SENT
    ).values_list("email", flat=True)
    morning.missing = sorted(set(sent) - set(emails))


def forget(moment: datetime, since: datetime | None) -> None:
    """Delete what a run at ``moment`` created: its digests (with versions and deliveries), the
    scheduler's claims, and the tasks queued since ``since``."""
    from django_tasks_db.models import DBTaskResult

    from voisinage.core.models import ScheduledRun
    from voisinage.digests.models import Digest

    Digest.objects.filter(first_sent_at=moment).delete()
    ScheduledRun.objects.filter(at=moment).delete()
    if since is not None:
        DBTaskResult.objects.filter(enqueued_at__gte=since).delete()


# --- Main ---------------------------------------------------------------------------------------


def migrate_if_needed() -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", verbosity=0, interactive=False)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    load_before = os.getloadavg()
    setup_django()
    from bench import run_load
    from voisinage.digests.services import dispatch_moment
    from voisinage.field.models import Intervention
    from voisinage.lib import clock
    from voisinage.schemes.models import Scheme

    migrate_if_needed()
    night = generate(args.schemes, args.seed)
    first = Scheme.objects.get(slug=spec(1).slug)
    moment = dispatch_moment(first, night)
    forget(moment, None)  # an interrupted run's
    active = Scheme.objects.filter(is_active=True).count()
    on_night = Intervention.objects.filter(night=night).count()
    scene = run_load.prepare(first.slug)
    since: datetime | None = None
    shares = [cpu_share()]
    try:
        with (
            tempfile.TemporaryDirectory(prefix="bench-morning-") as tmp,
            contextlib.ExitStack() as stack,
        ):
            logs = Path(tmp)
            port = free_port()
            sink_log = logs / "sink.log"
            sink = start(
                ["run_mail_sink", "--port", str(port)], sink_log, VOISINAGE_VAR_DIR=str(logs)
            )
            children = [sink]
            stack.callback(stop_all, children)
            wait_for(sink, sink_log, "Mail sink on")
            smtp = {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(port),
            }
            workers = []
            for name in ("morning-1", "morning-2"):
                log = logs / f"{name}.log"
                command = ["db_worker", "--no-reload", "--interval", "1", "--worker-id", name]
                workers.append((start(command, log, **smtp), log))
                children.append(workers[-1][0])
                # As deployed (the worker unit's Nice=10, the Procfile's nice): the web first.
                os.setpriority(os.PRIO_PROCESS, workers[-1][0].pid, args.worker_nice)
            floor = api_get(scene.token, f"/api/v1/schemes/{first.slug}")
            server = stack.enter_context(gunicorn(1 if args.quick else 2, logs, floor))
            for worker, log in workers:
                wait_for(worker, log, "Starting worker")
            make = run_load.recording(scene)
            record(Load("warm-up", "", 1), server.port, make, pause=0, count=5)
            idle = record(
                Load("idle", "recording, workers idle", 1),
                server.port,
                make,
                pause=args.pause,
                count=3 if args.quick else args.idle,
            )
            done = threading.Event()
            during = Load("during", "recording during the morning", 1)
            client = threading.Thread(
                target=record,
                args=(during, server.port, make),
                kwargs={"pause": args.pause, "until": done},
                daemon=True,
            )
            since = clock.now()
            client.start()
            morning = Morning(queued=run_scheduler(moment))
            wait_morning(morning, since, moment, args.timeout)
            done.set()
            client.join()
            shares.append(cpu_share())
            mailbox_check(morning, logs / "mailbox", moment)
            for worker, log in workers:
                if worker.poll() is not None:
                    morning.failures.append(f"a worker stopped:\n{tail(log)}")
    finally:
        forget(moment, since)
        run_load.cleanup(scene)
    text = report(
        args,
        morning,
        idle,
        during,
        facts={
            "night": f"{night:%d/%m/%Y}",
            "moment": f"{clock.local(moment):%d/%m/%Y %H:%M}",
            "active": str(active),
            "interventions": str(on_night),
            "load": f"{' '.join(f'{x:.2f}' for x in load_before)} → "
            f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} ({load_average()} now)",
            "shares": " → ".join(f"{s:.0%}" for s in shares),
        },
    )
    print(text)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    elif not args.no_write and not args.quick:
        out = RESULTS_DIR / f"morning-{engine()}-{clock.today():%Y-%m-%d}.md"
        out.write_text(text, encoding="utf-8")
        print(f"written to {out}")
    errors = idle.errors + during.errors
    if errors:
        print("recording errors:", *errors[:5], sep="\n", file=sys.stderr)
    if not morning.ok:
        print("the morning failed:", *morning.failures[:5], *morning.twice[:5], sep="\n")
    return 0 if morning.ok and not errors else 1


def report(
    args: argparse.Namespace, morning: Morning, idle: Load, during: Load, facts: dict[str, str]
) -> str:
    from voisinage.lib import clock

    info = machine()
    p95_idle, p95_during = idle.ms(0.95), during.ms(0.95)
    ratio = p95_during / p95_idle if p95_idle else float("nan")
    judged = not args.quick and args.schemes >= 1000 and engine() == "postgresql"
    per_digest = morning.wall / morning.digests if morning.digests else float("nan")
    verdict_morning = (
        ("**met**" if morning.wall <= 300 else f"**missed** by {morning.wall - 300:.0f} s")
        if judged
        else f"not judged ({args.schemes} schemes, {engine()}"
        f"{', --quick' if args.quick else ''}); 1 000 digests at this pace: "
        f"{per_digest * 1000:.0f} s"
    )
    verdict_ratio = (
        "not judged (--quick)"
        if args.quick
        else ("**met**" if ratio <= 2 else f"**missed**: {ratio:.1f}×")
    )
    tasks = ", ".join(f"{n} {s.lower()}" for s, n in sorted(morning.tasks.items()))
    workers = ", ".join(f"{w}: {n}" for w, n in sorted(morning.workers.items()))
    deliveries = ", ".join(f"{n} {s}" for s, n in sorted(morning.deliveries.items()))
    return "\n".join(
        [
            f"# Morning run — {engine()} — {clock.local_now():%Y-%m-%d %H:%M}",
            "",
            f"- Machine: {info['cpus']} CPU ({info['cpu']}), {info['memory']} RAM, "
            f"Python {info['python']}, {engine_version()}, commit {info['commit']}",
            f"- Load average (1, 5, 15 min) before → after: {facts['load']}; CPU share of a "
            f"pure-Python loop before → after: {facts['shares']}",
            f"- Data: {args.schemes} invented schemes ({facts['active']} active schemes in the "
            f"database), {facts['interventions']} interventions in the night of "
            f"{facts['night']}; dispatch at {facts['moment']}",
            f"- Command: `python -m bench.run_morning --schemes {args.schemes}"
            f"{' --quick' if args.quick else ''}`; two `db_worker` processes at niceness "
            f"{args.worker_nice}, the demo's "
            f"SMTP sink, gunicorn with {1 if args.quick else 2} sync worker(s); one recording "
            "client "
            f"(pause {args.pause} s)",
            "",
            "| Benchmark | What | n | p50 | p95 | Target | |",
            "|---|---|---:|---:|---:|---|---|",
            f"| morning run | scheduler's call → last delivery sent: {morning.digests} digests "
            f"({len(morning.queued)} jobs queued), {morning.emails} e-mails received by the "
            f"sink; tasks: {tasks} ({workers}); deliveries: {deliveries}; retried "
            f"{morning.retried}, sent twice {len(morning.twice)}, missing "
            f"{len(morning.missing)} | {morning.digests} | {per_digest:.2f} s a digest | — | "
            f"≤ 300 s for 1 000 schemes | {morning.wall:.1f} s; {verdict_morning} |",
            f"| recording, idle | {idle.what}: POST …/interventions, one client | "
            f"{len(idle.latencies)} | {idle.ms(0.5):.1f} ms | {p95_idle:.1f} ms | — | |",
            f"| recording, morning | {during.what} | {len(during.latencies)} | "
            f"{during.ms(0.5):.1f} ms | {p95_during:.1f} ms | ≤ 2× idle | "
            f"{ratio:.2f}× idle; {verdict_ratio} |",
            "",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
