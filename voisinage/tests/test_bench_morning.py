"""The morning benchmark in CI, at a tiny size: ``bench.run_morning --schemes 3 --quick`` on the
test database (migrated already: the SQLite test database copied to a file, or the PostgreSQL
test database itself), with its real processes — the demo's SMTP sink, two ``db_worker``
processes, gunicorn. A smoke test: it proves the script works end to end and that its report
says what it measured; no timing is judged (docs/performance.md)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from voisinage.digests.tests.test_workers import _database_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_tiny_morning_runs_on_two_workers_with_recordings(tmp_path):
    url, _probe, _restore = _database_url(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "VOISINAGE_VAR_DIR": str(tmp_path / "var"),
        "PYTHONPATH": str(ROOT),
    }
    report = tmp_path / "morning.md"
    done = subprocess.run(
        [
            *(sys.executable, "-m", "bench.run_morning", "--schemes", "3", "--quick"),
            *("--idle", "3", "--output", str(report)),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    text = report.read_text(encoding="utf-8")
    # Three digests, each with its e-mails (two to four landlords and the city: 9 to 15),
    # received once each by the sink; every task ran on one of the two workers (with a dozen
    # tasks one may take them all: digests/tests/test_workers.py shows two sharing a morning).
    assert "3 digests" in text
    emails = int(re.search(r"(\d+) e-mails received by the sink", text)[1])
    assert 9 <= emails <= 15
    assert f"deliveries: {emails} sent; retried 0, sent twice 0, missing 0" in text
    tasks = re.search(r"tasks: (\d+) successful \(([^)]*)\)", text)
    shares = dict(re.findall(r"(morning-[12]): (\d+)", tasks[2]))
    assert shares
    assert sum(int(n) for n in shares.values()) == int(tasks[1])
    assert "failed" not in text
    # Recordings were timed while idle and during the morning.
    assert re.search(r"\| recording, idle \| .* \| 3 \| [\d.]+ ms \| [\d.]+ ms \|", text)
    assert re.search(r"\| recording, morning \| .* \| [1-9]\d* \| [\d.]+ ms \|", text)
    assert "not judged" in text
