"""The import contracts (``[tool.importlinter]`` in pyproject.toml, a step of scripts/test) do
catch a dependency that points the wrong way, even one hidden in a function: they are run on a
copy of the code with one such import added, and must fail on it and on it alone."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT), "--no-cache"], cwd=root, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("code")
    shutil.copytree(
        ROOT / "voisinage",
        root / "voisinage",
        ignore=shutil.ignore_patterns("__pycache__", "static", "locale", "templates", "data"),
    )
    shutil.copy(ROOT / "pyproject.toml", root)
    return root


def test_the_code_keeps_the_contracts(copy):
    result = lint(copy)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("module", "source", "broken"),
    [
        (
            "lib/late.py",
            "def late():\n    from voisinage.field.models import Intervention\n",
            "voisinage.lib.late -> voisinage.field.models",
        ),
        (
            "reports/uses_demo.py",
            "from voisinage.demo.scenario import load_besancon\n",
            "voisinage.reports.uses_demo -> voisinage.demo.scenario",
        ),
        (
            "desk/uses_analytics.py",
            "from voisinage.analytics.periods import Period\n",
            "voisinage.desk.uses_analytics -> voisinage.analytics.periods",
        ),
        (
            "accounts/uses_menu.py",
            "from voisinage.navigation import scheme_menu\n",
            "voisinage.accounts.uses_menu -> voisinage.navigation",
        ),
        (
            "field/staffing/uses_logbook.py",
            "from voisinage.field.logbook.services import intervention_record\n",
            "voisinage.field.staffing.uses_logbook -> voisinage.field.logbook.services",
        ),
    ],
    ids=[
        "lib-reaches-up-in-a-function",
        "app-imports-demo",
        "sibling-reaches-up",
        "wiring",
        "field-sub-domain-reaches-up",
    ],
)
def test_a_wrong_import_breaks_them(copy, module, source, broken):
    probe = copy / "voisinage" / module
    probe.write_text(source)
    try:
        result = lint(copy)
    finally:
        probe.unlink()
    assert result.returncode == 1
    assert broken in result.stdout
    # Every broken chain starts at the probe: the rest of the code still keeps the contracts.
    importers = set(re.findall(r"^-\s+(\S+) -> ", result.stdout, re.MULTILINE))
    assert importers == {broken.split(" -> ")[0]}, result.stdout
