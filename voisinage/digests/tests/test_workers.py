"""Two real task workers (``manage.py db_worker`` processes) share one morning's e-mails: the
digest's, then (second test) the whole morning's — the digest, a report sent to its recipient,
the overdue reports' reminders and escalation, an agreement's notice-deadline reminder — with
the periodic tasks queued twice, as a requeued or repeated task would be.

The mail server is a real SMTP server, slow on purpose (as a busy one is). While it receives each
message, it writes to the delivery of that recipient with a 2-second lock timeout: the write goes
through only if no worker holds a transaction (SQLite) or a row lock (PostgreSQL) while sending;
the second test also writes to every report and notice reminder, the rows those e-mails claim.
The same database serves both workers: on PostgreSQL the test database itself, on SQLite a file
copy of the in-memory test database (copied back when the workers are done).
"""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime
from email import message_from_bytes
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from voisinage.digests.models import DeliveryStatus, DigestDelivery
from voisinage.digests.services import digest_dispatch
from voisinage.digests.tasks import retry_deliveries, send_digest_deliveries
from voisinage.digests.tests.conftest import at
from voisinage.funding.services import notice_reminders_schedule
from voisinage.funding.tasks import send_notice_reminder
from voisinage.funding.tests.builders import besancon_like, contract_for
from voisinage.reports.models import EventKind, ReportEvent
from voisinage.reports.tasks import send_report_reminders
from voisinage.reports.tests.conftest import build_reporting
from voisinage.reports.tests.helpers import PARIS, make_report

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
SMTP_DELAY = 0.3  # seconds per message: long enough for both workers to be sending at once


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Writes to the rows the morning's e-mails claim (every report, every notice reminder).
CLAIMED_ROWS = [
    "UPDATE reports_report SET last_reminded_on = last_reminded_on",
    "UPDATE funding_noticereminder SET recipients = recipients",
]


def _database_url(
    tmp_path: Path, also: list[str] | None = None
) -> tuple[str, Callable[[str], None], Callable[[], None]]:
    """The URL the workers use, a write probe on one recipient's delivery (and the statements
    ``also``), and what to do once the workers are done."""
    connection.ensure_connection()
    raw = connection.connection
    also = also or []
    update = "UPDATE digests_digestdelivery SET last_error = last_error WHERE email = "
    if connection.vendor == "sqlite":
        path = tmp_path / "morning.sqlite3"
        with sqlite3.connect(path) as target:
            raw.backup(target)

        def probe(email: str) -> None:
            with sqlite3.connect(path, timeout=2, isolation_level=None) as db:
                db.execute("BEGIN IMMEDIATE")
                db.execute(update + "?", [email])
                for statement in also:
                    db.execute(statement)
                db.execute("COMMIT")

        def restore() -> None:
            with sqlite3.connect(path) as source:
                source.backup(raw)

        return f"sqlite:///{path}", probe, restore
    import psycopg

    conf = connection.settings_dict
    url = (
        f"postgres://{conf['USER']}:{conf['PASSWORD']}@{conf['HOST'] or 'localhost'}:"
        f"{conf['PORT'] or 5432}/{conf['NAME']}"
    )

    def pg_probe(email: str) -> None:
        with psycopg.connect(url) as db:
            db.execute("SET lock_timeout = '2s'")
            db.execute(update + "%s", [email])
            for statement in also:
                db.execute(statement)

    return url, pg_probe, lambda: None


def _two_workers(tmp_path: Path, also: list[str] | None = None) -> tuple[list[str], list[str]]:
    """Run two ``db_worker`` processes until the queue is empty, against a slow real SMTP
    server; returns what it received (``recipient: subject``, in order) and the probes that
    were blocked. Both workers must exit cleanly."""
    from aiosmtpd.controller import Controller

    url, probe, restore = _database_url(tmp_path, also)
    received: list[str] = []
    blocked: list[str] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            subject = message_from_bytes(envelope.content).get("Subject", "")
            for email in envelope.rcpt_tos:
                try:
                    probe(email)
                except Exception as exc:  # a lock held while sending
                    blocked.append(f"{email}: {type(exc).__name__}: {exc}")
            await asyncio.sleep(SMTP_DELAY)
            received.extend(f"{email}: {subject}" for email in envelope.rcpt_tos)
            return "250 OK"

    port = _free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    env = {
        **os.environ,
        "VOISINAGE_DEMO": "true",
        "SECRET_KEY": "two-workers-test",
        "VOISINAGE_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": url,
        "VOISINAGE_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_TIMEOUT": "10",
    }
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"]
    try:
        workers = [
            subprocess.Popen(
                [*command, "--no-reload", "--worker-id", name],
                cwd=django_settings.BASE_DIR,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for name in ("worker-1", "worker-2")
        ]
        outputs = [worker.communicate(timeout=180)[0] for worker in workers]
    finally:
        controller.stop()
    restore()
    assert [w.returncode for w in workers] == [0, 0], outputs
    return received, blocked


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_share_a_morning_without_blocking_or_sending_twice(
    scripted_night, settings, tmp_path
):
    settings.TASKS = DB_TASKS
    cast = scripted_night.cast
    version = digest_dispatch(scheme=cast.scheme, night=scripted_night.night, now=at(15, 7, 30))
    assert version is not None
    # Four tasks competing for the same five e-mails: the dispatch's own, one more for the same
    # version, and two retry runs (which send whatever is due).
    send_digest_deliveries.enqueue(version.pk)
    retry_deliveries.enqueue(at(15, 7, 31).isoformat())
    retry_deliveries.enqueue(at(15, 7, 32).isoformat())
    assert DBTaskResult.objects.count() == 4
    expected = sorted(DigestDelivery.objects.values_list("email", flat=True))
    assert len(expected) == 5

    received, blocked = _two_workers(tmp_path)

    assert blocked == []
    # Every recipient got exactly one e-mail.
    assert sorted(r.split(":")[0] for r in received) == expected
    deliveries = list(DigestDelivery.objects.all())
    assert {d.status for d in deliveries} == {DeliveryStatus.SENT}
    assert {d.attempts for d in deliveries} == {1}
    tasks = list(DBTaskResult.objects.all())
    assert {t.status for t in tasks} == {"SUCCESSFUL"}, [t.traceback for t in tasks]
    assert sum(t.return_value for t in tasks) == 5
    # Both workers took part.
    assert {w for t in tasks for w in t.worker_ids} == {"worker-1", "worker-2"}


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_share_the_whole_morning_without_blocking_or_sending_twice(
    scripted_night, settings, tmp_path
):
    settings.TASKS = DB_TASKS
    settings.BASE_URL = "http://testserver"
    cast = scripted_night.cast
    # The digest, its five e-mails queued by the dispatch.
    version = digest_dispatch(scheme=cast.scheme, night=scripted_night.night, now=at(15, 7, 30))
    assert version is not None
    # A lift out of order at Habitat Nord, reported on 11 June (due 16 June): its e-mail to
    # Habitat Nord is queued now; on 18 June it is two days late, reminded and escalated.
    reporting = build_reporting(cast)
    config = cast.scheme.report_settings
    config.escalation_after_days = 2
    config.save()
    report = make_report(cast, reporting, entrance=cast.north_entrances[0]).report
    # An agreement whose notice deadline is 30 days away: its reminder is queued.
    besancon_like(
        cast.scheme, coordinator=cast.north, city=cast.city, contract=contract_for(cast.scheme)
    )
    (notice,) = notice_reminders_schedule(today=date(2027, 1, 16))
    # The periodic tasks twice, as a task requeued after its worker stalled would be.
    morning = datetime(2025, 6, 18, 7, 25, tzinfo=PARIS).isoformat()
    for _twice in range(2):
        send_report_reminders.enqueue(morning)
        send_notice_reminder.enqueue(notice.pk)
        retry_deliveries.enqueue(at(15, 7, 31).isoformat())

    received, blocked = _two_workers(tmp_path, also=CLAIMED_ROWS)

    assert blocked == []
    assert len(received) == len(set(received)), sorted(received)  # nothing sent twice
    tasks = list(DBTaskResult.objects.all())
    assert {t.status for t in tasks} == {"SUCCESSFUL"}, [t.traceback for t in tasks]
    assert {w for t in tasks for w in t.worker_ids} == {"worker-1", "worker-2"}
    # Every e-mail of the morning left, once, and was recorded.
    deliveries = list(DigestDelivery.objects.all())
    assert len(deliveries) == 5
    assert {d.status for d in deliveries} == {DeliveryStatus.SENT}
    events = {e.kind: e.data for e in ReportEvent.objects.filter(report=report)}
    assert events[EventKind.SENT]["emails"] == 2
    assert events[EventKind.REMINDED] == {"emails": 2, "days_late": 2}
    assert EventKind.ESCALATED in events
    notice.refresh_from_db()
    assert notice.sent_at is not None
    assert notice.recipients == 2
    assert len(received) == 5 + 2 + 2 + 1 + 2
    assert sum("direction@habitat-nord.invalid" in r for r in received) == 1
