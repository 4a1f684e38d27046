"""Operations: ``/healthz`` (what anyone sees, what administrators and monitoring see, never a
person) and ``VOISINAGE_BASE_URL`` required outside the demo (``check --deploy`` with
production settings: test_production.py)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from voisinage.core.models import Heartbeat
from voisinage.digests.models import DigestSettings
from voisinage.schemes.models import Scheme
from voisinage.tests.processes import BASE

NOW = datetime(2026, 1, 14, 6, 0, tzinfo=UTC)  # 07:00 in Paris
TOKEN = "monitoring-" + "x" * 24


@pytest.fixture
def ticking(clock, cast):
    clock.set(NOW)
    Heartbeat.objects.create(name="scheduler", at=NOW - timedelta(seconds=30))
    # Each scheme's last dispatch is checked in digests/tests/test_reliability.py; here no
    # digest is due, so the other checks decide.
    for scheme in Scheme.objects.all():
        DigestSettings.objects.create(scheme=scheme, is_enabled=False)
    return cast


def test_anyone_gets_the_verdict_without_the_details(ticking, client):
    answer = client.get(reverse("healthz"))
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) >= {"database", "task_queue", "scheduler", "digests"}
    assert all(check == {"ok": True} for check in body["checks"].values())
    assert answer["Cache-Control"].startswith("max-age=0")


def test_administrators_and_the_monitoring_token_get_the_details_and_no_person(
    ticking, client, settings
):
    settings.VOISINAGE_HEALTH_TOKEN = TOKEN
    client.force_login(ticking.admin)
    as_admin = client.get(reverse("healthz")).json()
    client.logout()
    with_token = client.get(reverse("healthz"), headers={"authorization": f"Bearer {TOKEN}"})
    wrong = client.get(reverse("healthz"), headers={"authorization": "Bearer nope"}).json()
    for body in (as_admin, with_token.json()):
        assert body["checks"]["scheduler"]["age_seconds"] == 30
        assert body["checks"]["task_queue"] == {"ok": True, "lag_seconds": 0, "tasks_due": 0}
        assert body["checks"]["digests"] == {"ok": True, "schemes": []}
        assert body["checks"]["database"]["vendor"] in {"sqlite", "postgresql"}
    assert wrong["checks"]["scheduler"] == {"ok": True}
    client.force_login(ticking.supervisor)
    assert client.get(reverse("healthz")).json()["checks"]["scheduler"] == {"ok": True}
    text = with_token.content.decode()
    for person in ticking.personas().values():
        assert person.email not in text
        assert person.username not in text


def test_a_silent_scheduler_fails_the_check(ticking, client, clock):
    clock.advance(minutes=10)  # no tick for ten minutes and a half
    answer = client.get(reverse("healthz"))
    assert answer.status_code == 503
    assert answer.json()["status"] == "fail"
    assert answer.json()["checks"]["scheduler"] == {"ok": False}


def production_env(tmp_path, **extra: str) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "SECRET_KEY": "a-long-random-production-secret-" + "k" * 40,
        "ALLOWED_HOSTS": "voisinage.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "VOISINAGE_VAR_DIR": str(tmp_path / "var"),
        **extra,
    }


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("base_url", [None, "http://127.0.0.1:8000", "voisinage.example.org"])
def test_outside_the_demo_the_public_address_is_required(tmp_path, base_url):
    extra = {"VOISINAGE_BASE_URL": base_url} if base_url else {}
    result = manage(production_env(tmp_path, **extra), "check")
    assert result.returncode != 0
    assert "VOISINAGE_BASE_URL must be the public address" in result.stderr
