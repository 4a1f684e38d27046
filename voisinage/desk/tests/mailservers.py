"""Real mail servers for tests: an aiosmtpd listener on 127.0.0.1 and a free port, in a thread,
speaking to our own handlers (the instruction listener, the demo's sink)."""

from __future__ import annotations

import smtplib
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from voisinage.lib.smtpserver import protocol_factory


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Controller(Controller):
    def __init__(self, handler: Any, port: int, lmtp: bool) -> None:
        super().__init__(handler, hostname="127.0.0.1", port=port, ready_timeout=10)
        self._lmtp = lmtp

    def factory(self) -> Any:
        return protocol_factory(self.handler, lmtp=self._lmtp)()

    def _trigger_server(self) -> None:
        # The ready check speaks SMTP; an LMTP server would answer "500" to its HELO.
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.recv(1024)


@contextmanager
def smtp_server(handler: Any, *, port: int | None = None, lmtp: bool = False) -> Iterator[int]:
    """Run ``handler`` behind a real aiosmtpd server; yields its port."""
    controller = _Controller(handler, port or free_port(), lmtp)
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


def instruction_email(
    *,
    sender: str,
    to: str,
    body: str,
    subject: str = "Consigne pour ce soir",
    message_id: str | None = None,
    attachment: tuple[str, bytes, str] | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    if message_id:
        message["Message-ID"] = message_id
    message.set_content(body)
    if attachment:
        name, data, mime = attachment
        maintype, subtype = mime.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message


def send(port: int, message: EmailMessage, *, lmtp: bool = False) -> None:
    """A real SMTP (or LMTP) session to 127.0.0.1:port."""
    client: smtplib.SMTP = (
        smtplib.LMTP("127.0.0.1", port) if lmtp else smtplib.SMTP("127.0.0.1", port, timeout=20)
    )
    with client:
        client.send_message(message)
