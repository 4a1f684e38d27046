"""The demo's mailbox: every e-mail the demo sends, as received by its local SMTP sink.

``manage.py run_mail_sink`` (aiosmtpd) writes each message it receives as one ``.eml`` file in
``settings.VOISINAGE_MAILBOX_DIR``; the « Courriels envoyés » page reads them back. Files are
written under a temporary name and renamed, so a reader never sees half a message.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from django.conf import settings

from voisinage.lib import clock

NAME = re.compile(r"^[0-9]{8}T[0-9]{12}-[0-9a-f]{32}\.eml$")


def mailbox_dir() -> Path:
    return Path(settings.VOISINAGE_MAILBOX_DIR)


def mailbox_store(raw: bytes, *, recipients: list[str], directory: Path | None = None) -> Path:
    """Keep one received message; the envelope's recipients go in a header of ours (a Bcc
    recipient appears in no header of the message itself)."""
    directory = directory or mailbox_dir()
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{clock.now():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex}.eml"
    header = ("X-Voisinage-Envelope-To: " + ", ".join(recipients) + "\r\n").encode()
    partial = directory / f".{name}.part"
    partial.write_bytes(header + raw)
    partial.rename(directory / name)
    return directory / name


@dataclass
class Attachment:
    index: int
    filename: str
    content_type: str
    size: int


@dataclass
class StoredMail:
    name: str
    subject: str
    sender: str
    to: str
    date: datetime | None
    text: str = ""
    html: str = ""
    attachments: list[Attachment] = field(default_factory=list)


def _parse(path: Path) -> EmailMessage:
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _summary(name: str, message: EmailMessage) -> StoredMail:
    date: datetime | None = None
    if message["Date"]:
        try:
            date = parsedate_to_datetime(str(message["Date"]))
        except (TypeError, ValueError):
            date = None
    return StoredMail(
        name=name,
        subject=str(message["Subject"] or ""),
        sender=str(message["From"] or ""),
        to=str(message["X-Voisinage-Envelope-To"] or message["To"] or ""),
        date=date,
    )


def mailbox_names(directory: Path | None = None) -> list[str]:
    """The stored messages' names, newest first."""
    directory = directory or mailbox_dir()
    if not directory.is_dir():
        return []
    return sorted((p.name for p in directory.iterdir() if NAME.match(p.name)), reverse=True)


def mailbox_summaries(names: list[str], directory: Path | None = None) -> list[StoredMail]:
    directory = directory or mailbox_dir()
    return [_summary(name, _parse(directory / name)) for name in names]


def _attachments(message: EmailMessage) -> list[tuple[Attachment, Any]]:
    found = []
    for index, part in enumerate(message.iter_attachments()):
        assert isinstance(part, EmailMessage)
        payload = part.get_content()
        data = payload.encode() if isinstance(payload, str) else bytes(payload)
        found.append(
            (
                Attachment(
                    index=index,
                    filename=part.get_filename() or f"piece-{index + 1}",
                    content_type=part.get_content_type(),
                    size=len(data),
                ),
                data,
            )
        )
    return found


def mailbox_message(name: str, directory: Path | None = None) -> StoredMail | None:
    """One stored message with its bodies and attachments; None for an unknown name."""
    directory = directory or mailbox_dir()
    if not NAME.match(name) or not (directory / name).is_file():
        return None
    message = _parse(directory / name)
    mail = _summary(name, message)
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    mail.text = str(text.get_content()) if text is not None else ""
    mail.html = str(html.get_content()) if html is not None else ""
    mail.attachments = [a for a, _data in _attachments(message)]
    return mail


def mailbox_attachment(
    name: str, index: int, directory: Path | None = None
) -> tuple[Attachment, bytes] | None:
    directory = directory or mailbox_dir()
    if not NAME.match(name) or not (directory / name).is_file():
        return None
    for attachment, data in _attachments(_parse(directory / name)):
        if attachment.index == index:
            return attachment, data
    return None


class MailboxHandler:
    """aiosmtpd handler of the demo's sink: accept everything, keep it in the mailbox."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        mailbox_store(bytes(raw), recipients=list(envelope.rcpt_tos), directory=self.directory)
        return "250 2.0.0 Message kept in the demo mailbox"
