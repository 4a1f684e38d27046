"""Two real task workers (``manage.py db_worker`` processes) share one morning's e-mails.

The mail server is a real SMTP server, slow on purpose (as a busy one is). While it receives each
message, it writes to the delivery of that recipient with a 2-second lock timeout: the write goes
through only if no worker holds a transaction (SQLite) or a row lock (PostgreSQL) while sending.
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
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from voisinage.digests.models import DeliveryStatus, DigestDelivery
from voisinage.digests.services import digest_dispatch
from voisinage.digests.tasks import retry_deliveries, send_digest_deliveries
from voisinage.digests.tests.conftest import at

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
SMTP_DELAY = 0.3  # seconds per message: long enough for both workers to be sending at once


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url(tmp_path: Path) -> tuple[str, Callable[[str], None], Callable[[], None]]:
    """The URL the workers use, a write probe on one recipient's delivery, and what to do once
    the workers are done."""
    connection.ensure_connection()
    raw = connection.connection
    update = "UPDATE digests_digestdelivery SET last_error = last_error WHERE email = "
    if connection.vendor == "sqlite":
        path = tmp_path / "morning.sqlite3"
        with sqlite3.connect(path) as target:
            raw.backup(target)

        def probe(email: str) -> None:
            with sqlite3.connect(path, timeout=2, isolation_level=None) as db:
                db.execute("BEGIN IMMEDIATE")
                db.execute(update + "?", [email])
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

    return url, pg_probe, lambda: None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_share_a_morning_without_blocking_or_sending_twice(
    scripted_night, settings, tmp_path
):
    from aiosmtpd.controller import Controller

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

    url, probe, restore = _database_url(tmp_path)
    received: list[str] = []
    blocked: list[str] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            for email in envelope.rcpt_tos:
                try:
                    probe(email)
                except Exception as exc:  # a lock held while sending
                    blocked.append(f"{email}: {type(exc).__name__}: {exc}")
            await asyncio.sleep(SMTP_DELAY)
            received.extend(envelope.rcpt_tos)
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
    assert blocked == []
    # Every recipient got exactly one e-mail.
    assert sorted(received) == expected
    deliveries = list(DigestDelivery.objects.all())
    assert {d.status for d in deliveries} == {DeliveryStatus.SENT}
    assert {d.attempts for d in deliveries} == {1}
    tasks = list(DBTaskResult.objects.all())
    assert {t.status for t in tasks} == {"SUCCESSFUL"}, [t.traceback for t in tasks]
    assert sum(t.return_value for t in tasks) == 5
    # Both workers took part.
    assert {w for t in tasks for w in t.worker_ids} == {"worker-1", "worker-2"}
