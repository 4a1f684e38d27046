from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from voisinage.desk.inbound.listener import InstructionMailHandler
from voisinage.lib.smtpserver import serve


class Command(BaseCommand):
    help = (
        "Receive landlords' instructions by e-mail: an SMTP (or, with --lmtp, LMTP) listener "
        "that keeps each message sent to a scheme's instruction address as a draft instruction."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=2525)
        parser.add_argument("--lmtp", action="store_true", help="Speak LMTP (behind Postfix).")

    def handle(self, *args: Any, **options: Any) -> None:
        host, port, lmtp = options["host"], options["port"], options["lmtp"]

        def ready() -> None:
            kind = "LMTP" if lmtp else "SMTP"
            self.stdout.write(f"Receiving instructions by {kind} on {host}:{port}")
            self.stdout.flush()

        try:
            serve(
                InstructionMailHandler(lmtp=lmtp), host=host, port=port, lmtp=lmtp, on_ready=ready
            )
        except OSError as error:  # the port is taken, or not ours to take
            raise CommandError(f"Cannot listen on {host}:{port}: {error}") from error
