"""The memory part of bench.run_load (the memory check of the measurements at scale): peak
resident memory of a web worker serving the annual review deck, and of the task worker sending
a busy night's digest e-mails with their PDFs (its heaviest real task since the deck is no
longer stored, ADR 0035)."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench import run_field
from bench.processes import ROOT, api_get, gunicorn, memory, send, stop, subprocess_env, tail
from voisinage.lib import clock

if TYPE_CHECKING:
    from django.tasks import TaskResult

    from bench.run_load import Scene
    from voisinage.digests.models import DigestVersion


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


def digest_night(scene: Scene) -> date:
    """The scheme's busiest night (most interventions, the run's own recordings aside) without
    a digest yet: the run creates that digest and deletes it whole, so a night whose digest the
    generated data already hold (sent, or a draft) is skipped."""
    from django.db.models import Count

    from voisinage.digests.models import Digest
    from voisinage.field.models import Intervention

    taken = list(Digest.objects.filter(scheme=scene.scheme).values_list("night", flat=True))
    busiest = (
        Intervention.objects.filter(scheme=scene.scheme)
        .exclude(idempotency_key__startswith=run_field.RUN_KEY)
        .exclude(night__in=taken)
        .values("night")
        .annotate(n=Count("pk"))
        .order_by("-n", "-night")
        .values_list("night", flat=True)
        .first()
    )
    if busiest is None:
        raise SystemExit(f"{scene.scheme.slug} has no night with interventions and no digest.")
    return busiest


def digest_recipients(scene: Scene) -> None:
    """With no recipient configured (an invented scheme), five of the scheme's member
    organisations, as bench.run_digests does; the cleanup deletes the ones added."""
    from voisinage.digests.models import DigestRecipient
    from voisinage.territory.models import Organisation

    if DigestRecipient.objects.filter(scheme=scene.scheme, is_active=True).exists():
        return
    orgs = Organisation.objects.filter(scheme_memberships__scheme=scene.scheme).distinct()
    added = [
        DigestRecipient.objects.create(scheme=scene.scheme, organisation=org)
        for org in orgs.order_by("name")[:5]
    ]
    scene.created["digest_recipients"] = [r.pk for r in added]


def digest_enqueue(scene: Scene, night: date) -> tuple[DigestVersion, str]:
    """The digest of ``night`` dispatched by the real service: it creates the version and one
    delivery per recipient and, on commit, enqueues ``send_digest_deliveries``. That task is
    raised to the highest priority as it is enqueued (``task_enqueued``), so the worker takes
    it before any other waiting one. Returns the version and the task result's id."""
    from django.db import transaction
    from django.tasks.signals import task_enqueued
    from django_tasks_db.models import DBTaskResult

    from voisinage.digests.services import digest_dispatch
    from voisinage.digests.tasks import send_digest_deliveries

    enqueued: list[str] = []

    def first(sender: object, task_result: TaskResult[Any, Any], **kwargs: object) -> None:
        if task_result.task.module_path == send_digest_deliveries.module_path:
            DBTaskResult.objects.filter(pk=task_result.id).update(priority=100)
            enqueued.append(task_result.id)

    task_enqueued.connect(first)
    try:
        with transaction.atomic():  # the task is enqueued when this block commits
            version = digest_dispatch(scheme=scene.scheme, night=night, now=clock.now())
            if version is not None:
                scene.created["digest"] = version.digest_id
    finally:
        task_enqueued.disconnect(first)
    if enqueued:
        scene.created["task_result"] = enqueued[0]
    if version is None or len(enqueued) != 1:
        raise SystemExit(f"the digest of {night} was not dispatched ({len(enqueued)} tasks).")
    return version, enqueued[0]


def task_peak(scene: Scene, logdir: Path) -> Peak:
    """The task worker's heaviest real task: a digest's e-mails, each with its PDF
    (``digests.tasks.send_digest_deliveries``), for the scheme's busiest night. The e-mails go
    to bench.settings' in-memory backend."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from voisinage.digests.compile import version_reading
    from voisinage.digests.models import DeliveryStatus
    from voisinage.digests.tasks import send_digest_deliveries

    night = digest_night(scene)
    digest_recipients(scene)
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
        version, result_id = digest_enqueue(scene, night)
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
                raise SystemExit(f"the digest's e-mails were not sent in 30 min:\n{tail(log)}")
            time.sleep(0.05)
        seconds = time.perf_counter() - start
    finally:
        stop(process)
    result = send_digest_deliveries.get_result(result_id)
    deliveries = list(version.deliveries.select_related("user"))
    sent = [d for d in deliveries if d.status == DeliveryStatus.SENT]
    if result.status != TaskResultStatus.SUCCESSFUL or not sent or len(sent) != len(deliveries):
        raise SystemExit(
            f"send_digest_deliveries ended {result.status}, {len(sent)} of {len(deliveries)} "
            f"e-mails sent:\n{tail(log)}"
        )
    pdfs = len({version_reading(version, d.user).key() for d in sent})  # as digest_message
    note = f"; {waiting} other tasks were waiting" if waiting else ""
    return Peak(
        "task worker (db_worker --max-tasks 1)",
        f"send_digest_deliveries, night {night} ({len(sent)} e-mails, {pdfs} PDFs{note})",
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
