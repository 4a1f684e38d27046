from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from voisinage.schemes.models import Scheme
from voisinage.territory.services import housing_stock_import
from voisinage.territory.stockfile import FileRejected


class Command(BaseCommand):
    help = "Import a housing-stock file (CSV or XLSX) into a scheme; all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("scheme", help="The scheme's slug, e.g. besancon")
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            scheme = Scheme.objects.get(slug=options["scheme"])
        except Scheme.DoesNotExist as exc:
            raise CommandError(f"Unknown scheme {options['scheme']!r}.") from exc
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        try:
            result = housing_stock_import(scheme=scheme, data=path.read_bytes(), filename=path.name)
        except FileRejected as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Nothing imported: {len(exc.problems)} problem(s) in {path.name}."
            ) from exc
        self.stdout.write(
            f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged."
        )
