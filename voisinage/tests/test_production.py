"""Production settings, as the README deploys them: `check --deploy` is clean, `collectstatic`
succeeds with DEBUG off (WhiteNoise's compressed manifest storage, which fails on a missing
source map), and a page is then served with its hashed static files, its Content-Security-Policy
and HSTS. Each runs in a subprocess, since the test process has the demo's settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)


@pytest.fixture
def production_env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("VOISINAGE_", "DJANGO_", "DATABASE_URL", "SECRET_KEY"))
    }
    env.update(
        {
            "SECRET_KEY": "k" * 20 + "-production-test-" + "z9" * 20,
            "ALLOWED_HOSTS": "voisinage.example.org,testserver",
            "CSRF_TRUSTED_ORIGINS": "https://voisinage.example.org",
            "VOISINAGE_BASE_URL": "https://voisinage.example.org",
            "VOISINAGE_VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "voisinage.settings",
        }
    )
    return env


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=BASE, env=env, capture_output=True, text=True, timeout=300
    )


def test_check_deploy_is_clean_with_production_settings(production_env):
    result = run(production_env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


SERVE = """
import json, django
django.setup()
from django.test import Client
client = Client()
page = client.get("/compte/connexion/", secure=True)
html = page.content.decode()
css = html.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
js = [p.split('"', 1)[0] for p in html.split('<script src="')[1:]]
print(json.dumps({
    "status": page.status_code,
    "csp": page.headers.get("Content-Security-Policy", ""),
    "hsts": page.headers.get("Strict-Transport-Security", ""),
    "css": css,
    "css_status": client.get(css, secure=True).status_code,
    "js_status": [client.get(u, secure=True).status_code for u in js],
    "plain_http": client.get("/compte/connexion/").status_code,
}))
"""


@pytest.mark.slow
def test_production_collects_static_files_and_serves_a_page(production_env, tmp_path):
    collected = run(production_env, "manage.py", "collectstatic", "--noinput")
    assert collected.returncode == 0, collected.stdout + collected.stderr
    assert (tmp_path / "static" / "staticfiles.json").exists()
    served = run(production_env, "-c", SERVE)
    assert served.returncode == 0, served.stderr
    answer = json.loads(served.stdout.strip().splitlines()[-1])
    assert answer["status"] == 200
    # Hashed names from the manifest, served by WhiteNoise.
    assert answer["css"].startswith("/static/css/app.")
    assert answer["css"] != "/static/css/app.css"
    assert answer["css_status"] == 200
    assert answer["js_status"]
    assert set(answer["js_status"]) == {200}
    assert "script-src 'self'" in answer["csp"]
    assert answer["hsts"].startswith("max-age=31536000")
    assert answer["plain_http"] == 301  # HTTP is sent to HTTPS
