"""Time the daily digest (its speed targets: a busy night, the morning run) on the generated
database (``python -m bench.generate``), in-process, as the task worker runs it.

    python -m bench.run_digests              # full run
    python -m bench.run_digests --quick      # smoke run: a few nights, no timing judgement

Rows:

* busy night — compiling a night of at least 200 interventions (the one closest to 200 from
  above) from the logbook and rendering its whole-night PDF (target ≤ 3 s), n runs;
* morning run — the scheduler's morning of 100 schemes on one worker (target ≤ 5 minutes): the
  ``--nights`` most recent service nights of the generated scheme stand for 100 schemes' last
  night (each is a separate digest: compile, one e-mail with its PDF per recipient and
  perimeter). The recipients are the demo's five Besançon organisations (three landlords, the
  City, the Préfecture): five e-mails, three or four PDFs per digest.

E-mails go to Django's in-memory backend (bench.settings); the tasks run in this process
(``ImmediateBackend``), as one worker would run them one after the other. Everything the run
creates (digests, versions, deliveries, recipients it added) is deleted at the end.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from bench.common import engine, engine_version, machine, percentile, setup_django
from voisinage.lib import clock

RECIPIENTS = [
    "Habitat 25",
    "Néolia",
    "loge.GBM",
    "Ville de Besançon",
    "État — Préfecture du Doubs",
]
BUSY = 200
EMPTY_NIGHT = date(2000, 1, 3)  # a Monday long before any generated data


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scheme", default="besancon", help="slug (default: besancon)")
    parser.add_argument("--quick", action="store_true", help="a few nights, no judgement")
    parser.add_argument("--nights", type=int, default=100, help="digests in the morning run")
    parser.add_argument("--repeat", type=int, default=5, help="runs of the busy night")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results/")
    parser.add_argument("--output", help="write the markdown table to this file")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    load_before = os.getloadavg()
    os.environ["VOISINAGE_TASKS_BACKEND"] = "django.tasks.backends.immediate.ImmediateBackend"
    setup_django()
    from django.core import mail
    from django.db.models import Count

    from voisinage.accounts.models import User
    from voisinage.digests.compile import compile_night, reading_for
    from voisinage.digests.models import Digest, DigestRecipient, DigestVersion
    from voisinage.digests.pdf import digest_pdf
    from voisinage.digests.services import digest_dispatch, dispatch_moment
    from voisinage.field.models import Intervention
    from voisinage.schemes.models import Scheme
    from voisinage.schemes.selectors import scheme_service_hours
    from voisinage.territory.models import Organisation

    scheme = Scheme.objects.get(slug=args.scheme)
    per_night = dict(
        Intervention.objects.filter(scheme=scheme)
        .values_list("night")
        .annotate(n=Count("pk"))
        .values_list("night", "n")
    )
    if not per_night:
        print("no interventions: run python -m bench.generate first", file=sys.stderr)
        return 2
    busy = (
        min((n, night) for night, n in per_night.items() if n >= BUSY)
        if any(n >= BUSY for n in per_night.values())
        else max((n, night) for night, n in per_night.items())
    )
    busy_count, busy_night = busy
    reader = User.objects.filter(is_superuser=True).first() or User.objects.get(username="ville")
    repeat = 2 if args.quick else args.repeat

    pdf_walls: list[float] = []
    pdf_cpus: list[float] = []

    def digest_of(night: date, times: int) -> tuple[list[float], list[float], bytes]:
        """Compile the night and render its whole-night PDF, ``times`` times (the PDF's own
        share in ``pdf_walls``/``pdf_cpus``)."""
        walls, cpus, pdf = [], [], b""
        pdf_walls.clear()
        pdf_cpus.clear()
        for _ in range(times):
            w, c = time.perf_counter(), time.process_time()
            content = compile_night(scheme, night)
            version = DigestVersion(
                digest=Digest(scheme=scheme, night=night), number=1, content=content
            )
            reading = reading_for(content, reader, scheme.pk)
            pw, pc = time.perf_counter(), time.process_time()
            pdf = digest_pdf(version, reading)
            pdf_walls.append(time.perf_counter() - pw)
            pdf_cpus.append(time.process_time() - pc)
            walls.append(time.perf_counter() - w)
            cpus.append(time.process_time() - c)
        assert pdf.startswith(b"%PDF-")
        return walls, cpus, pdf

    # The floor: the same digest of a night without any activity (its fixed cost: the
    # sections' queries, the Typst template), measured in the same run.
    digest_of(EMPTY_NIGHT, 1)  # warm-up: the fonts are read once per process
    floor_walls, floor_cpus, _empty = digest_of(EMPTY_NIGHT, repeat)
    walls, cpus, pdf = digest_of(busy_night, repeat)

    added = []
    names = RECIPIENTS
    if scheme.slug != "besancon":  # an invented scheme: five of its member organisations
        names = list(
            Organisation.objects.filter(scheme_memberships__scheme=scheme)
            .order_by("name")
            .values_list("name", flat=True)
            .distinct()[:5]
        )
    for name in names:
        org = Organisation.objects.filter(name=name).first()
        if org is not None:
            recipient, created = DigestRecipient.objects.get_or_create(
                scheme=scheme, organisation=org
            )
            if created:
                added.append(recipient.pk)
    hours = scheme_service_hours(scheme)
    existing = set(Digest.objects.filter(scheme=scheme).values_list("night", flat=True))
    nights = sorted((n for n in per_night if n not in existing), reverse=True)
    nights = [n for n in nights if hours.shift_for(n) is not None][
        : 3 if args.quick else args.nights
    ]
    mail.outbox = []
    each: list[float] = []
    w0, c0 = time.perf_counter(), time.process_time()
    try:
        for night in nights:
            start = time.perf_counter()
            digest_dispatch(
                scheme=scheme, night=night, now=dispatch_moment(scheme, night), automatic=True
            )
            each.append(time.perf_counter() - start)
        morning_wall, morning_cpu = time.perf_counter() - w0, time.process_time() - c0
        sent = len(mail.outbox)
        attachments = sum(len(m.attachments) for m in mail.outbox)
    finally:
        Digest.objects.filter(scheme=scheme, night__in=nights).delete()
        DigestRecipient.objects.filter(pk__in=added).delete()
    sizes = [per_night[n] for n in nights]

    facts = machine()
    busy_what = (
        f"compile the night of {busy_night} ({busy_count} interventions) and render its "
        f"whole-night PDF ({len(pdf) // 1024} KiB)"
    )
    morning_what = (
        f"{len(nights)} digests one after the other on one worker "
        f"({min(sizes, default=0)}–{max(sizes, default=0)} interventions a night, "
        f"p50 {percentile([float(x) for x in sizes], 0.5):.0f}), "
        f"{sent} e-mails with {attachments} PDFs"
    )
    projected = morning_wall * 100 / max(len(nights), 1)
    lines = [
        f"# Digest benchmarks — {engine()} — {clock.local_now():%Y-%m-%d %H:%M}",
        "",
        f"- Machine: {facts['cpus']} CPU ({facts['cpu']}), {facts['memory']} RAM, "
        f"Python {facts['python']}, {engine_version()}, commit {facts['commit']}",
        f"- Load average (1, 5, 15 min) before and after: "
        f"{' '.join(f'{x:.2f}' for x in load_before)} → "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"- Data: {sum(per_night.values()):,} interventions over {len(per_night):,} nights",
        f"- Command: `python -m bench.run_digests --scheme {scheme.slug}"
        f"{' --quick' if args.quick else ''}"
        f"{f' --nights {args.nights}' if args.nights != 100 else ''}"
        f"{f' --repeat {args.repeat}' if args.repeat != 5 else ''}`",
        "",
        "| Benchmark | What | n | p50 s | p95 s | CPU p50 s | CPU p95 s | × floor | Target | |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---|",
        _row(
            "floor",
            f"the same digest of a night without activity ({EMPTY_NIGHT}): its fixed cost",
            str(repeat),
            f"{percentile(floor_walls, 0.5):.3f}",
            f"{percentile(floor_walls, 0.95):.3f}",
            f"{percentile(floor_cpus, 0.5):.3f}",
            f"{percentile(floor_cpus, 0.95):.3f}",
            "1.0",
            "",
            "",
        ),
        _row(
            "busy night",
            busy_what,
            str(repeat),
            f"{percentile(walls, 0.5):.3f}",
            f"{percentile(walls, 0.95):.3f}",
            f"{percentile(cpus, 0.5):.3f}",
            f"{percentile(cpus, 0.95):.3f}",
            f"{percentile(walls, 0.5) / percentile(floor_walls, 0.5):.1f}",
            "≤ 0.15 s",
            _judge(args.quick, percentile(walls, 0.95), 0.15),
        ),
        _row(
            "busy night's PDF",
            "of which the PDF alone (data for the Typst template, compiled and exported)",
            str(repeat),
            f"{percentile(pdf_walls, 0.5):.3f}",
            f"{percentile(pdf_walls, 0.95):.3f}",
            f"{percentile(pdf_cpus, 0.5):.3f}",
            f"{percentile(pdf_cpus, 0.95):.3f}",
            "—",
            "",
            "",
        ),
        _row(
            "morning run",
            morning_what,
            str(len(nights)),
            f"{percentile(each, 0.5):.2f}",
            f"{percentile(each, 0.95):.2f}",
            "—",
            "—",
            f"{percentile(each, 0.5) / percentile(floor_walls, 0.5):.1f}",
            "100 in ≤ 300 s",
            f"total {morning_wall:.0f} s wall, {morning_cpu:.0f} s CPU; for 100: "
            f"{projected:.0f} s, {_judge(args.quick, projected, 300)}",
        ),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    elif not args.no_write and not args.quick:
        out = (
            Path(__file__).resolve().parent
            / "results"
            / f"digests-{engine()}-{clock.today():%Y-%m-%d}.md"
        )
        out.write_text(text, encoding="utf-8")
        print(f"written to {out}")
    return 0


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _judge(quick: bool, value: float, target: float) -> str:
    if quick:
        return "not judged (--quick)"
    return "**met**" if value <= target else f"**missed** by {value - target:.2f} s"


if __name__ == "__main__":
    sys.exit(main())
