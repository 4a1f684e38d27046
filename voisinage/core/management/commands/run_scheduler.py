import time
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from voisinage.core.scheduler import tick


class Command(BaseCommand):
    help = (
        "Run the scheduler: every minute, queue the periodic jobs that are due (morning "
        "digests, retries, daily reminders) for `manage.py db_worker` to execute."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="One tick, then exit (cron).")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between ticks.")
        parser.add_argument("--now", help="Act as if it were this ISO datetime (with --once).")

    def handle(self, *args: Any, **options: Any) -> None:
        now = None
        if options["now"]:
            try:
                now = datetime.fromisoformat(options["now"])
            except ValueError as exc:
                raise CommandError(
                    "--now takes an ISO datetime, e.g. 2026-11-22T07:31+01:00"
                ) from exc
            if now.tzinfo is None:
                raise CommandError("--now needs a time zone, e.g. 2026-11-22T07:31+01:00")
        while True:
            for name in tick(now):
                self.stdout.write(f"queued: {name}")
            if options["once"]:
                return
            time.sleep(max(options["interval"], 5))
