"""The measurements at scale, in CI: CI generates the S size and runs every benchmark once, on
the engine of the run (SQLite, or a database of its own on the PostgreSQL server). A smoke
test: it proves the generator and the scripts work end to end (gunicorn and the task worker
included) and that their reports say what they measured; no timing is judged here
(docs/performance.md)."""

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def bench_database(tmp_path: Path) -> Iterator[str]:
    """A DATABASE_URL of its own for the generator: a SQLite file, or a new PostgreSQL
    database on the test server (dropped at the end)."""
    db: dict[str, Any] = settings.DATABASES["default"]
    if str(db["ENGINE"]).endswith("sqlite3"):
        yield f"sqlite:///{tmp_path / 'bench.sqlite3'}"
        return
    import psycopg
    import psycopg.conninfo

    name = f"voisinage_bench_{uuid.uuid4().hex[:8]}"
    conninfo = psycopg.conninfo.make_conninfo(
        host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"]
    )
    with psycopg.connect(conninfo, dbname="postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"
    finally:
        with psycopg.connect(conninfo, dbname="postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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
def test_the_s_size_is_generated_and_every_benchmark_runs(bench_database, tmp_path):
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
