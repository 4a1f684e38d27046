from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from voisinage.demo.mailbox import MailboxHandler, mailbox_dir
from voisinage.lib.smtpserver import serve


class Command(BaseCommand):
    help = (
        "Demo only: a local SMTP server that keeps every e-mail the demo sends, shown on the "
        "« Courriels envoyés (démonstration) » page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8025)

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO:
            raise CommandError(
                "The mail sink is a demo tool: it runs only with VOISINAGE_DEMO=true."
            )
        host, port = options["host"], options["port"]

        def ready() -> None:
            self.stdout.write(f"Mail sink on {host}:{port}, keeping messages in {mailbox_dir()}")
            self.stdout.flush()

        try:
            serve(MailboxHandler(), host=host, port=port, on_ready=ready)
        except OSError as error:  # the port is taken, or not ours to take
            raise CommandError(f"Cannot listen on {host}:{port}: {error}") from error
