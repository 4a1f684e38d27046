"""Time a steering network's year overview over many schemes (docs/performance.md, "Networks").

    python -m bench.run_networks                      # 300 schemes, 10 M interventions a year
    python -m bench.run_networks --schemes 5 --interventions 20000 --quick   # smoke run

The overview reads the analytics month roll-ups (ADR 0028, ADR 0049), never the interventions;
so this script generates, on an empty database (migrated here), what the overview reads at that
scale: ``--schemes`` synthetic schemes (8 operators, 4 neighbourhoods of three kinds and 5
landlords each, the 8 XP X60-600 activities spread over three mediation fields) in one network,
and the month roll-ups of ``--interventions`` interventions over the last complete year —
``InterventionMonthRollup`` (a row per scheme, month, neighbourhood and landlord, with
counts by origin, result and climate, people) and ``ActivityMonthRollup`` (a row per scheme,
month, neighbourhood, landlord and activity) — as ``rollup_rebuild`` would leave them. A second
run reuses them. Then it times, beside the trivial JSON view and a hand-written SQL floor (the
four grouped queries the overview needs, written by hand), the overview through the API and
the page as the network's member.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from bench.common import engine, engine_version, setup_django
from bench.run_field import (
    QueryLog,
    Result,
    Server,
    cpu_share,
    load_average,
    raw_sql,
    run,
    run_callable,
    table,
)

RESULTS_DIR = Path(__file__).resolve().parent / "results"
SLUG = "bench-reseau"
KINDS = ("priority", "priority", "fragile", "other")
FIELDS = (
    "public-tranquillity",
    "public-tranquillity",
    "access-to-rights",
    "public-tranquillity",
    "access-to-rights",
    "access-to-rights",
    "education",
    "education",
)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schemes", type=int, default=300)
    parser.add_argument("--interventions", type=int, default=10_000_000)
    parser.add_argument("--quick", action="store_true", help="a few requests, no judgement")
    parser.add_argument("--no-write", action="store_true")
    return parser.parse_args(argv)


def generate(schemes: int, interventions: int, year: int) -> None:
    """The schemes, the network and the year's month roll-ups (bulk-written, like
    bench.generate writes its rows; the network's own rows through the services)."""
    from voisinage.accounts.models import User
    from voisinage.analytics.models import ActivityMonthRollup, InterventionMonthRollup
    from voisinage.networks.models import Network, NetworkScheme
    from voisinage.networks.services import network_create, network_member_add
    from voisinage.schemes.models import Activity, MediationField, Scheme
    from voisinage.schemes.presets import XP_X60_600
    from voisinage.territory.models import Neighbourhood, Organisation

    if Network.objects.filter(slug=SLUG).exists():
        return
    started = time.perf_counter()
    rng = random.Random(1)
    city = Organisation.objects.create(name="Métropole de banc d'essai", kind="metropolis")
    operators = Organisation.objects.bulk_create(
        Organisation(name=f"Opérateur {i + 1}", kind="operator") for i in range(8)
    )
    landlords = Organisation.objects.bulk_create(
        Organisation(name=f"Bailleur {i + 1}", kind="landlord") for i in range(5)
    )
    created = Scheme.objects.bulk_create(
        Scheme(
            name=f"Dispositif {i + 1:03d}",
            slug=f"bench-{i + 1:03d}",
            operator=operators[i % len(operators)],
            starts_on=date(year - 3, 1, 1),
        )
        for i in range(schemes)
    )
    hoods = Neighbourhood.objects.bulk_create(
        Neighbourhood(scheme=s, name=f"Quartier {j + 1}", kind=KINDS[j])
        for s in created
        for j in range(len(KINDS))
    )
    fields = {f.code: f for f in MediationField.objects.all()}
    activities = Activity.objects.bulk_create(
        Activity(scheme=s, code=code, label=label, position=p, field=fields[FIELDS[p]])
        for s in created
        for p, (code, label) in enumerate(XP_X60_600)
    )
    by_scheme_hoods: dict[int, list[Neighbourhood]] = {}
    for h in hoods:
        by_scheme_hoods.setdefault(h.scheme_id, []).append(h)
    by_scheme_acts: dict[int, list[Activity]] = {}
    for a in activities:
        by_scheme_acts.setdefault(a.scheme_id, []).append(a)
    cells = schemes * 12 * len(KINDS) * len(landlords)
    per_cell = interventions // cells
    rows: list[InterventionMonthRollup] = []
    acts: list[ActivityMonthRollup] = []
    written = 0
    for s in created:
        for month in range(1, 13):
            for h in by_scheme_hoods[s.pk]:
                for landlord in landlords:
                    n = per_cell + (1 if written < interventions - per_cell * cells else 0)
                    written += 1
                    resolved = n * rng.randint(40, 60) // 100
                    handed = n * rng.randint(5, 15) // 100
                    green, yellow = n * 6 // 10, n * 2 // 10
                    rows.append(
                        InterventionMonthRollup(
                            scheme=s,
                            neighbourhood=h,
                            landlord=landlord,
                            month=date(year, month, 1),
                            interventions=n,
                            origin_patrol=n // 2,
                            origin_phone_call=n // 4,
                            origin_own_initiative=n - n // 2 - n // 4,
                            result_resolved=resolved,
                            result_handed_over=handed,
                            result_not_resolved=n // 10,
                            climate_green=green,
                            climate_yellow=yellow,
                            climate_orange=n // 10,
                            climate_red=n // 20,
                            people=n * 2,
                            young=n // 2,
                            conflict_resolved=resolved // 3,
                            anomaly_reported=n // 8,
                            without_activity=n // 10,
                        )
                    )
                    for a in by_scheme_acts[s.pk]:
                        acts.append(
                            ActivityMonthRollup(
                                scheme=s,
                                neighbourhood=h,
                                landlord=landlord,
                                month=date(year, month, 1),
                                activity=a,
                                interventions=n // 9,
                            )
                        )
        if len(acts) > 50_000:
            InterventionMonthRollup.objects.bulk_create(rows, batch_size=5000)
            ActivityMonthRollup.objects.bulk_create(acts, batch_size=5000)
            rows, acts = [], []
    InterventionMonthRollup.objects.bulk_create(rows, batch_size=5000)
    ActivityMonthRollup.objects.bulk_create(acts, batch_size=5000)
    network = network_create(
        name="Réseau de banc d'essai", slug=SLUG, kind="metropolis", organisation=city
    )
    NetworkScheme.objects.bulk_create(
        NetworkScheme(network=network, scheme=s, added_on=date(year, 1, 1)) for s in created
    )
    officer, _created = User.objects.get_or_create(username="bench.reseau")
    network_member_add(network=network, user=officer, organisation=city, author=None)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"generated {schemes} schemes, {InterventionMonthRollup.objects.count()} intervention "
        f"month roll-ups ({interventions} interventions), "
        f"{ActivityMonthRollup.objects.count()} activity month roll-ups "
        f"in {time.perf_counter() - started:.0f} s"
    )


FLOOR_SQL = """
SELECT scheme_id, SUM(interventions), SUM(people), SUM(young), SUM(result_resolved),
       SUM(result_handed_over), SUM(climate_green), SUM(climate_yellow), SUM(climate_orange),
       SUM(climate_red)
FROM analytics_interventionmonthrollup
WHERE scheme_id IN (SELECT scheme_id FROM networks_networkscheme WHERE network_id = %s)
  AND month BETWEEN %s AND %s
GROUP BY scheme_id;
"""


def floor_sql(network_id: int, year: int) -> list[tuple[str, list[object]]]:
    span = [network_id, date(year, 1, 1), date(year, 12, 1)]
    by_operator = (
        "SELECT s.operator_id, SUM(r.interventions), SUM(r.people), SUM(r.result_resolved) "
        "FROM analytics_interventionmonthrollup r JOIN schemes_scheme s ON s.id = r.scheme_id "
        "WHERE r.scheme_id IN (SELECT scheme_id FROM networks_networkscheme WHERE network_id = %s)"
        " AND r.month BETWEEN %s AND %s GROUP BY s.operator_id"
    )
    by_kind = (
        "SELECT n.kind, SUM(r.interventions), SUM(r.people), SUM(r.result_resolved) "
        "FROM analytics_interventionmonthrollup r "
        "LEFT JOIN territory_neighbourhood n ON n.id = r.neighbourhood_id "
        "WHERE r.scheme_id IN (SELECT scheme_id FROM networks_networkscheme WHERE network_id = %s)"
        " AND r.month BETWEEN %s AND %s GROUP BY n.kind"
    )
    by_field = (
        "SELECT a.field_id, SUM(r.interventions) FROM analytics_activitymonthrollup r "
        "JOIN schemes_activity a ON a.id = r.activity_id "
        "WHERE r.scheme_id IN (SELECT scheme_id FROM networks_networkscheme WHERE network_id = %s)"
        " AND r.month BETWEEN %s AND %s GROUP BY a.field_id"
    )
    return [(FLOOR_SQL, span), (by_operator, span), (by_kind, span), (by_field, span)]


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from voisinage.accounts.models import User
    from voisinage.accounts.services import api_token_create
    from voisinage.lib import clock
    from voisinage.networks.models import Network

    call_command("migrate", verbosity=0)
    year = clock.today().year - 1
    generate(args.schemes, args.interventions, year)
    network = Network.objects.get(slug=SLUG)
    officer = User.objects.get(username="bench.reseau")
    _token, raw = api_token_create(user=officer, name="bench")
    client = Client()
    client.force_login(officer)
    from django.conf import settings

    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    reps, warm = (3, 1) if args.quick else (20, 5)
    log, server = QueryLog(), Server()
    loads = [f"{load_average()} (CPU share {cpu_share():.0%})"]
    bearer = {"Authorization": f"Bearer {raw}"}
    with connection.execute_wrapper(log):
        floor = run(
            Result("floor", "GET /api/v1/networks (trivial JSON view)"),
            lambda _i: ("GET", "/api/v1/networks", bearer, b""),
            server=server,
            log=log,
            repetitions=reps,
            warmup=warm,
        )
        queries = floor_sql(network.pk, year)

        def sql_floor() -> None:
            for sql, params in queries:
                raw_sql(sql, params)()

        from bench.floors import fair_floors

        results = [
            *fair_floors(log=log, repetitions=reps, warmup=warm),
            floor,
            run_callable(
                Result("sql floor", "hand-written SQL: the four grouped sums of the overview"),
                sql_floor,
                log=log,
                repetitions=reps,
                warmup=warm,
            ),
            run(
                Result(
                    "overview API",
                    f"GET /api/v1/networks/{SLUG}/overview?year={year}",
                    target_ms=1000,
                    max_queries=20,
                ),
                lambda _i: ("GET", f"/api/v1/networks/{SLUG}/overview?year={year}", bearer, b""),
                server=server,
                log=log,
                repetitions=reps,
                warmup=warm,
            ),
            run(
                Result(
                    "overview page",
                    f"GET /reseaux/{SLUG}/?annee={year}",
                    target_ms=1000,
                    max_queries=20,
                ),
                lambda _i: ("GET", f"/reseaux/{SLUG}/?annee={year}", {"Cookie": cookie}, b""),
                server=server,
                log=log,
                repetitions=reps,
                warmup=warm,
            ),
        ]
        log.active = False
    loads.append(f"{load_average()} (CPU share {cpu_share():.0%})")
    text = "\n".join(
        [
            f"# Network overview — {engine()} {engine_version()}, {clock.today():%Y-%m-%d}",
            "",
            f"{args.schemes} schemes in one network, month roll-ups of {args.interventions} "
            f"interventions in {year}; load {' → '.join(loads)}",
            "",
            table(results, args.quick),
        ]
    )
    print(text)
    if not args.no_write:
        RESULTS_DIR.mkdir(exist_ok=True)
        target = RESULTS_DIR / f"networks-{engine()}-{clock.today():%Y-%m-%d}.md"
        target.write_text(text + "\n", encoding="utf-8")
        print(f"written to {target}")
    return 0 if all(r.queries_ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
