from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from voisinage.accounts.demo_users import DEMO_PASSWORD
from voisinage.demo.scenario import DEMO_USERS, SCENARIOS, activity_loaders


class Command(BaseCommand):
    help = "Load the demonstration scenarios (idempotent) and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scenario",
            action="append",
            choices=sorted(SCENARIOS),
            help="Load only this scenario (repeatable). Default: all.",
        )
        parser.add_argument(
            "--no-activity",
            action="store_true",
            help="Only the schemes and their territory: no nights, meetings or payments.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for name in options["scenario"] or sorted(SCENARIOS):
            scheme = SCENARIOS[name]()
            self.stdout.write(f"Scenario loaded: {scheme.name} ({scheme.slug})")
        for name, loader in [] if options["no_activity"] else activity_loaders():
            summary = loader()
            self.stdout.write(f"Activity loaded ({name}): {summary}")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for every one: {DEMO_PASSWORD})")
        for user in DEMO_USERS:
            self.stdout.write(f"  {user.username:<20} {user.persona}")
        self.stdout.write("")
