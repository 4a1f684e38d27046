"""Authentication without gaps: the Django admin has no login form of its own (administrators
use the throttled login, then their second factor), and password-reset requests are limited
per address and per client and cost the same whether an account has the address or not."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from voisinage.accounts.tests.helpers import LOGIN, session_user_id
from voisinage.conftest import PASSWORD

ADMIN_LOGIN = "/admin/login/"
RESET = "/compte/mot-de-passe/"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


# The admin's login


def test_the_admin_login_sends_to_our_login_page(client, cast):
    response = client.get(ADMIN_LOGIN + "?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN + "?next=/admin/accounts/user/"


def test_the_admin_login_form_cannot_be_used_to_guess_passwords(client, cast):
    for _ in range(7):
        client.post(ADMIN_LOGIN, {"username": "alice", "password": "wrong"})
    response = client.post(ADMIN_LOGIN, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert session_user_id(client) is None  # it authenticates nobody


def test_after_too_many_failures_the_administrator_cannot_get_in_at_all(client, cast):
    for _ in range(7):
        client.post(LOGIN, {"username": "alice", "password": "wrong", "next": "/admin/"})
    response = client.post(LOGIN, {"username": "alice", "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 200
    assert "Trop de tentatives" in response.content.decode()
    assert session_user_id(client) is None
    assert client.get("/admin/").status_code == 302


def test_an_administrator_reaches_the_admin_through_our_login(client, cast):
    response = client.post(LOGIN, {"username": "alice", "password": PASSWORD, "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_someone_logged_in_without_admin_rights_gets_a_404_not_a_loop(client, cast):
    client.force_login(cast.supervisor)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 404


# Password reset


def test_one_address_gets_at_most_three_links_an_hour(client, cast, mailoutbox):
    for _ in range(5):
        assert client.post(RESET, {"email": cast.supervisor.email}).status_code == 302
    assert len(mailoutbox) == 3  # the same answer each time; no more e-mails


def test_one_client_may_ask_ten_times_an_hour_then_is_told_to_wait(client, cast, mailoutbox):
    for n in range(10):
        assert client.post(RESET, {"email": f"someone{n}@example.invalid"}).status_code == 302
    response = client.post(RESET, {"email": cast.supervisor.email})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Trop de demandes de réinitialisation depuis votre connexion. Patientez une heure, "
        "ou adressez-vous à votre administrateur."
    ]
    assert mailoutbox == []


def test_the_window_passes(client, cast, mailoutbox, clock):
    for _ in range(4):
        client.post(RESET, {"email": cast.supervisor.email})
    clock.advance(minutes=61)
    client.post(RESET, {"email": cast.supervisor.email})
    assert len(mailoutbox) == 4


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_known_and_an_unknown_address_cost_the_same_work(client, cast, settings):
    """Same queries and one queued task either way: the answer's time does not tell whether an
    account has the address."""
    settings.TASKS = DB_TASKS
    counts = []
    for email in (cast.supervisor.email, "nobody-here@example.invalid"):
        with CaptureQueriesContext(connection) as queries:
            assert client.post(RESET, {"email": email}).status_code == 302
        counts.append(
            [
                q["sql"].split()[0]
                for q in queries.captured_queries
                if "django_session" not in q["sql"]
            ]
        )
    assert counts[0] == counts[1]
    assert DBTaskResult.objects.count() == 2
