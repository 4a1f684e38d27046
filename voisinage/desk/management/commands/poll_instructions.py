import imaplib
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from voisinage.desk.inbound.imap import ImapAccount, poll_once
from voisinage.lib.env import envstr


class Command(BaseCommand):
    help = (
        "Poll an IMAP mailbox for landlords' instructions (deployments whose mail lives "
        "elsewhere): each unread message is kept as a draft instruction or in quarantine, then "
        "marked read. The password comes from VOISINAGE_IMAP_PASSWORD (or _FILE)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=envstr("VOISINAGE_IMAP_HOST") or "")
        parser.add_argument("--port", type=int, default=None)
        parser.add_argument("--user", default=envstr("VOISINAGE_IMAP_USER") or "")
        parser.add_argument("--mailbox", default=envstr("VOISINAGE_IMAP_MAILBOX") or "INBOX")
        parser.add_argument(
            "--security", choices=("ssl", "starttls", "none"), default="ssl", help="ssl: port 993"
        )
        parser.add_argument("--interval", type=float, default=60, help="Seconds between polls.")
        parser.add_argument("--once", action="store_true", help="Poll once, then stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        password = envstr("VOISINAGE_IMAP_PASSWORD") or ""
        if not options["host"] or not options["user"] or not password:
            raise CommandError(
                "An IMAP host, user and password are needed (--host, --user, "
                "VOISINAGE_IMAP_PASSWORD)."
            )
        security = options["security"]
        account = ImapAccount(
            host=options["host"],
            port=options["port"] or (993 if security == "ssl" else 143),
            user=options["user"],
            password=password,
            mailbox=options["mailbox"],
            security=security,
        )
        while True:
            try:
                new = poll_once(account)
            except (OSError, EOFError, imaplib.IMAP4.error) as error:
                # The mail server is away: nothing was marked read, the next poll takes it.
                if options["once"]:
                    raise CommandError(f"IMAP poll failed: {error}") from error
                self.stderr.write(f"IMAP poll failed, retrying: {error}")
                new = 0
            if new:
                self.stdout.write(f"{new} e-mail(s) kept")
            if options["once"]:
                return
            time.sleep(options["interval"])
