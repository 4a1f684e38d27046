"""The demo's SECRET_KEY: generated once per installation, kept in var/, never a constant."""

import stat

from django.conf import settings

from voisinage.lib.env import secret_from_file


def test_a_key_is_generated_once_and_kept_owner_only(tmp_path):
    path = tmp_path / "var" / "secret_key"
    first = secret_from_file(path)
    assert len(first) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert secret_from_file(path) == first  # kept across restarts


def test_two_installations_get_two_keys(tmp_path):
    assert secret_from_file(tmp_path / "a") != secret_from_file(tmp_path / "b")


def test_a_short_or_empty_file_is_replaced_by_a_real_key(tmp_path):
    path = tmp_path / "secret_key"
    path.write_text("short\n")
    assert len(secret_from_file(path)) >= 50


def test_the_demo_settings_use_the_installation_s_key():
    kept = (settings.VAR_DIR / "secret_key").read_text().strip()
    assert kept == settings.SECRET_KEY
    assert "insecure" not in settings.SECRET_KEY
