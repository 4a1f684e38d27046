"""Processes for bench.run_load: gunicorn serving the project, HTTP requests to it, the
resident memory of a process (``/proc/<pid>/status``)."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.run_field import Request

ROOT = Path(__file__).resolve().parent.parent


def api_get(token: str, url: str) -> Callable[[int], Request]:
    return lambda _i: ("GET", url, {"Authorization": f"Bearer {token}"}, b"")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def memory(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak resident set) of a live process, in KiB."""
    values: dict[str, int] = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            key, _sep, rest = line.partition(":")
            if key in {"VmRSS", "VmHWM"}:
                values[key] = int(rest.split()[0])
    return values


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    env.setdefault("VOISINAGE_DEMO", "true")
    return env


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@dataclass
class Gunicorn:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def workers(self) -> list[int]:
        return children(self.process.pid)


@contextmanager
def gunicorn(workers: int, logdir: Path, probe: Callable[[int], Request]) -> Iterator[Gunicorn]:
    """gunicorn serving the project, answering ``probe`` with 200; stopped on exit."""
    port = free_port()
    log = logdir / f"gunicorn-{port}.log"
    command = [
        *(sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"),
        *("--workers", str(workers), "--worker-class", "sync", "--timeout", "600"),
        *("--no-control-socket", "--log-level", "warning"),
        "voisinage.wsgi:application",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=subprocess_env(), stdout=out, stderr=subprocess.STDOUT
        )
    server = Gunicorn(port, process, log)
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited ({process.returncode}):\n{tail(log)}")
            try:
                status, _body = send(http.client.HTTPConnection("127.0.0.1", port, 5), probe(0))
                if status == 200 and len(server.workers) == workers:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not answer in 120 s:\n{tail(log)}")
            time.sleep(0.2)
        yield server
    finally:
        stop(process)


def send(conn: http.client.HTTPConnection, request: Request) -> tuple[int, bytes]:
    method, url, headers, body = request
    try:
        conn.request(method, url, body=body or None, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    except BaseException:
        conn.close()
        raise
