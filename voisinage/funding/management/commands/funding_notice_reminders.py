from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from voisinage.funding.services import notice_reminders_schedule


class Command(BaseCommand):
    help = (
        "Queue the e-mails reminding managers of the notice deadline before each contract "
        "anniversary. Run it daily (cron, systemd timer); nothing is sent twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today takes a date as YYYY-MM-DD") from exc
        reminders = notice_reminders_schedule(today=today)
        self.stdout.write(f"{len(reminders)} reminder(s) queued.")
