"""Time what the supervisor and the partners wait for (the measurements at scale), server-side,
on generated data.

    python -m bench.run_partners                    # full run
    python -m bench.run_partners --quick            # smoke run: a few of each, no judgement
    python -m bench.run_partners --scheme besancon  # default: the scheme with most interventions

Needs calls and reports (``python -m bench.generate_activity`` after ``bench.generate``, or the
lead's generator that calls it). Same in-process harness as ``bench.run_field`` (the WSGI
application, real session cookies and API tokens, queries counted). Rows:

* floor — ``GET /api/v1/schemes/<slug>`` (trivial JSON view, token) and ``SELECT 1``;
* supervisor's board — ``desk:board`` and its polled fragment ``desk:board_live`` as the
  scheme's supervisor (a member with the ``supervisor`` role). The board reads the desk's clock:
  it shows tonight (or the next service night) and the calls of the two nights before that are
  not called back yet, so the data must end yesterday (``bench.generate``'s default ``--end``)
  or include tonight (``generate_activity`` writes tonight's open calls when the service is
  running); the run refuses a board with no open call. SQL floor: those calls, in order;
* landlord referent — a member with the ``partner_referent`` role and a landlord perimeter: the
  busiest night's interventions (API and logbook page) and the first page of the reports list,
  each as that referent; SQL floors: the same rows filtered by landlord;
* duplicates — ``reports.selectors.duplicate_candidates`` for a new report at the entrance with
  the most open reports of one category in the window (as the report form and API call it, as
  the supervisor), then the whole ``POST /api/v1/schemes/<slug>/reports`` (agent's token, no
  merge); SQL floor: the bounding-box query alone.

Each row gives p50/p95, query counts, the ratio to the trivial view and, for the rows of a
group, to that group's SQL floor (in the "What" column). Reports created by the run, their
queued e-mail tasks, its tokens and sessions are deleted at the end. Results go to
``bench/results/partners-<engine>-<date>.md``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.common import (
    busiest_scheme,
    engine,
    engine_version,
    machine,
    membership,
    setup_django,
)
from bench.run_field import (
    RESULTS_DIR,
    QueryLog,
    Request,
    Result,
    Server,
    busiest_night,
    cpu_share,
    load_average,
    raw_sql,
    run,
    run_callable,
    table,
)
from voisinage.lib import clock

RUN_KEY = f"bench-partners-{uuid.uuid4().hex[:8]}-"


@dataclass(frozen=True)
class Plan:
    boards: int
    lists: int
    lookups: int
    creates: int
    floors: int
    warmup: int


FULL = Plan(boards=100, lists=100, lookups=200, creates=100, floors=200, warmup=10)
QUICK = Plan(boards=5, lists=5, lookups=10, creates=3, floors=10, warmup=2)


@dataclass
class Scene:
    slug: str
    scheme: Any
    supervisor: Any
    agent: Any
    referent: Any
    landlord: Any
    cookies: dict[str, str]  # username → session key
    tokens: dict[str, tuple[str, int]]  # username → (raw token, id)
    board_night: date
    board_calls: int
    busy_night: date
    busy_landlord_rows: int
    hot_entrance: Any
    hot_category: Any
    duplicates: int
    started: datetime


def _member(scheme: Any, role: str, **extra: Any) -> Any:
    found = membership(scheme, role, **extra)
    if found is None:
        raise SystemExit(f"No active {role} {extra or ''} in {scheme.slug}.")
    return found


def prepare(slug: str | None) -> Scene:
    from django.conf import settings
    from django.db.models import Count
    from django.test import Client

    from voisinage.accounts.access import PerimeterKind
    from voisinage.accounts.services import api_token_create
    from voisinage.desk.selectors import board, board_night
    from voisinage.field.models import Intervention
    from voisinage.reports.models import OPEN_STATUSES, Report
    from voisinage.reports.services import report_settings_for
    from voisinage.schemes.models import Scheme

    scheme = Scheme.objects.get(slug=slug or busiest_scheme())
    supervisor = _member(scheme, "supervisor").user
    agent = _member(scheme, "agent").user
    grant = _member(scheme, "partner_referent", perimeter=PerimeterKind.LANDLORD)
    cookies, tokens = {}, {}
    for user in (supervisor, agent, grant.user):
        client = Client()
        client.force_login(user)
        cookies[user.username] = client.cookies[settings.SESSION_COOKIE_NAME].value
        token, raw = api_token_create(user=user, name=f"{RUN_KEY}{user.username}")
        tokens[user.username] = (raw, token.pk)
    night = board_night(scheme, clock.now())
    shown = board(supervisor, scheme, night, clock.now())
    if not shown.calls:
        raise SystemExit(
            f"The board of {night} has no open call: generate data ending yesterday (or "
            "tonight) with python -m bench.generate_activity."
        )
    busy, _count = busiest_night(scheme)
    config = report_settings_for(scheme)
    since = clock.now() - timedelta(days=config.duplicate_window_days)
    hot = (
        Report.objects.filter(
            scheme=scheme, status__in=OPEN_STATUSES, created_at__gte=since, entrance__isnull=False
        )
        .values("entrance_id", "category_id")
        .annotate(n=Count("id"))
        .order_by("-n", "entrance_id")
        .first()
    )
    if hot is None:
        raise SystemExit("No open report in the window: run python -m bench.generate_activity.")
    from voisinage.reports.models import ReportCategory
    from voisinage.territory.models import Entrance

    return Scene(
        slug=scheme.slug,
        scheme=scheme,
        supervisor=supervisor,
        agent=agent,
        referent=grant.user,
        landlord=grant.organisation,
        cookies=cookies,
        tokens=tokens,
        board_night=night,
        board_calls=len(shown.calls),
        busy_night=busy,
        busy_landlord_rows=Intervention.objects.filter(
            scheme=scheme, night=busy, landlord=grant.organisation
        ).count(),
        hot_entrance=Entrance.objects.get(pk=hot["entrance_id"]),
        hot_category=ReportCategory.objects.get(pk=hot["category_id"]),
        duplicates=hot["n"],
        started=clock.now(),
    )


def cleanup(scene: Scene) -> int:
    from django.contrib.sessions.models import Session
    from django_tasks_db.models import DBTaskResult

    from voisinage.accounts.models import ApiToken
    from voisinage.reports.models import Report

    created = Report.objects.filter(occurrences__idempotency_key__startswith=RUN_KEY)
    ids = list(created.values_list("pk", flat=True))
    DBTaskResult.objects.filter(
        enqueued_at__gte=scene.started, task_path__endswith="send_report"
    ).delete()
    Report.objects.filter(pk__in=ids).delete()
    ApiToken.objects.filter(pk__in=[pk for _raw, pk in scene.tokens.values()]).delete()
    Session.objects.filter(session_key__in=scene.cookies.values()).delete()
    return len(ids)


# --- Requests and floors ------------------------------------------------------------------------


def page(scene: Scene, user: Any, url: str) -> Callable[[int], Request]:
    from django.conf import settings

    cookie = f"{settings.SESSION_COOKIE_NAME}={scene.cookies[user.username]}"
    return lambda _i: ("GET", url, {"Cookie": cookie}, b"")


def api(scene: Scene, user: Any, url: str) -> Callable[[int], Request]:
    token = scene.tokens[user.username][0]
    return lambda _i: ("GET", url, {"Authorization": f"Bearer {token}"}, b"")


def contains(*needles: str) -> Callable[[bytes], None]:
    def check(content: bytes) -> None:
        text = content.decode()
        for needle in needles:
            if needle not in text:
                raise SystemExit(f"{needle!r} is not in the answer: {text[:500]}")

    return check


def count_is(expected: int) -> Callable[[bytes], None]:
    def check(content: bytes) -> None:
        got = json.loads(content).get("count")
        if got != expected:
            raise SystemExit(f"the list answered {got} rows, not {expected}")

    return check


def lookup(scene: Scene) -> Callable[[], Any]:
    """As the form and the API call it (supervisor, the scheme's radius and window)."""

    from voisinage.reports.selectors import duplicate_candidates
    from voisinage.reports.services import report_settings_for

    entrance = scene.hot_entrance

    def call() -> Any:
        config = report_settings_for(scene.scheme)
        found = duplicate_candidates(
            scene.supervisor,
            scene.scheme,
            category=scene.hot_category,
            entrance_id=entrance.pk,
            lat=entrance.lat,
            lon=entrance.lon,
            now=clock.now(),
            radius_m=config.duplicate_radius_m,
            window_days=config.duplicate_window_days,
        )
        if not found:
            raise SystemExit("duplicate_candidates found nothing at the hot spot")
        return found

    return call


def lookup_sql(scene: Scene) -> tuple[str, list[Any]]:
    """The least the database must do: the bounding box (or the entrance), open, same
    category, in the window."""

    from voisinage.reports.models import OPEN_STATUSES

    e, radius = scene.hot_entrance, 50
    dlat = radius / 111_320
    dlon = radius / (111_320 * max(math.cos(math.radians(e.lat or 0)), 0.01))
    marks = ", ".join("%s" for _ in OPEN_STATUSES)
    return (
        "SELECT id, entrance_id, lat, lon FROM reports_report WHERE scheme_id = %s "  # noqa: S608
        f"AND category_id = %s AND status IN ({marks}) AND created_at >= %s AND "
        "(entrance_id = %s OR (lat BETWEEN %s AND %s AND lon BETWEEN %s AND %s)) "
        "ORDER BY created_at DESC LIMIT 50",
        [
            scene.scheme.pk,
            scene.hot_category.pk,
            *OPEN_STATUSES,
            clock.now() - timedelta(days=30),
            e.pk,
            (e.lat or 0) - dlat,
            (e.lat or 0) + dlat,
            (e.lon or 0) - dlon,
            (e.lon or 0) + dlon,
        ],
    )


def create_report(scene: Scene) -> Callable[[int], Request]:
    token = scene.tokens[scene.agent.username][0]

    def make(_i: int) -> Request:
        body = {
            "category": scene.hot_category.code,
            "description": "Mesure du banc d'essai.",
            "entrance_id": scene.hot_entrance.pk,
        }
        headers = {
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": f"{RUN_KEY}{uuid.uuid4().hex}",
        }
        return ("POST", f"/api/v1/schemes/{scene.slug}/reports", headers, json.dumps(body).encode())

    return make


def benchmark(scene: Scene, plan: Plan, log: QueryLog, server: Server) -> list[list[Result]]:
    """The rows in groups; each group but the first ends with its SQL floor."""
    from django.urls import reverse

    from voisinage.desk.selectors import board
    from voisinage.reports.models import Report

    s, w, ll = scene.slug, plan.warmup, scene.landlord.pk
    first_call = board(scene.supervisor, scene.scheme, scene.board_night, clock.now())
    call_url = reverse("desk:call", args=[s, first_call.calls[0].pk])
    newest = (
        Report.objects.filter(scheme=scene.scheme)
        .filter(recipient=scene.landlord)
        .order_by("-created_at", "-pk")
        .first()
    )
    night = scene.busy_night.isoformat()

    def get(name: str, what: str, make: Callable[[int], Request], n: int, budget: int,
            check: Callable[[bytes], None] | None = None) -> Result:  # fmt: skip
        return run(Result(name, what, max_queries=budget), make, server=server, log=log,
                   repetitions=n, warmup=w, check=check)  # fmt: skip

    def sql(name: str, what: str, query: tuple[str, list[Any]], n: int) -> Result:
        return run_callable(Result(name, what), raw_sql(*query), log=log, repetitions=n, warmup=w)

    from bench.floors import fair_floors

    floor = [
        *fair_floors(log=log, repetitions=plan.floors, warmup=w),
        get("floor", f"GET /api/v1/schemes/{s} (trivial JSON view)",
            api(scene, scene.supervisor, f"/api/v1/schemes/{s}"), plan.floors, 10),
        sql("floor", "SELECT 1 round trip (database floor)", ("SELECT 1", []), plan.floors),
    ]  # fmt: skip
    board_rows = [
        get("board", f"GET desk:board /dispositifs/{s}/permanence/ (supervisor; night "
            f"{scene.board_night}, {scene.board_calls} open calls)",
            page(scene, scene.supervisor, reverse("desk:board", args=[s])), plan.boards, 40,
            contains(call_url)),
        get("board", f"GET desk:board_live /dispositifs/{s}/permanence/direct/ (polled fragment)",
            page(scene, scene.supervisor, reverse("desk:board_live", args=[s])), plan.boards, 30,
            contains(call_url)),
        sql("board", "hand-written SQL: the open calls of the board's three nights",
            ("SELECT * FROM desk_call WHERE scheme_id = %s AND night BETWEEN %s AND %s AND "
             "status <> 'called_back' ORDER BY received_at, id",
             [scene.scheme.pk, scene.board_night - timedelta(days=2), scene.board_night]),
            plan.boards),
    ]  # fmt: skip
    who = f"{scene.referent.username}, {scene.landlord}"
    referent_night = [
        get("referent", f"GET /api/v1/schemes/{s}/interventions?night={night} ({who}: "
            f"{scene.busy_landlord_rows} rows)",
            api(scene, scene.referent, f"/api/v1/schemes/{s}/interventions?night={night}"),
            plan.lists, 20, count_is(scene.busy_landlord_rows)),
        get("referent", f"GET /dispositifs/{s}/main-courante/?nuit={night} (logbook page)",
            page(scene, scene.referent, f"/dispositifs/{s}/main-courante/?nuit={night}"),
            plan.lists, 30),
        sql("referent", "hand-written SQL: the night's interventions of the landlord",
            ("SELECT * FROM field_intervention WHERE scheme_id = %s AND night = %s AND "
             "landlord_id = %s ORDER BY started_at, id LIMIT 100",
             [scene.scheme.pk, scene.busy_night, ll]), plan.lists),
    ]  # fmt: skip
    referent_reports = [
        get("referent", f"GET /dispositifs/{s}/signalements/ (reports list, first page of 50)",
            page(scene, scene.referent, reverse("reports:list", args=[s])), plan.lists, 30,
            contains(reverse("reports:detail", args=[s, newest.pk])) if newest else None),
        sql("referent", "hand-written SQL: the landlord's newest 50 reports (sent to it or at "
            "its entrances)",
            ("SELECT * FROM reports_report WHERE scheme_id = %s AND (recipient_id = %s OR "
             "landlord_id = %s) ORDER BY created_at DESC, id DESC LIMIT 50",
             [scene.scheme.pk, ll, ll]), plan.lists),
    ]  # fmt: skip
    duplicates = [
        run_callable(
            Result("duplicates", f"duplicate_candidates() at entrance {scene.hot_entrance.code} "
                   f"({scene.hot_category.code}, {scene.duplicates} open reports there)",
                   max_queries=10),
            lookup(scene), log=log, repetitions=plan.lookups, warmup=w),
        run(Result("duplicates", f"POST /api/v1/schemes/{s}/reports (agent's token, lookup, "
                   "create, route; not merged)", max_queries=40),
            create_report(scene), server=server, log=log, repetitions=plan.creates, warmup=w,
            expect=201),
        sql("duplicates", "hand-written SQL: the bounding-box query", lookup_sql(scene),
            plan.lookups),
    ]  # fmt: skip
    return [floor, board_rows, referent_night, referent_reports, duplicates]


def with_sql_ratios(groups: list[list[Result]]) -> list[Result]:
    """Each timed row of a group gets its ratio to the group's SQL floor in its description."""
    out = list(groups[0])
    for group in groups[1:]:
        base = group[-1].ms(0.5)
        for r in group[:-1]:
            r.what += f" — {r.ms(0.5) / base:.0f}× the SQL floor"
        out += group
    return out


def report(scene: Scene, results: list[Result], quick: bool, loads: list[str]) -> str:
    from voisinage.desk.models import Call
    from voisinage.reports.models import Report

    facts = machine()
    now = clock.local_now()
    return "\n".join(
        [
            f"# Supervisor and partners benchmarks — {engine()} — {now:%Y-%m-%d %H:%M %Z}",
            "",
            f"- Machine: {facts['cpus']} CPU ({facts['cpu']}), {facts['memory']} RAM, "
            f"Python {facts['python']}, {engine_version()}, commit {facts['commit']}",
            f"- Load average before and after: {loads[0]} → {loads[-1]}",
            f"- Data: scheme {scene.slug}; {Call.objects.filter(scheme=scene.scheme).count():,} "
            f"calls, {Report.objects.filter(scheme=scene.scheme).count():,} reports; board night "
            f"{scene.board_night}; busiest night {scene.busy_night}; referent "
            f"{scene.referent.username} ({scene.landlord})",
            f"- Command: `DATABASE_URL=… python -m bench.run_partners{' --quick' if quick else ''}`"
            "; the SQL-floor ratio of each row is in its description.",
            "",
            table(results, quick),
            "",
        ]
    )


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run_partners")
    parser.add_argument("--scheme", help="slug (default: the scheme with most interventions)")
    parser.add_argument("--quick", action="store_true", help="few repetitions, no judgement")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results/")
    parser.add_argument("--output", type=Path, help="results file")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    setup_django()
    from django.db import connection

    started = time.perf_counter()
    loads = [f"{load_average()} (CPU share {cpu_share():.0%})"]
    scene = prepare(args.scheme)
    log, server = QueryLog(), Server()
    try:
        with connection.execute_wrapper(log):
            groups = benchmark(scene, QUICK if args.quick else FULL, log, server)
        log.active = False
    finally:
        deleted = cleanup(scene)
    loads.append(f"{load_average()} (CPU share {cpu_share():.0%})")
    results = with_sql_ratios(groups)
    text = report(scene, results, args.quick, loads)
    print(text)
    print(f"({deleted} reports created by the run deleted; {time.perf_counter() - started:.0f} s)")
    if not args.no_write:
        RESULTS_DIR.mkdir(exist_ok=True)
        suffix = "-quick" if args.quick else ""
        target = args.output or (
            RESULTS_DIR / f"partners-{engine()}-{clock.today():%Y-%m-%d}{suffix}.md"
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
