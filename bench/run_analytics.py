"""Time what committees and partners wait for (the analytics speed targets: the year's
dashboard, the yearly aggregates, the annual review deck), server-side, on the generated
database (``python -m bench.generate``).

    python -m bench.run_analytics            # full run
    python -m bench.run_analytics --quick    # smoke run: a few of each, no timing judgement

Same harness as ``bench.run_field`` (the project's WSGI application called in-process, real
token and session, queries counted). Rows:

* floor — the trivial JSON view and ``SELECT 1``;
* dashboard — the year's dashboard page (all indicators, three periods, breakdowns, map) as
  the supervisor, and the year's indicators through the API (target: p95 ≤ 500 ms on
  PostgreSQL for a Marseille-sized scheme);
* aggregates — the year's totals of interventions as the library computes them (one
  conditional aggregate through ``visible_to``) and by landlord and by month, each beside a
  hand-written SQL query doing the same aggregation in the same run (target ≤ 2 s over 10 M
  interventions; the ratio to the SQL floor is the figure to watch);
* deck — the annual review deck (PPTX) through the API (target ≤ 15 s).

The year is the last complete calendar year of data (or the last year with data).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.common import (
    busiest_scheme,
    engine,
    engine_version,
    machine,
    membership,
    review_year,
    setup_django,
)
from bench.run_field import (
    QueryLog,
    Result,
    Server,
    api_get,
    cpu_share,
    load_average,
    page_get,
    plans_section,
    raw_sql,
    run,
    run_callable,
    table,
)
from voisinage.lib import clock

if TYPE_CHECKING:
    from voisinage.accounts.models import User
    from voisinage.schemes.models import Scheme

RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass
class Scene:
    scheme: Scheme
    supervisor: User
    token: str
    token_id: int
    session_cookie: str
    year: int
    interventions: int
    in_database: int


def prepare(slug: str | None) -> Scene:
    from django.conf import settings
    from django.test import Client

    from voisinage.accounts.services import api_token_create
    from voisinage.field.models import Intervention
    from voisinage.schemes.models import Scheme

    scheme = Scheme.objects.get(slug=slug or busiest_scheme())
    found = membership(scheme, "supervisor")
    if found is None:
        raise SystemExit(f"No supervisor in {scheme.slug}.")
    supervisor = found.user
    year = review_year(scheme)
    token, raw = api_token_create(user=supervisor, name=f"bench {clock.local_now():%Y-%m-%d %H:%M}")
    client = Client()
    client.force_login(supervisor)
    return Scene(
        scheme=scheme,
        supervisor=supervisor,
        token=raw,
        token_id=token.pk,
        session_cookie=client.cookies[settings.SESSION_COOKIE_NAME].value,
        year=year,
        interventions=Intervention.objects.filter(scheme=scheme).count(),
        in_database=Intervention.objects.count(),
    )


def cleanup(scene: Scene) -> None:
    from django.contrib.sessions.models import Session

    from voisinage.accounts.models import ApiToken

    ApiToken.objects.filter(pk=scene.token_id).delete()
    Session.objects.filter(session_key=scene.session_cookie).delete()


def orm_totals(scene: Scene) -> Callable[[], Any]:
    from voisinage.analytics.indicators import Filters, Scope
    from voisinage.analytics.periods import Period, PeriodKind

    period = Period.around(PeriodKind.YEAR, date(scene.year, 1, 1))

    def call() -> Any:
        return Scope(scene.supervisor, scene.scheme, period, Filters()).totals

    return call


def orm_breakdown(scene: Scene, dimension: str) -> Callable[[], Any]:
    from voisinage.analytics.indicators import Filters, Scope
    from voisinage.analytics.indicators.compute import intervention_breakdown
    from voisinage.analytics.periods import Period, PeriodKind

    period = Period.around(PeriodKind.YEAR, date(scene.year, 1, 1))
    return lambda: intervention_breakdown(
        Scope(scene.supervisor, scene.scheme, period, Filters()), dimension
    )


def totals_sql(scene: Scene) -> tuple[str, list[Any]]:
    """The same conditional aggregate, written by hand (FILTER works on both engines)."""
    return (
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE result <> ''), "
        "COUNT(*) FILTER (WHERE result = 'resolved'), "
        "COUNT(*) FILTER (WHERE result = 'handed_over'), COUNT(*) FILTER (WHERE climate <> ''), "
        "COUNT(*) FILTER (WHERE climate IN ('orange', 'red')), "
        "COUNT(*) FILTER (WHERE climate = 'yellow') + 2 * COUNT(*) FILTER (WHERE climate = "
        "'orange') + 3 * COUNT(*) FILTER (WHERE climate = 'red'), "
        "SUM(adults + young_people + minors), SUM(young_people + minors), "
        "COUNT(DISTINCT entrance_id) "
        "FROM field_intervention WHERE scheme_id = %s AND night BETWEEN %s AND %s",
        [scene.scheme.pk, date(scene.year, 1, 1), date(scene.year, 12, 31)],
    )


def landlord_sql(scene: Scene) -> tuple[str, list[Any]]:
    return (
        "SELECT landlord_id, COUNT(*) FROM field_intervention "
        "WHERE scheme_id = %s AND night BETWEEN %s AND %s GROUP BY landlord_id",
        [scene.scheme.pk, date(scene.year, 1, 1), date(scene.year, 12, 31)],
    )


def national_rollup(scene: Scene) -> Callable[[], Any]:
    """Every scheme's year, by scheme, from the month roll-up (what a national view would read;
    no page shows it yet)."""
    from django.db.models import Sum

    from voisinage.analytics.models import InterventionMonthRollup
    from voisinage.analytics.rollup import rollup_refresh
    from voisinage.schemes.models import Scheme

    def call() -> Any:
        for pk in Scheme.objects.values_list("pk", flat=True):
            rollup_refresh(pk)
        return list(
            InterventionMonthRollup.objects.filter(
                month__range=(date(scene.year, 1, 1), date(scene.year, 12, 1))
            )
            .values("scheme_id")
            .annotate(n=Sum("interventions"), resolved=Sum("result_resolved"))
            .order_by("scheme_id")
        )

    return call


def national_sql(scene: Scene) -> tuple[str, list[Any]]:
    return (
        "SELECT scheme_id, COUNT(*), COUNT(*) FILTER (WHERE result = 'resolved') "
        "FROM field_intervention WHERE night BETWEEN %s AND %s GROUP BY scheme_id "
        "ORDER BY scheme_id",
        [date(scene.year, 1, 1), date(scene.year, 12, 31)],
    )


@dataclass(frozen=True)
class Plan:
    pages: int
    aggregates: int
    decks: int
    floors: int
    warmup: int


FULL = Plan(pages=30, aggregates=30, decks=5, floors=100, warmup=3)
QUICK = Plan(pages=3, aggregates=3, decks=1, floors=5, warmup=1)


def benchmark(scene: Scene, plan: Plan, log: QueryLog, server: Server) -> list[Result]:
    year = scene.year
    slug = scene.scheme.slug
    dashboard = f"/dispositifs/{slug}/tableau-de-bord/?periode=year&date={year}-01-01"
    indicators = f"/api/v1/schemes/{slug}/indicators?period=year&date={year}-01-01"
    deck = f"/api/v1/schemes/{slug}/review.pptx?from={year}-01-01&to={year}-12-31"
    w = plan.warmup
    scene_api = _TokenScene(scene.token)
    scene_page = _SessionScene(scene.session_cookie)
    from bench.floors import fair_floors

    return [
        *fair_floors(log=log, repetitions=plan.floors, warmup=w),
        run(
            Result("floor", f"GET /api/v1/schemes/{slug} (trivial JSON view)", max_queries=10),
            api_get(scene_api, f"/api/v1/schemes/{slug}"),  # type: ignore[arg-type]
            server=server,
            log=log,
            repetitions=plan.floors,
            warmup=w,
        ),
        run_callable(
            Result("floor", "SELECT 1 round trip (database floor)"),
            raw_sql("SELECT 1", []),
            log=log,
            repetitions=plan.floors,
            warmup=w,
        ),
        run(
            Result(
                "dashboard", f"GET {dashboard} (page, supervisor)", target_ms=500, max_queries=80
            ),
            page_get(scene_page, dashboard),  # type: ignore[arg-type]
            server=server,
            log=log,
            repetitions=plan.pages,
            warmup=w,
        ),
        run(
            Result("dashboard", f"GET {indicators} (API)", target_ms=500, max_queries=80),
            api_get(scene_api, indicators),  # type: ignore[arg-type]
            server=server,
            log=log,
            repetitions=plan.pages,
            warmup=w,
        ),
        run_callable(
            Result("aggregates", f"year {year} totals, ORM (Scope.totals)", target_ms=2000),
            orm_totals(scene),
            log=log,
            repetitions=plan.aggregates,
            warmup=w,
        ),
        run_callable(
            Result("aggregates", "hand-written SQL: the same totals (database floor)"),
            raw_sql(*totals_sql(scene)),
            log=log,
            repetitions=plan.aggregates,
            warmup=w,
        ),
        run_callable(
            Result("aggregates", f"year {year} by landlord, ORM", target_ms=2000),
            orm_breakdown(scene, "landlord"),
            log=log,
            repetitions=plan.aggregates,
            warmup=w,
        ),
        run_callable(
            Result("aggregates", "hand-written SQL: count by landlord (database floor)"),
            raw_sql(*landlord_sql(scene)),
            log=log,
            repetitions=plan.aggregates,
            warmup=w,
        ),
        run_callable(
            Result("aggregates", f"year {year} by month, ORM", target_ms=2000),
            orm_breakdown(scene, "month"),
            log=log,
            repetitions=plan.aggregates,
            warmup=w,
        ),
        run_callable(
            Result(
                "aggregates",
                f"year {year} of every scheme, by scheme, from the roll-up "
                f"({scene.in_database:,} interventions in the table)",
                target_ms=2000,
            ),
            national_rollup(scene),
            log=log,
            repetitions=plan.aggregates,
            warmup=w,
        ),
        run_callable(
            Result("aggregates", "hand-written SQL: every scheme's year by scheme (interventions)"),
            raw_sql(*national_sql(scene)),
            log=log,
            repetitions=max(3, plan.aggregates // 5),
            warmup=min(w, 1),
        ),
        run(
            Result("deck", f"GET {deck} (annual review deck)", target_ms=15000, max_queries=80),
            api_get(scene_api, deck),  # type: ignore[arg-type]
            server=server,
            log=log,
            repetitions=plan.decks,
            warmup=min(w, 1),
        ),
    ]


@dataclass
class _TokenScene:
    """What bench.run_field's request makers read from their scene."""

    token: str


@dataclass
class _SessionScene:
    session_cookie: str


def report(
    scene: Scene, results: list[Result], args: argparse.Namespace, plans: str, loads: list[str]
) -> str:
    facts = machine()
    now = clock.local_now()
    out = [
        f"# Analytics benchmarks — {engine()} — {now:%Y-%m-%d %H:%M %Z}",
        "",
        f"- Machine: {facts['cpus']} CPU ({facts['cpu']}), {facts['memory']} RAM, "
        f"Python {facts['python']}, {engine_version()}, commit {facts['commit']}",
        f"- Load average before and after: {loads[0]} → {loads[-1]}",
        f"- Data: {scene.scheme.slug}, {scene.interventions:,} interventions "
        f"({scene.in_database:,} in the database); year measured {scene.year}",
        f"- Command: `DATABASE_URL=… python -m bench.run_analytics"
        f" --scheme {scene.scheme.slug}{' --quick' if args.quick else ''}`; "
        f"warm-up {args.plan.warmup} per row.",
        "- Rows without an HTTP method are database calls in-process (ORM or raw SQL); compare "
        "each ORM aggregate with the hand-written SQL row below it.",
        "",
        table(results, args.quick),
        "",
    ]
    if plans:
        out += ["## Slowest queries and their plans", "", plans]
    return "\n".join(out)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run_analytics", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument("--scheme", help="slug (default: the scheme with the most interventions)")
    parser.add_argument("--quick", action="store_true", help="a few repetitions, not judged")
    parser.add_argument("--explain", action="store_true", help="plans of the slowest queries")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results/")
    parser.add_argument("--output", type=Path, help="results file")
    args = parser.parse_args(argv)
    args.plan = QUICK if args.quick else FULL
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    setup_django()
    from django.db import connection

    started = time.perf_counter()
    loads = [f"{load_average()} (CPU share {cpu_share():.0%})"]
    scene = prepare(args.scheme)
    log = QueryLog()
    server = Server()
    try:
        with connection.execute_wrapper(log):
            results = benchmark(scene, args.plan, log, server)
        log.active = False
        loads.append(f"{load_average()} (CPU share {cpu_share():.0%})")
        plans = plans_section(results) if args.explain else ""
    finally:
        cleanup(scene)
    text = report(scene, results, args, plans, loads)
    print(text)
    print(f"({time.perf_counter() - started:.0f} s)")
    if not args.no_write:
        RESULTS_DIR.mkdir(exist_ok=True)
        target = args.output or RESULTS_DIR / (
            f"analytics-{engine()}-{clock.today():%Y-%m-%d}{'-quick' if args.quick else ''}.md"
        )
        target.write_text(text + "\n", encoding="utf-8")
        print(f"written to {target}")
    failed = [r for r in results if not r.queries_ok]
    if failed:
        print("query budget exceeded: " + ", ".join(r.what for r in failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
