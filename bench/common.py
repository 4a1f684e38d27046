"""What the benchmark scripts share: Django start-up, the database engine, small statistics."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


def setup_django() -> None:
    """Start Django with bench.settings (the project's settings, DEBUG off; see settings.py).

    DATABASE_URL chooses the database, as for the application.
    """
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()


def engine() -> str:
    """``sqlite`` or ``postgresql``."""
    from django.db import connection

    return str(connection.vendor)


def engine_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
        cursor.execute("show server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def machine() -> dict[str, str]:
    """The facts docs/performance.md reports about the machine."""
    memory = ""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    cpu = ""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "cpus": str(os.cpu_count() or "?"),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "system": platform.platform(),
        "commit": _git_commit(),
    }


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
            timeout=5,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip()


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` percentile (0–1) with linear interpolation between closest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Progress:
    """Prints one line that rewrites itself on a terminal, full lines otherwise."""

    label: str

    def show(self, text: str, *, final: bool = False) -> None:
        if sys.stdout.isatty() and not final:
            print(f"\r{self.label}: {text}   ", end="", flush=True)
        else:
            print(f"{self.label}: {text}", flush=True)


# --- Finding the scheme and its people (by their memberships, never by username) ---------------


def busiest_scheme() -> str:
    """The slug of the scheme with the most interventions."""
    from django.db.models import Count

    from voisinage.field.models import Intervention

    first = (
        Intervention.objects.values("scheme__slug").annotate(n=Count("id")).order_by("-n").first()
    )
    if first is None:
        raise SystemExit("No intervention: run python -m bench.generate first.")
    return str(first["scheme__slug"])


def membership(scheme: Any, role: str, *, skip: Sequence[int] = (), **extra: Any) -> Any:
    """The first active membership (by username) with ``role`` in the scheme, or None."""
    from voisinage.accounts.models import Membership

    return (
        Membership.objects.filter(
            scheme=scheme, role__code=role, is_active=True, user__is_active=True, **extra
        )
        .exclude(user_id__in=skip)
        .select_related("user", "organisation")
        .order_by("user__username")
        .first()
    )


def review_year(scheme: Any) -> int:
    """The last calendar year the data covers entirely (a committee's annual review), or,
    when the data cover no whole year (size S: the last twelve months), the current one."""
    from django.db.models import Max, Min

    from voisinage.field.models import Intervention

    span = Intervention.objects.filter(scheme=scheme).aggregate(
        first=Min("night"), last=Max("night")
    )
    if span["last"] is None:
        raise SystemExit(f"No intervention in {scheme.slug}: run python -m bench.generate first.")
    first, last = span["first"], span["last"]
    year = last.year - 1 if (last.month, last.day) != (12, 31) else last.year
    # The data cover that year if they start in its first week (1 January may have no service).
    if first.year < year or (first.year == year and first.timetuple().tm_yday <= 7):
        return int(year)
    return int(last.year)
