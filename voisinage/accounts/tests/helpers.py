"""Small helpers shared by the accounts tests (no mocks: real client, real TOTP maths)."""

from __future__ import annotations

import time
from datetime import timedelta

from django.db.models import F
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from voisinage.accounts.models import User
from voisinage.conftest import PASSWORD

LOGIN = "/compte/connexion/"
LOGOUT = "/compte/deconnexion/"
PROFILE = "/compte/"
VERIFY = "/compte/double-authentification/"
SETUP = "/compte/double-authentification/activer/"
DISABLE = "/compte/double-authentification/desactiver/"
STOCK = "/api/v1/schemes/rivebourg/housing-stock"
SCHEMES = "/api/v1/schemes"


def log_in(client: Client, user: User, password: str = PASSWORD, **extra: str) -> None:
    """Log in through the real login form (throttling, signals and all)."""
    response = client.post(LOGIN, {"username": user.username, "password": password, **extra})
    assert response.status_code == 302, "the login form did not accept the credentials"
    assert session_user_id(client) == user.pk


def session_user_id(client: Client) -> int | None:
    raw = client.session.get("_auth_user_id")
    return int(raw) if raw is not None else None


def _code(device: TOTPDevice, steps_ahead: int) -> str:
    value = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0 - steps_ahead * device.step,
        digits=device.digits,
        drift=device.drift,
    )
    return f"{value:0{device.digits}d}"


def _current_step(device: TOTPDevice) -> int:
    return int(time.time() - device.t0) // device.step + device.drift


def fresh_code(device: TOTPDevice) -> str:
    """A code the device accepts now.

    django-otp refuses a time step at or before the last one used (``last_t``), so after a
    verification in the current step we use the next step's code, which the default tolerance
    of one step accepts.
    """
    device.refresh_from_db()
    ahead = max(0, device.last_t + 1 - _current_step(device))
    assert ahead <= device.tolerance, "no step left within the tolerance window"
    return _code(device, ahead)


def wrong_code(device: TOTPDevice) -> str:
    """A well-formed code that no step within reach of the device accepts."""
    device.refresh_from_db()
    reachable = {_code(device, ahead) for ahead in range(-3, 4)}
    candidate = 0
    while f"{candidate:0{device.digits}d}" in reachable:
        candidate += 1
    return f"{candidate:0{device.digits}d}"


def let_device_cool_down(device: TOTPDevice) -> None:
    """Move django-otp's failure timestamp back, as if the user had waited before retrying."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=F("throttling_failure_timestamp") - timedelta(minutes=10)
    )


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def mailed_code(device: TOTPDevice) -> str:
    """The enrolment code e-mailed for this pending device (the same maths as the e-mail)."""
    from voisinage.accounts.services import second_factor_enrolment_code

    return second_factor_enrolment_code(device=device)
