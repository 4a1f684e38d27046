"""The memory part of bench.run_load (issue 9, item 3): peak resident memory of a web worker
and of the task worker while they build the annual review deck."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bench import run_field
from bench.processes import ROOT, api_get, gunicorn, memory, send, stop, subprocess_env, tail
from voisinage.lib import clock

if TYPE_CHECKING:
    from bench.run_load import Scene


@dataclass
class Peak:
    process: str
    what: str
    rest_kib: int
    peak_kib: int
    seconds: float


def deck_url(scene: Scene) -> str:
    year = scene.year
    return f"/api/v1/schemes/{scene.scheme.slug}/review.pptx?from={year}-01-01&to={year}-12-31"


def web_peak(scene: Scene, logdir: Path) -> Peak:
    floor = api_get(scene.supervisor_token, f"/api/v1/schemes/{scene.scheme.slug}")
    with gunicorn(1, logdir, floor) as server:
        (worker,) = server.workers
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=1800)
        send(conn, floor(0))
        rest = memory(worker)
        start = time.perf_counter()
        status, content = send(conn, api_get(scene.supervisor_token, deck_url(scene))(0))
        seconds = time.perf_counter() - start
        after = memory(worker)
        if status != 200 or not content.startswith(b"PK"):
            raise SystemExit(f"the deck answered {status}: {content[:300]!r}\n{tail(server.log)}")
    return Peak(
        "web worker (gunicorn sync, --workers 1)",
        f"GET {deck_url(scene)} ({len(content) / 1024:.0f} KiB PPTX)",
        rest["VmRSS"],
        after["VmHWM"],
        seconds,
    )


def task_peak(scene: Scene, logdir: Path) -> Peak:
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from voisinage.analytics.tasks import attach_review_deck
    from voisinage.governance.models import Body, BodyKind, Frequency
    from voisinage.governance.services.meetings import meeting_create

    body = Body.objects.create(
        scheme=scene.scheme,
        kind=BodyKind.STEERING,
        name=f"bench load {run_field.RUN_KEY}",
        frequency=Frequency.YEARLY,
    )
    scene.created["body"] = body
    meeting = meeting_create(
        scheme=scene.scheme,
        body=body,
        starts_at=clock.now().replace(microsecond=0),
        created_by=scene.supervisor,
        title="bench: annual review",
        invited_organisation_ids=[],
        notify=False,
    )
    scene.created["meeting"] = meeting
    waiting = DBTaskResult.objects.ready().count()
    log = logdir / "db_worker.log"
    command = [sys.executable, "manage.py", "db_worker", "--max-tasks", "1", "--no-reload"]
    command += ["--no-startup-delay", "--interval", "0.2"]
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=subprocess_env(), stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 120
        while "Starting worker" not in log.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"db_worker did not start:\n{tail(log)}")
            time.sleep(0.1)
        time.sleep(1)
        rest = memory(process.pid)
        # The highest priority: the worker takes this task before any other waiting one.
        result = attach_review_deck.using(priority=100).enqueue(
            meeting.pk, scene.supervisor.pk, f"{scene.year}-01-01", f"{scene.year}-12-31"
        )
        scene.created["task_result"] = result.id
        start = time.perf_counter()
        peak, status = rest["VmHWM"], 0
        while True:  # the worker exits after its task: its peak comes from wait4's rusage
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                process.returncode = os.waitstatus_to_exitcode(status)
                peak = max(peak, int(usage.ru_maxrss))  # KiB on Linux
                break
            with suppress(OSError, KeyError):
                peak = max(peak, memory(process.pid)["VmHWM"])
            if time.perf_counter() - start > 1800:
                raise SystemExit(f"the deck task did not finish in 30 min:\n{tail(log)}")
            time.sleep(0.05)
        seconds = time.perf_counter() - start
    finally:
        stop(process)
    result.refresh()
    if result.status != TaskResultStatus.SUCCESSFUL or not meeting.documents.exists():
        raise SystemExit(f"the deck task ended {result.status}:\n{tail(log)}")
    size = meeting.documents.get().size or 0
    note = f"; {waiting} other tasks were waiting" if waiting else ""
    return Peak(
        "task worker (db_worker --max-tasks 1)",
        f"attach_review_deck, year {scene.year} ({size / 1024:.0f} KiB PPTX attached{note})",
        rest["VmRSS"],
        peak,
        seconds,
    )


def memory_table(peaks: list[Peak]) -> str:
    lines = [
        "| Process | What | RSS at rest MiB | peak RSS MiB | time s |",
        "|---|---|---:|---:|---:|",
    ]
    for p in peaks:
        lines.append(
            f"| {p.process} | {p.what} | {p.rest_kib / 1024:.0f} | {p.peak_kib / 1024:.0f} | "
            f"{p.seconds:.1f} |"
        )
    return "\n".join(lines)
