"""Every benchmark of the measurements at scale on the database of DATABASE_URL, one after the
other.

    python -m bench.suite --label M            # full runs, results in bench/results/M-<engine>.md
    python -m bench.suite --label S --quick    # smoke run (CI): each script once, no judgement

Each script runs in its own process (as an operator would run it), with its results file
``bench/results/<label>-<engine>-<script>.md``; the suite then writes them one after the other
into ``bench/results/<label>-<engine>.md``. A script that fails stops the suite with its exit
status. Scripts and their rows:

* ``run_field`` — recording (one client), a busy night's list, the weekly coverage (Besançon);
* ``run_analytics`` — the year's dashboard, the yearly aggregates against hand-written SQL,
  the annual review deck (the scheme with the most interventions);
* ``run_partners`` — the supervisor's board, a landlord referent's lists, the duplicate lookup;
* ``run_digests`` — a busy night's digest with its PDF and the morning run (Besançon);
* ``run_load`` — recording under 20 concurrent clients against gunicorn, and the peak memory of
  a web worker building the deck and of the task worker sending a digest's e-mails.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bench import summary
from bench.common import engine, setup_django

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
SCRIPTS: dict[str, list[str]] = {
    "field": ["bench.run_field"],
    "analytics": ["bench.run_analytics"],
    "partners": ["bench.run_partners"],
    "digests": ["bench.run_digests", "--scheme", "besancon"],
    "load": ["bench.run_load"],
}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.suite", description=__doc__)
    parser.add_argument("--label", required=True, help="the size, e.g. S, M or L")
    parser.add_argument("--quick", action="store_true", help="smoke run: no timing judgement")
    parser.add_argument(
        "--only", help=f"comma-separated subset of {', '.join(SCRIPTS)} (default: all)"
    )
    parser.add_argument("--results", type=Path, default=RESULTS_DIR, help="results folder")
    parser.add_argument(
        "--nights", type=int, default=30, help="digests of the morning run (projected to 100)"
    )
    args = parser.parse_args(argv)
    args.scripts = args.only.split(",") if args.only else list(SCRIPTS)
    unknown = [s for s in args.scripts if s not in SCRIPTS]
    if unknown:
        parser.error(f"unknown script(s): {', '.join(unknown)}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    setup_django()
    vendor = engine()
    args.results.mkdir(parents=True, exist_ok=True)
    parts = []
    for name in args.scripts:
        output = (args.results / f"{args.label}-{vendor}-{name}.md").resolve()
        # Relative to the repository root (the scripts' working directory), so the command
        # each report records names no path of this machine.
        shown = output.relative_to(ROOT) if output.is_relative_to(ROOT) else output
        command = [sys.executable, "-m", *SCRIPTS[name], "--output", str(shown)]
        if args.quick:
            command.append("--quick")
        elif name == "digests":
            command += ["--nights", str(args.nights)]
        print(f"==> {' '.join(command[1:])}", flush=True)
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, env=os.environ.copy(), check=False)  # noqa: S603
        print(f"<== {name}: exit {done.returncode} in {time.perf_counter() - started:.0f} s")
        if done.returncode != 0:
            return done.returncode
        parts.append(output.read_text(encoding="utf-8"))
    combined = args.results / f"{args.label}-{vendor}.md"
    text = f"# Size {args.label} — {vendor}\n\n" + "\n\n".join(parts)
    combined.write_text(text, encoding="utf-8")
    print(summary.table(summary.rows(text)))
    print(f"written to {combined}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
