from typing import Any

from django.core.management.base import BaseCommand

from voisinage.governance.tasks import send_deck_reminders


class Command(BaseCommand):
    help = (
        "Queue the daily governance reminders (review decks due before steering committees). "
        "Run it once a day, e.g. from cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_deck_reminders.enqueue()
        self.stdout.write(f"Queued: {result.id}")
