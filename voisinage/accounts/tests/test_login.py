"""Logging in and out through the pages."""

from django.core.exceptions import NON_FIELD_ERRORS

from voisinage.accounts.tests.helpers import LOGIN, LOGOUT, PROFILE, log_in, session_user_id
from voisinage.conftest import PASSWORD


def test_the_login_page_is_in_french_and_has_the_form(client, db):
    response = client.get(LOGIN)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert 'type="password"' in html
    assert 'href="/compte/mot-de-passe/"' in html


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={PROFILE}"


def test_a_correct_login_redirects_to_the_home_page(client, cast):
    response = client.post(LOGIN, {"username": "sonia", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert session_user_id(client) == cast.supervisor.pk


def test_a_correct_login_follows_a_local_next(client, cast):
    response = client.post(LOGIN, {"username": "sonia", "password": PASSWORD, "next": PROFILE})

    assert response.status_code == 302
    assert response["Location"] == PROFILE
    assert client.get(PROFILE).status_code == 200


def test_a_correct_login_does_not_follow_an_external_next(client, cast):
    response = client.post(
        LOGIN,
        {"username": "sonia", "password": PASSWORD, "next": "https://evil.example/voler"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_wrong_password_stays_on_the_page_with_an_error_and_does_not_log_in(client, cast):
    response = client.post(LOGIN, {"username": "sonia", "password": "not the password"})

    assert response.status_code == 200
    assert session_user_id(client) is None
    form = response.context["form"]
    assert form.has_error(NON_FIELD_ERRORS, code="invalid_login")
    html = response.content.decode()
    assert 'role="alert"' in html
    # Django's own message, in French.
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in html
    # The username typed is kept; the password is not echoed back.
    assert 'value="sonia"' in html
    assert "not the password" not in html
    assert client.get(PROFILE).status_code == 302


def test_an_unknown_username_is_refused_like_a_wrong_password(client, cast):
    response = client.post(LOGIN, {"username": "inconnu", "password": PASSWORD})

    assert response.status_code == 200
    assert response.context["form"].has_error(NON_FIELD_ERRORS, code="invalid_login")
    assert session_user_id(client) is None


def test_an_inactive_user_cannot_log_in(client, cast):
    cast.supervisor.is_active = False
    cast.supervisor.save()

    response = client.post(LOGIN, {"username": "sonia", "password": PASSWORD})

    assert response.status_code == 200
    assert session_user_id(client) is None


def test_a_logged_in_user_opening_the_login_page_is_redirected(client, cast):
    log_in(client, cast.supervisor)

    response = client.get(LOGIN)

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_logout_by_post_ends_the_session(client, cast):
    log_in(client, cast.supervisor)
    assert client.get(PROFILE).status_code == 200

    response = client.post(LOGOUT)

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert session_user_id(client) is None
    assert client.get(PROFILE).status_code == 302


def test_logout_by_get_is_not_allowed(client, cast):
    log_in(client, cast.supervisor)

    response = client.get(LOGOUT)

    assert response.status_code == 405
    assert session_user_id(client) == cast.supervisor.pk
