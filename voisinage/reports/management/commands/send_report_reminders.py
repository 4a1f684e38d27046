from typing import Any

from django.core.management.base import BaseCommand

from voisinage.reports.tasks import send_report_reminders


class Command(BaseCommand):
    help = (
        "Queue the daily reminders of overdue reports to their recipients, and the escalation "
        "to the organisation's manager. Run it once a day, e.g. from cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_report_reminders.enqueue()
        self.stdout.write(f"Queued: {result.id}")
