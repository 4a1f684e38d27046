"""Real mail servers for tests: an aiosmtpd listener on 127.0.0.1 and a free port, in a thread,
speaking to our own handlers (the instruction listener, the demo's sink)."""

from __future__ import annotations

import smtplib
import socket
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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


@dataclass
class ImapMessage:
    raw: bytes
    internaldate: str  # as IMAP writes it: "06-Dec-2026 16:54:00 +0100"
    seen: bool = False


class _ImapHandler(socketserver.StreamRequestHandler):
    """The few IMAP4rev1 commands a poller needs (LOGIN, SELECT, UID SEARCH UNSEEN, UID FETCH,
    UID STORE +FLAGS, LOGOUT), over a real socket; one mailbox, UIDs from 1."""

    server: _ImapServer

    def reply(self, line: str | bytes) -> None:
        self.wfile.write((line.encode() if isinstance(line, str) else line) + b"\r\n")

    def handle(self) -> None:
        self.reply("* OK [CAPABILITY IMAP4rev1] test IMAP server ready")
        messages = self.server.messages
        for line in self.rfile:
            tag, command, *rest = line.decode().rstrip("\r\n").split(" ", 2)
            args = rest[0] if rest else ""
            command = command.upper()
            if command == "UID":
                command, _, args = args.partition(" ")
                command = "UID " + command.upper()
            if command == "CAPABILITY":
                self.reply("* CAPABILITY IMAP4rev1")
            elif command == "LOGIN":
                if args.split(" ") != [self.server.user, f'"{self.server.password}"'] and (
                    args.split(" ") != [self.server.user, self.server.password]
                ):
                    self.reply(f"{tag} NO [AUTHENTICATIONFAILED] wrong password")
                    continue
            elif command == "SELECT":
                self.reply(f"* {len(messages)} EXISTS")
            elif command == "UID SEARCH":
                unseen = [str(n) for n, m in enumerate(messages, 1) if not m.seen]
                self.reply(" ".join(["* SEARCH", *unseen]))
            elif command == "UID FETCH":
                uid = int(args.split(" ")[0])
                message = messages[uid - 1]
                self.reply(
                    f'* {uid} FETCH (UID {uid} INTERNALDATE "{message.internaldate}" '
                    f"BODY[] {{{len(message.raw)}}}"
                )
                self.wfile.write(message.raw)
                self.reply(")")
            elif command == "UID STORE":
                messages[int(args.split(" ")[0]) - 1].seen = True
            elif command == "LOGOUT":
                self.reply("* BYE")
                self.reply(f"{tag} OK LOGOUT completed")
                return
            else:
                self.reply(f"{tag} BAD unknown command")
                continue
            self.reply(f"{tag} OK {command} completed")


class _ImapServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, messages: list[ImapMessage], user: str, password: str) -> None:
        super().__init__(("127.0.0.1", 0), _ImapHandler)
        self.messages, self.user, self.password = messages, user, password


@contextmanager
def imap_server(messages: list[ImapMessage], *, user: str, password: str) -> Iterator[int]:
    """A tiny real IMAP server on 127.0.0.1 holding ``messages``; yields its port."""
    server = _ImapServer(messages, user, password)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
