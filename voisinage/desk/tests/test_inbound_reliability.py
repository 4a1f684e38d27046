"""The instruction listener restarted, with the real parts: ``manage.py receive_instructions``
as a process, and a sending server that does what mail servers do — keep a message queued until
it gets a "250", retry when the connection is refused. Nothing is lost, nothing is doubled."""

from __future__ import annotations

import smtplib
import socket
import sys
from email.message import EmailMessage

import pytest

from voisinage.desk.models import InboundEmail, InboundStatus
from voisinage.desk.services import desk_settings
from voisinage.desk.tests.mailservers import free_port, instruction_email, send
from voisinage.tests.processes import SharedDatabase, started, wait_for

pytestmark = pytest.mark.django_db(transaction=True)
ADDRESS = "consignes@rivebourg.example"


class SendingServer:
    """A mail server's outgoing queue, as far as retries go."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.queue: list[EmailMessage] = []

    def submit(self, message: EmailMessage) -> None:
        self.queue.append(message)

    def flush(self) -> int:
        """Try every queued message once; returns how many are still queued."""
        for message in list(self.queue):
            try:
                send(self.port, message)
            except (OSError, smtplib.SMTPException):
                continue  # refused, or a 4xx answer: retried at the next flush
            self.queue.remove(message)
        return len(self.queue)


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def test_the_listener_restarted_loses_and_doubles_nothing(cast, tmp_path):
    row = desk_settings(cast.scheme)
    row.instruction_address = ADDRESS
    row.save()
    shared = SharedDatabase(tmp_path)
    shared.push()
    port = free_port()
    env = shared.env()
    listener = [sys.executable, "manage.py", "receive_instructions", "--port", str(port)]
    sender = SendingServer(port)
    first, second = (
        instruction_email(
            sender=cast.north_referent.email,
            to=ADDRESS,
            body=f"Entrée : HN-{n}\nConsigne : passage n°{n}",
            message_id=f"<m{n}@habitat-nord.example>",
        )
        for n in (1, 2)
    )
    with started(listener, env, tmp_path / "listener-1.log") as process:
        wait_for(lambda: listening(port), timeout=120, what="the listener")
        sender.submit(first)
        assert sender.flush() == 0
        process.terminate()  # stopped for an upgrade
        process.wait(30)
    assert not listening(port)
    sender.submit(second)
    assert sender.flush() == 1  # refused: stays in the sending server's queue
    # The sending server never got the "250" of the first (the connection broke): it sends
    # that message again.
    sender.submit(first)
    with started(listener, env, tmp_path / "listener-2.log"):
        wait_for(lambda: listening(port), timeout=120, what="the listener, restarted")
        assert sender.flush() == 0
    shared.pull()
    kept = dict(InboundEmail.objects.values_list("message_id", "status"))
    assert kept == {
        "<m1@habitat-nord.example>": InboundStatus.DRAFT,
        "<m2@habitat-nord.example>": InboundStatus.DRAFT,
    }
    assert set(InboundEmail.objects.values_list("landlord", flat=True)) == {cast.north.pk}
