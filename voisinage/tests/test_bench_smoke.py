"""The measurements at scale, in CI: CI generates the S size and runs every benchmark once, on
the engine of the run, in a copy of the test database (migrated already: the SQLite test database
copied to a file, or the PostgreSQL test database itself, emptied when the test ends). A smoke
test: it proves the generator and the scripts work end to end (gunicorn and the task worker
included) and that their reports say what they measured; no timing is judged here
(docs/performance.md)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from voisinage.digests.tests.test_workers import _database_url

ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_s_size_is_generated_and_every_benchmark_runs(tmp_path):
    bench_database, _probe, _restore = _database_url(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": bench_database,
        "VOISINAGE_VAR_DIR": str(tmp_path / "var"),
        "PYTHONPATH": str(ROOT),
    }
    out = run(["bench.generate", "--size", "S"], env)
    assert "loaded 40,000 interventions" in out
    assert "analytics roll-up:" in out

    results = tmp_path / "results"
    run(["bench.suite", "--label", "S", "--quick", "--results", str(results)], env)
    engine = "sqlite" if bench_database.startswith("sqlite") else "postgresql"
    report = (results / f"S-{engine}.md").read_text(encoding="utf-8")
    for title in [
        "# Field benchmarks",
        "# Analytics benchmarks",
        "# Digest benchmarks",
        "# Load and memory",
    ]:
        assert title in report, title
    # Each script says what it measured: the rows are there, with numbers.
    assert "POST /api/v1/schemes/besancon/interventions" in report
    assert "review.pptx" in report
    assert "duplicate" in report.lower()
    assert "board" in report.lower()
    assert "not judged" in report  # --quick: no timing judgement
