"""Reading an e-mailed instruction: the message's envelope facts, its text, and the fields of
the plain template offered to landlords (docs/desk.md, "Instructions by e-mail")::

    Entrée : HN-12
    Logement : 34
    Locataire : Mme Martin
    Téléphone : 06 12 34 56 78
    Nature : bruit
    Créneau : 21h-23h
    Urgent : oui
    Consigne : passer voir le hall, plaintes répétées.

Every line is optional; keys are read without regard to case or accents; lines after
« Consigne » continue it. Without any key, the whole text is the instruction's details.
Pure functions: no database.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

from django.utils.html import strip_tags

MAX_DETAILS = 4000

KEYS: dict[str, str] = {
    "entree": "entrance",
    "code entree": "entrance",
    "code": "entrance",
    "residence": "residence",
    "logement": "dwelling",
    "appartement": "dwelling",
    "locataire": "tenant_name",
    "nom": "tenant_name",
    "telephone": "tenant_phone",
    "tel": "tenant_phone",
    "nature": "nature",
    "motif": "nature",
    "creneau": "slot",
    "horaire": "slot",
    "heure": "slot",
    "urgent": "urgent",
    "urgence": "urgent",
    "consigne": "details",
    "details": "details",
    "demande": "details",
}
LINE = re.compile(r"^\s*([^:]{2,20}?)\s*:\s*(.*)$")
TIME = re.compile(r"(\d{1,2})\s*(?:h|:|H)\s*(\d{2})?")
YES = {"oui", "yes", "x", "1", "vrai", "urgent"}


@dataclass
class Attachment:
    filename: str
    content_type: str
    data: bytes


@dataclass
class ReadMessage:
    message_id: str
    sender: str
    header_recipients: list[str]
    subject: str
    text: str
    attachments: list[Attachment] = field(default_factory=list)


def _plain(key: str) -> str:
    decomposed = unicodedata.normalize("NFKD", key)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def read_message(raw: bytes) -> ReadMessage:
    """The facts of a raw message. Without a Message-ID, a digest of the bytes stands in for it,
    so the same message delivered twice is still recognised."""
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    message_id = str(message["Message-ID"] or "").strip()
    if not message_id:
        message_id = "<sha256-" + hashlib.sha256(raw).hexdigest() + "@voisinage>"
    recipients = [
        address.lower()
        for header in ("Delivered-To", "X-Original-To", "To", "Cc")
        for _name, address in getaddresses([str(v) for v in message.get_all(header, [])])
        if address
    ]
    body = message.get_body(preferencelist=("plain", "html"))
    text = ""
    if body is not None:
        content = str(body.get_content())
        text = strip_tags(content) if body.get_content_type() == "text/html" else content
    attachments = []
    for part in message.iter_attachments():
        assert isinstance(part, EmailMessage)
        payload = part.get_content()
        attachments.append(
            Attachment(
                filename=part.get_filename() or "piece-jointe",
                content_type=part.get_content_type(),
                data=payload.encode() if isinstance(payload, str) else bytes(payload),
            )
        )
    return ReadMessage(
        message_id=message_id[:255],
        sender=parseaddr(str(message["From"] or ""))[1].lower(),
        header_recipients=recipients,
        subject=" ".join(str(message["Subject"] or "").split())[:255],
        text=text,
        attachments=attachments,
    )


def _own_text(text: str) -> list[str]:
    """The sender's own lines: no quoted reply, nothing after the signature marker."""
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.rstrip() == "--":
            break
        if line.lstrip().startswith(">"):
            continue
        lines.append(line.rstrip())
    return lines


def parse_slot(value: str) -> tuple[time | None, time | None]:
    found = []
    for hours, minutes in TIME.findall(value):
        h, m = int(hours), int(minutes or 0)
        if h < 24 and m < 60:
            found.append(time(h, m))
    start = found[0] if found else None
    end = found[1] if len(found) > 1 else None
    return start, end


def parse_instruction(text: str) -> dict[str, str]:
    """The template's fields found in the text (strings, as written; ``slot_start`` and
    ``slot_end`` as HH:MM; ``urgent`` as "1" or absent)."""
    fields: dict[str, str] = {}
    details: list[str] = []
    in_details = False
    keyed = False
    for line in _own_text(text):
        match = LINE.match(line)
        name = KEYS.get(_plain(match.group(1))) if match else None
        if match and name:
            keyed = True
            in_details = name == "details"
            value = match.group(2).strip()
            if name == "details":
                if value:
                    details.append(value)
            elif name == "slot":
                start, end = parse_slot(value)
                if start:
                    fields["slot_start"] = f"{start:%H:%M}"
                if end:
                    fields["slot_end"] = f"{end:%H:%M}"
            elif name == "urgent":
                if _plain(value) in YES:
                    fields["urgent"] = "1"
            elif value:
                fields[name] = value[:150]
        elif in_details:
            details.append(line)
    if not keyed:
        details = _own_text(text)
    joined = "\n".join(details).strip()
    if joined:
        fields["details"] = joined[:MAX_DETAILS]
    return fields
