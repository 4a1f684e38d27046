"""A small aiosmtpd server runner shared by the demo's mail sink and the inbound instruction
listener: SMTP or LMTP on one address, until SIGINT or SIGTERM.

The handler is an aiosmtpd handler (``async handle_DATA(server, session, envelope)``); its answer
is what the sending server sees, so a handler answers "250" only once the message is safely
stored and a "4xx" otherwise: the sending server keeps it and tries again later.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from typing import Any

from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP

# Larger messages are refused at the door (552), before anything is stored.
DEFAULT_SIZE_LIMIT = 25 * 1024 * 1024


def protocol_factory(
    handler: Any, *, lmtp: bool = False, size_limit: int = DEFAULT_SIZE_LIMIT
) -> Callable[[], SMTP]:
    """The aiosmtpd protocol for ``handler`` (also used by tests' threaded controllers)."""
    kind = LMTP if lmtp else SMTP

    def factory() -> SMTP:
        # A fixed host name: aiosmtpd would otherwise ask the DNS for this machine's name.
        return kind(handler, data_size_limit=size_limit, enable_SMTPUTF8=True, hostname="voisinage")

    return factory


def serve(
    handler: Any,
    *,
    host: str,
    port: int,
    lmtp: bool = False,
    size_limit: int = DEFAULT_SIZE_LIMIT,
    on_ready: Callable[[], None] | None = None,
) -> None:
    """Listen on ``host:port`` until SIGINT or SIGTERM, then close cleanly."""

    async def main() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            protocol_factory(handler, lmtp=lmtp, size_limit=size_limit), host, port
        )
        stop = asyncio.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        if on_ready is not None:
            on_ready()
        await stop.wait()
        server.close()
        await server.wait_closed()

    asyncio.run(main())
