"""Nothing is lost when a part fails, tested with the real parts: the scheduler
(``run_scheduler --once --now``), the task worker (``db_worker`` processes), and a real SMTP
server (aiosmtpd on 127.0.0.1) that is down, comes back, or loses its client mid-message.

The night is the scripted Saturday 14 June 2025 (5 recipients: Habitat Nord's two referents,
Logis Sud's, the City's two members); its digest leaves on Sunday at 07:30, Paris time."""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from datetime import timedelta
from typing import Any

import pytest

from voisinage.core.health import health_report
from voisinage.demo.mailbox import MailboxHandler, mailbox_message, mailbox_names
from voisinage.desk.tests.mailservers import free_port, smtp_server
from voisinage.digests.models import DeliveryStatus, Digest, DigestDelivery
from voisinage.digests.selectors import undelivered
from voisinage.digests.tests.conftest import at
from voisinage.tests.processes import (
    SharedDatabase,
    manage,
    run_worker_batch,
    started,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shared(scripted_night, tmp_path) -> SharedDatabase:
    database = SharedDatabase(tmp_path)
    database.push()
    return database


def tick(env: dict[str, str], moment: str) -> str:
    return manage(env, "run_scheduler", "--once", "--now", moment)


def deliveries() -> dict[str, str]:
    return dict(DigestDelivery.objects.values_list("email", "status"))


def received(directory) -> list[tuple[str, list[str]]]:
    """(recipient, attachment types) of each message the SMTP server kept."""
    found = []
    for name in mailbox_names(directory):
        mail = mailbox_message(name, directory)
        assert mail is not None
        found.append((mail.to, [a.content_type for a in mail.attachments]))
    return sorted(found)


@pytest.mark.slow
def test_smtp_down_at_dispatch_time_the_digest_is_retried_and_sent_before_0800(
    shared, scripted_night, tmp_path
):
    port = free_port()  # nothing listens there yet: the mail server is down
    env = shared.env(EMAIL_PORT=str(port))
    assert "queued: digest rivebourg 2025-06-14" in tick(env, "2025-06-15T07:30:20+02:00")
    run_worker_batch(env)
    shared.pull()
    assert set(deliveries().values()) == {DeliveryStatus.FAILED}
    assert len(deliveries()) == 5
    alert = undelivered(scripted_night.cast.supervisor, scripted_night.cast.scheme, at(15, 7, 31))
    assert [(a.count, a.late) for a in alert] == [(5, False)]
    assert "ConnectionRefusedError" in alert[0].last_error
    assert alert[0].next_attempt_at == at(15, 7, 35) + timedelta(seconds=20)

    mailbox = tmp_path / "received"
    with smtp_server(MailboxHandler(mailbox), port=port):  # the mail server is back
        assert "queued: digest-retries" in tick(env, "2025-06-15T07:36+02:00")
        run_worker_batch(env)
    shared.pull()
    assert set(deliveries().values()) == {DeliveryStatus.SENT}
    digest = Digest.objects.get(night=scripted_night.night)
    assert digest.on_time
    cast = scripted_night.cast
    people = [
        cast.north_referent,
        cast.north_pres_referent,
        cast.south_referent,
        cast.city_officer,
        cast.pres_viewer,
    ]
    assert received(mailbox) == sorted((p.email, ["application/pdf"]) for p in people)


def test_smtp_still_down_at_0800_the_supervisor_is_alerted(shared, scripted_night):
    env = shared.env(EMAIL_PORT=str(free_port()))
    tick(env, "2025-06-15T07:30+02:00")
    run_worker_batch(env)
    assert "queued: digest-retries" in tick(env, "2025-06-15T08:01+02:00")
    run_worker_batch(env)
    shared.pull()
    assert set(DigestDelivery.objects.values_list("attempts", flat=True)) == {2}
    cast = scripted_night.cast
    alert = undelivered(cast.supervisor, cast.scheme, at(15, 8, 1))
    assert [(a.count, a.late) for a in alert] == [(5, True)]
    assert undelivered(cast.north_referent, cast.scheme, at(15, 8, 1)) == []  # supervisors only
    digests = next(c for c in health_report(at(15, 8, 1)) if c.name == "digests")
    assert not digests.ok
    row = next(r for r in digests.detail["schemes"] if r["scheme"] == "rivebourg")
    assert (row["ok"], row["undelivered"]) == (False, 5)


class LosesTheSecondMessage(MailboxHandler):
    """Keeps every message but the second, whose sender it keeps waiting for an answer until
    the sender is gone: the test kills the worker meanwhile."""

    def __init__(self, directory: Any) -> None:
        super().__init__(directory)
        self.count = 0
        self.holding = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.count += 1
        if self.count == 2:
            self.holding.set()
            while not server.transport.is_closing():
                await asyncio.sleep(0.05)
            return "451 4.4.2 Connection lost"
        return await super().handle_DATA(server, session, envelope)


def test_a_worker_killed_mid_task_the_task_runs_again_and_nobody_gets_it_twice(
    shared, scripted_night, tmp_path
):
    mailbox = tmp_path / "received"
    handler = LosesTheSecondMessage(mailbox)
    with smtp_server(handler) as port:
        env = shared.env(EMAIL_PORT=str(port), VOISINAGE_TASK_TIMEOUT="1")
        tick(env, "2025-06-15T07:30+02:00")
        worker = [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.2",
        ]
        with started(worker, env, tmp_path / "worker.log") as process:
            assert handler.holding.wait(120), (tmp_path / "worker.log").read_text()
            process.kill()  # SIGKILL in the middle of the second e-mail
            process.wait(30)
        shared.pull()
        # The second e-mail stays claimed ("sending") by the dead worker until its claim runs
        # out (the task timeout, 1 s here); the server never acknowledged it.
        assert sorted(deliveries().values()) == ["pending", "pending", "pending", "sending", "sent"]
        assert len(mailbox_names(mailbox)) == 1

        time.sleep(1.5)  # past the task timeout (1 s): the worker is taken for dead
        assert "requeued voisinage.digests.tasks.send_digest_deliveries" in tick(
            env, "2025-06-15T07:31+02:00"
        )
        run_worker_batch(env)
    shared.pull()
    assert set(deliveries().values()) == {DeliveryStatus.SENT}
    recipients = [to for to, _types in received(mailbox)]
    assert len(recipients) == 5
    assert len(set(recipients)) == 5  # one e-mail each, none twice
