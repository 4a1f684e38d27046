"""The real parts as separate processes, for the reliability and process-group tests:
``manage.py`` commands (db_worker, run_scheduler, the mail listeners) and honcho, sharing the
test's database.

On PostgreSQL they connect to the test database itself (the test commits: ``transactional_db``).
SQLite's test database lives in the test's memory, so it is copied to a file for them
(``push``) and the file copied back once they are done (``pull``), with SQLite's own backup."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

BASE = Path(settings.BASE_DIR)


class SharedDatabase:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        data = connection.settings_dict
        if connection.vendor == "sqlite":
            self.file: Path | None = tmp_path / "shared.sqlite3"
            self.url = f"sqlite:///{self.file}"
        else:
            self.file = None
            self.url = (
                f"postgres://{data['USER']}:{data['PASSWORD']}@{data['HOST'] or 'localhost'}"
                f":{data['PORT'] or 5432}/{data['NAME']}"
            )

    def push(self) -> None:
        """Make the test's data visible to the processes (SQLite: copy it to the file)."""
        if self.file is None:
            return
        connection.ensure_connection()
        target = sqlite3.connect(self.file)
        try:
            connection.connection.backup(target)
        finally:
            target.close()

    def pull(self) -> None:
        """Read what the processes wrote (SQLite: copy the file back; they must be stopped)."""
        if self.file is None:
            return
        source = sqlite3.connect(self.file)
        try:
            source.backup(connection.connection)
        finally:
            source.close()

    def env(self, **extra: str) -> dict[str, str]:
        """The processes' environment: the demo's settings on this database, this test's
        var/ directory, e-mail through SMTP (to a test's server: ``EMAIL_PORT``)."""
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("VOISINAGE_", "DATABASE_URL", "EMAIL_", "PYTEST_"))
        }
        env.update(
            {
                "VOISINAGE_DEMO": "true",
                "DJANGO_SETTINGS_MODULE": "voisinage.settings",
                "DATABASE_URL": self.url,
                "VOISINAGE_VAR_DIR": str(self.tmp_path / "var"),
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_TIMEOUT": "20",
                "PYTHONUNBUFFERED": "1",
                "LOG_LEVEL": "WARNING",
                **extra,
            }
        )
        return env


def manage(env: dict[str, str], *args: str, timeout: float = 180) -> str:
    """Run a manage.py command to its end; its output, or a failure with what it said."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result.stdout + result.stderr


def run_worker_batch(env: dict[str, str]) -> str:
    """One task worker that runs every task due, then stops."""
    return manage(env, "db_worker", "--batch", "--no-reload", "--no-startup-delay")


@contextmanager
def started(argv: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A long-running process in its own process group; killed with its children at the end."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            argv, cwd=BASE, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            yield process
        finally:
            stop_group(process)


def stop_group(process: subprocess.Popen[bytes], grace: float = 10) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(grace)
        except subprocess.TimeoutExpired:
            pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # whatever is left of the group
    process.wait(grace)


def wait_for(
    condition: Callable[[], object], *, timeout: float, what: str | Callable[[], str]
) -> object:
    """Poll ``condition`` until it is true (returned) or fail after ``timeout`` seconds.

    ``what`` names what is awaited in the failure; a callable is called only then (e.g. to
    show a process's log as it is at the timeout, not as it was when the wait began)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    described = what() if callable(what) else what
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {described}")
