"""IMAP polling of an instruction mailbox (``manage.py poll_instructions``), for deployments
whose mail lives on another server.

Each unread message is fetched without marking it read (``BODY.PEEK[]``), kept through the one
service (``inbound_email_receive``) with the mail server's arrival time (``INTERNALDATE``) as
its received-at, and only then flagged ``\\Seen``: a poll cut short leaves the message unread for
the next one, and the Message-ID makes a message fetched twice one."""

from __future__ import annotations

import contextlib
import imaplib
import logging
import re
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import close_old_connections, connections

from voisinage.lib import clock

logger = logging.getLogger(__name__)

INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')
UID = re.compile(rb"UID (\d+)")


@dataclass(frozen=True)
class ImapAccount:
    host: str
    port: int
    user: str
    password: str
    mailbox: str = "INBOX"
    security: str = "ssl"  # "ssl" (port 993), "starttls" or "none" (a local server only)
    timeout: float = 30


def arrival(header: bytes) -> datetime:
    """The server's arrival time of a message (its INTERNALDATE); now when absent or odd, and
    never later than now."""
    now = clock.now()
    found = INTERNALDATE.search(header)
    if found is None:
        return now
    try:
        moment = datetime.strptime(found.group(1).decode().strip(), "%d-%b-%Y %H:%M:%S %z")
    except ValueError:
        return now
    return min(moment, now)


def _connect(account: ImapAccount) -> imaplib.IMAP4:
    if account.security == "ssl":
        return imaplib.IMAP4_SSL(
            account.host,
            account.port,
            ssl_context=ssl.create_default_context(),
            timeout=account.timeout,
        )
    client = imaplib.IMAP4(account.host, account.port, timeout=account.timeout)
    if account.security == "starttls":
        client.starttls(ssl_context=ssl.create_default_context())
    return client


def _check(answer: tuple[str, Sequence[Any]], what: str) -> Sequence[Any]:
    status, data = answer
    if status != "OK":
        raise imaplib.IMAP4.error(f"{what}: {status} {data!r}")
    return data


def _drop_stale_connections() -> None:
    """A long-running poller drops the connections the server closed; never the one of a
    transaction in progress (a caller's, or a test's)."""
    if not any(c.in_atomic_block for c in connections.all(initialized_only=True)):
        close_old_connections()


def poll_once(account: ImapAccount) -> int:
    """Keep every unread message of the mailbox; returns how many were new instructions or
    quarantined e-mails (a message already kept counts for nothing)."""
    from voisinage.desk.services import inbound_email_receive

    new = 0
    client = _connect(account)
    try:
        _check(client.login(account.user, account.password), "LOGIN")
        _check(client.select(account.mailbox), "SELECT")
        found = _check(client.uid("SEARCH", "UNSEEN"), "SEARCH")
        uids = found[0].decode().split() if found and isinstance(found[0], bytes) else []
        for uid in uids:
            data = _check(client.uid("FETCH", uid, "(INTERNALDATE BODY.PEEK[])"), "FETCH")
            parts = [item for item in data if isinstance(item, tuple)]
            if not parts:
                continue
            header, raw = parts[0]
            _drop_stale_connections()
            _email, created = inbound_email_receive(
                raw=bytes(raw), received_at=arrival(header), channel="imap"
            )
            new += int(created)
            _check(client.uid("STORE", uid, "+FLAGS", "(\\Seen)"), "STORE")
        client.logout()
    finally:
        _drop_stale_connections()
        with contextlib.suppress(OSError):
            client.shutdown()
    return new
