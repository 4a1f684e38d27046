"""Login throttling: too many failures for one username (or from one address) lock it out."""

from datetime import timedelta

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import F

from voisinage.accounts.models import LoginFailure
from voisinage.accounts.tests.helpers import LOGIN, session_user_id
from voisinage.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _three_failures_allowed(settings):
    settings.VOISINAGE_LOGIN_MAX_FAILURES = 3
    settings.VOISINAGE_LOGIN_WINDOW_SECONDS = 900


def attempt(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def fail(client, username, times, **extra):
    for _ in range(times):
        response = attempt(client, username, "wrong password", **extra)
        assert response.status_code == 200
        assert response.context["form"].has_error(NON_FIELD_ERRORS, code="invalid_login")


def is_throttled(response):
    return response.status_code == 200 and response.context["form"].has_error(
        NON_FIELD_ERRORS, code="throttled"
    )


def test_after_too_many_failures_even_the_right_password_is_refused(client, cast):
    fail(client, "sonia", 3)

    response = attempt(client, "sonia", PASSWORD)

    assert is_throttled(response)
    assert 'role="alert"' in response.content.decode()
    assert session_user_id(client) is None
    assert client.get("/compte/").status_code == 302


def test_one_failure_fewer_than_the_limit_still_lets_the_user_in(client, cast):
    fail(client, "sonia", 2)

    response = attempt(client, "sonia", PASSWORD)

    assert response.status_code == 302
    assert session_user_id(client) == cast.supervisor.pk


def test_the_username_is_throttled_whatever_its_case(client, cast):
    fail(client, "SONIA", 3)

    assert is_throttled(attempt(client, "sonia", PASSWORD))


def test_failures_of_another_username_do_not_count(client, cast):
    fail(client, "yanis", 3)
    assert is_throttled(attempt(client, "yanis", PASSWORD))

    response = attempt(client, "sonia", PASSWORD)

    assert response.status_code == 302
    assert session_user_id(client) == cast.supervisor.pk


def test_after_the_window_the_user_can_log_in_again(client, cast, settings):
    fail(client, "sonia", 3)
    assert is_throttled(attempt(client, "sonia", PASSWORD))

    # A quarter of an hour (the window) and a second later…
    window = timedelta(seconds=settings.VOISINAGE_LOGIN_WINDOW_SECONDS + 1)
    LoginFailure.objects.update(at=F("at") - window)

    response = attempt(client, "sonia", PASSWORD)
    assert response.status_code == 302
    assert session_user_id(client) == cast.supervisor.pk


def test_a_short_window_expires_by_itself(client, cast, settings):
    settings.VOISINAGE_LOGIN_WINDOW_SECONDS = 0
    fail(client, "sonia", 3)

    response = attempt(client, "sonia", PASSWORD)

    assert response.status_code == 302


def test_a_successful_login_clears_the_failures(client, cast):
    fail(client, "sonia", 2)
    assert LoginFailure.objects.filter(username="sonia").count() == 2

    assert attempt(client, "sonia", PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(username__iexact="sonia").exists()

    client.post("/compte/deconnexion/")
    fail(client, "sonia", 2)  # 2 + 2 would be over the limit had they not been cleared
    response = attempt(client, "sonia", PASSWORD)
    assert response.status_code == 302


def test_too_many_failures_from_one_address_lock_it_out_for_every_username(client, cast):
    # The address limit is four times the username limit: 12 failures over 4 usernames.
    for username in ["a", "b", "c", "d"]:
        fail(client, username, 3, REMOTE_ADDR="203.0.113.7")

    from_there = attempt(client, "sonia", PASSWORD, REMOTE_ADDR="203.0.113.7")
    assert is_throttled(from_there)
    assert session_user_id(client) is None

    from_elsewhere = attempt(client, "sonia", PASSWORD, REMOTE_ADDR="198.51.100.20")
    assert from_elsewhere.status_code == 302
    assert session_user_id(client) == cast.supervisor.pk
