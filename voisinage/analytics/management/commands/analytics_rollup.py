import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from voisinage.analytics.rollup import rollup_rebuild, rollup_refresh
from voisinage.schemes.models import Scheme


class Command(BaseCommand):
    help = (
        "Bring the interventions roll-up up to date (ADR 0028): rebuild the stale nights, or "
        "everything with --rebuild (after a bulk load that bypassed the application)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
        parser.add_argument("--scheme", help="only this scheme (its slug)")

    def handle(self, *args: Any, **options: Any) -> None:
        schemes = Scheme.objects.order_by("pk")
        if options["scheme"]:
            schemes = schemes.filter(slug=options["scheme"])
            if not schemes.exists():
                raise CommandError(f"No scheme {options['scheme']!r}.")
        started = time.perf_counter()
        ids = list(schemes.values_list("pk", flat=True))
        if options["rebuild"]:
            rows = rollup_rebuild(ids)
            self.stdout.write(
                f"{rows} roll-up rows rebuilt in {time.perf_counter() - started:.1f} s"
            )
        else:
            nights = sum(rollup_refresh(pk) for pk in ids)
            self.stdout.write(
                f"{nights} stale nights rebuilt in {time.perf_counter() - started:.1f} s"
            )
