"""The demo's process group, as ``./scripts/demo`` starts it: honcho runs the Procfile (web
server, task worker, scheduler, mail sink, instruction listener) on a small scheme whose digest
is due; the scheduled digest arrives in the demo's mailbox with its PDF. Ctrl-C stops the whole
group; a process that cannot start stops the others, its error shown."""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import urllib.request
from datetime import time
from pathlib import Path

import pytest

from voisinage.demo.mailbox import mailbox_message, mailbox_names
from voisinage.desk.tests.mailservers import free_port
from voisinage.digests.models import DigestRecipient, DigestSettings
from voisinage.schemes.models import ServiceHoursRule
from voisinage.tests.processes import BASE, SharedDatabase, started, wait_for

pytestmark = pytest.mark.django_db(transaction=True)
HONCHO = [str(Path(sys.executable).parent / "honcho"), "-e", os.devnull, "start"]


def group_env(shared: SharedDatabase, **ports: int) -> dict[str, str]:
    env = shared.env(
        EMAIL_PORT=str(ports["VOISINAGE_MAIL_SINK_PORT"]),
        VOISINAGE_SCHEDULER_INTERVAL="5",
        VOISINAGE_WEB_WORKERS="1",
        VOISINAGE_BASE_URL=f"http://127.0.0.1:{ports['VOISINAGE_WEB_PORT']}",
        **{name: str(port) for name, port in ports.items()},
    )
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def digest_with_pdf(directory: Path, to: str) -> object:
    for name in mailbox_names(directory):
        mail = mailbox_message(name, directory)
        if mail and mail.to == to and any(a.filename.endswith(".pdf") for a in mail.attachments):
            return mail
    return None


def healthz(port: int) -> dict[str, object] | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
            return json.loads(answer.read())
    except OSError:
        return None


def test_the_demo_group_sends_the_scheduled_digest_to_the_local_mailbox(cast, tmp_path):
    # Every night has a service; the digest is due from midnight (instead of 07:30), so the
    # scheduler's first tick sends last night's.
    ServiceHoursRule.objects.filter(scheme=cast.scheme).delete()
    ServiceHoursRule.objects.create(
        scheme=cast.scheme,
        start_month=1,
        start_day=1,
        end_month=12,
        end_day=31,
        weekdays="0123456",
        starts_at=time(20),
        ends_at=time(4),
    )
    DigestSettings.objects.create(scheme=cast.scheme, dispatch_time=time(0, 0))
    DigestRecipient.objects.create(scheme=cast.scheme, organisation=cast.north)
    shared = SharedDatabase(tmp_path)
    shared.push()
    ports = {
        "VOISINAGE_WEB_PORT": free_port(),
        "VOISINAGE_MAIL_SINK_PORT": free_port(),
        "VOISINAGE_INBOUND_PORT": free_port(),
    }
    env = group_env(shared, **ports)
    mailbox = tmp_path / "var" / "mailbox"
    log = tmp_path / "group.log"
    with started(HONCHO, env, log) as group:
        mail = wait_for(
            lambda: digest_with_pdf(mailbox, cast.north_referent.email),
            timeout=240,
            what=lambda: f"the digest in the mailbox; the group said:\n{log.read_text()}",
        )
        health = wait_for(lambda: healthz(ports["VOISINAGE_WEB_PORT"]), timeout=60, what="/healthz")
        group.send_signal(signal.SIGINT)  # Ctrl-C
        assert group.wait(60) is not None
    assert "compte rendu de la nuit" in mail.subject
    assert health["checks"]["database"] == {"ok": True}
    assert health["checks"]["scheduler"] == {"ok": True}
    output = log.read_text()
    for name in ("web", "worker", "scheduler", "mail", "inbound"):
        assert f"{name}." in output  # each process took part
    for port in ports.values():  # nothing is left listening
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_a_process_that_cannot_start_stops_the_group_with_its_error(cast, tmp_path):
    shared = SharedDatabase(tmp_path)
    shared.push()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        ports = {
            "VOISINAGE_WEB_PORT": free_port(),
            "VOISINAGE_MAIL_SINK_PORT": free_port(),
            "VOISINAGE_INBOUND_PORT": taken.getsockname()[1],
        }
        log = tmp_path / "group.log"
        with started(HONCHO, group_env(shared, **ports), log) as group:
            code = group.wait(180)
    assert code != 0
    output = log.read_text()
    assert "cannot listen on 127.0.0.1" in output.lower()
    assert "address already in use" in output.lower()
    assert "inbound.1 stopped (rc=1)" in output
    assert "web.1 stopped" in output
    assert BASE.exists()
