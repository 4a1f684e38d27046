"""The SMTP/LMTP listener of instruction addresses (``manage.py receive_instructions``).

It answers "250" only once the message is kept in the database, and "451" (try again later)
when it could not be: the sending server keeps the message and retries, so a listener that is
down or restarting loses nothing, and the Message-ID makes a message delivered twice one."""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import sync_to_async
from django.db import close_old_connections

from voisinage.lib import clock

logger = logging.getLogger(__name__)


def _receive(raw: bytes, recipients: list[str], channel: str, received_at: Any) -> None:
    from voisinage.desk.services import inbound_email_receive

    close_old_connections()  # a long-running process: drop connections the server closed
    try:
        email, created = inbound_email_receive(
            raw=raw, envelope_recipients=recipients, received_at=received_at, channel=channel
        )
    finally:
        close_old_connections()
    logger.info(
        "%s e-mail %s from %s: %s",
        "kept" if created else "already kept",
        email.message_id,
        email.sender,
        email.status,
    )


class InstructionMailHandler:
    """aiosmtpd handler: every message to an instruction address is kept (quarantined when its
    scheme or sender is unknown, never refused for that)."""

    def __init__(self, *, lmtp: bool = False) -> None:
        self.channel = "lmtp" if lmtp else "smtp"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        received_at = clock.now()  # the arrival, before anything else may take time
        raw = bytes(envelope.original_content or envelope.content)
        try:
            await sync_to_async(_receive)(raw, list(envelope.rcpt_tos), self.channel, received_at)
        except Exception:
            logger.exception("could not keep an e-mail from %s", envelope.mail_from)
            return "451 4.3.0 Could not store the message now, please try again later"
        return "250 2.0.0 Instruction received"
