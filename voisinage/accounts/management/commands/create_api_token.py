from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from voisinage.accounts.models import User
from voisinage.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create a personal API token for a user and print it once (for automation)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="Automation", help="What the token is for.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"], is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"No active user named {options['username']!r}.") from exc
        _token, raw = api_token_create(user=user, name=options["name"])
        # Only the token on stdout, so scripts can capture it.
        self.stdout.write(raw)
