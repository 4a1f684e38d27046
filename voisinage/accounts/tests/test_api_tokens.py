"""Personal API tokens: shown once, stored hashed, same rights as their owner, revocable."""

import hashlib
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from voisinage.accounts.models import ApiToken
from voisinage.accounts.services import api_token_create
from voisinage.accounts.tests.helpers import PROFILE, SCHEMES, STOCK, bearer, log_in

CREATE = "/compte/jetons/"
NEW_TOKEN = re.compile(r'data-testid="new-token">([^<]+)</code>')


def revoke_url(token):
    return f"/compte/jetons/{token.pk}/revoquer/"


def create_through_the_page(client, name="Logiciel locatif"):
    response = client.post(CREATE, {"name": name})
    assert response.status_code == 302
    assert response["Location"] == PROFILE
    page = client.get(PROFILE)
    match = NEW_TOKEN.search(page.content.decode())
    assert match, "the new token is not shown"
    return match.group(1)


def api(raw, path=STOCK):
    """An API call with nothing but the bearer token (no session)."""
    return Client().get(path, headers=bearer(raw))


# Creating one


def test_the_new_token_is_shown_once_on_the_profile_page(client, cast):
    log_in(client, cast.north_referent)

    raw = create_through_the_page(client)

    assert raw.startswith("vsn_")
    assert len(raw) > 40
    again = client.get(PROFILE).content.decode()
    assert raw not in again
    assert 'data-testid="new-token"' not in again
    token = ApiToken.objects.get(user=cast.north_referent)
    assert token.name == "Logiciel locatif"
    assert token.prefix in again  # the prefix stays visible, to tell tokens apart


def test_only_a_sha256_of_the_token_is_stored(client, cast):
    log_in(client, cast.north_referent)

    raw = create_through_the_page(client)

    token = ApiToken.objects.get(user=cast.north_referent)
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    for column, value in ApiToken.objects.filter(pk=token.pk).values().get().items():
        assert raw not in str(value), column
    assert "new_api_token" not in client.session


def test_a_token_needs_a_name(client, cast):
    log_in(client, cast.north_referent)

    response = client.post(CREATE, {"name": "   "}, follow=True)

    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not ApiToken.objects.exists()
    assert 'data-testid="new-token"' not in response.content.decode()


def test_creating_a_token_needs_a_login_and_a_post(client, cast):
    assert client.post(CREATE, {"name": "x"})["Location"].startswith("/compte/connexion/")
    log_in(client, cast.north_referent)
    assert client.get(CREATE).status_code == 405
    assert not ApiToken.objects.exists()


# Using one


def test_a_token_has_the_rights_of_its_owner(cast):
    _token, north = api_token_create(user=cast.north_referent, name="n")
    _token, other = api_token_create(user=cast.other_partner, name="o")

    response = api(north)
    assert response.status_code == 200
    assert response.json()["entrances"] == 3
    assert response.json()["dwellings"] == 40

    assert api(other).status_code == 404


def test_a_token_created_through_the_page_works(client, cast):
    log_in(client, cast.north_referent)
    raw = create_through_the_page(client)

    response = api(raw)

    assert response.status_code == 200
    assert response.json()["dwellings"] == 40


def test_a_token_lists_only_the_schemes_of_its_owner(cast):
    _token, raw = api_token_create(user=cast.other_partner, name="o")

    response = api(raw, SCHEMES)

    assert response.status_code == 200
    slugs = {s["slug"] for s in response.json()["items"]}
    assert slugs == {"autreville"}


def test_without_any_credential_the_api_answers_401(cast):
    assert Client().get(STOCK).status_code == 401


@pytest.mark.parametrize(
    "raw",
    [
        "vsn_deadbeef_" + "x" * 43,  # well-formed, unknown
        "not-a-token",
        "vsn_",
        "vsn_" + "a" * 300,
    ],
)
def test_an_unknown_or_malformed_token_gets_401(cast, raw):
    api_token_create(user=cast.north_referent, name="real one")

    assert api(raw).status_code == 401


def test_a_token_with_one_character_changed_gets_401(cast):
    _token, raw = api_token_create(user=cast.north_referent, name="n")
    tampered = raw[:-1] + ("A" if raw[-1] != "A" else "B")

    assert api(tampered).status_code == 401


def test_the_token_of_a_deactivated_user_gets_401(cast):
    _token, raw = api_token_create(user=cast.north_referent, name="n")
    cast.north_referent.is_active = False
    cast.north_referent.save()

    assert api(raw).status_code == 401


def test_using_a_token_records_when_it_was_last_used(cast):
    token, raw = api_token_create(user=cast.north_referent, name="n")
    assert token.last_used_at is None

    assert api(raw).status_code == 200

    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_at >= token.created_at


# Revoking one


def test_a_revoked_token_gets_401(client, cast):
    token, raw = api_token_create(user=cast.north_referent, name="n")
    assert api(raw).status_code == 200
    log_in(client, cast.north_referent)

    response = client.post(revoke_url(token))

    assert response.status_code == 302
    assert response["Location"] == PROFILE
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api(raw).status_code == 401


def test_revoking_one_token_leaves_the_others_working(client, cast):
    first, first_raw = api_token_create(user=cast.north_referent, name="first")
    _second, second_raw = api_token_create(user=cast.north_referent, name="second")
    log_in(client, cast.north_referent)

    client.post(revoke_url(first))

    assert api(first_raw).status_code == 401
    assert api(second_raw).status_code == 200


def test_a_user_cannot_revoke_another_users_token(client, cast):
    token, raw = api_token_create(user=cast.north_referent, name="n")
    log_in(client, cast.south_referent)

    response = client.post(revoke_url(token))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert api(raw).status_code == 200


def test_revoking_is_only_by_post(client, cast):
    token, raw = api_token_create(user=cast.north_referent, name="n")
    log_in(client, cast.north_referent)

    assert client.get(revoke_url(token)).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None
    assert api(raw).status_code == 200


def test_an_unknown_token_id_is_404(client, cast):
    log_in(client, cast.north_referent)

    assert client.post("/compte/jetons/999999/revoquer/").status_code == 404


# The management command


def test_the_command_prints_a_token_that_works(cast):
    out = StringIO()

    call_command("create_api_token", "sonia", "--name", "x", stdout=out)

    raw = out.getvalue().strip()
    assert "\n" not in raw
    token = ApiToken.objects.get(user=cast.supervisor)
    assert token.name == "x"
    response = api(raw)
    assert response.status_code == 200
    assert response.json()["entrances"] == 5


def test_the_command_refuses_an_unknown_username(cast):
    with pytest.raises(CommandError):
        call_command("create_api_token", "personne", stdout=StringIO())
    assert not ApiToken.objects.exists()


def test_the_command_refuses_an_inactive_user(cast):
    cast.supervisor.is_active = False
    cast.supervisor.save()

    with pytest.raises(CommandError):
        call_command("create_api_token", "sonia", stdout=StringIO())
