"""Two-step verification (TOTP): who must set it up, setting it up, verifying, turning it off."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from voisinage.accounts.services import api_token_create
from voisinage.accounts.tests.helpers import (
    DISABLE,
    LOGIN,
    LOGOUT,
    PROFILE,
    SCHEMES,
    SETUP,
    STOCK,
    VERIFY,
    bearer,
    fresh_code,
    let_device_cool_down,
    log_in,
    mailed_code,
    session_user_id,
    wrong_code,
)
from voisinage.conftest import PASSWORD


@pytest.fixture
def required(settings):
    settings.VOISINAGE_REQUIRE_2FA = True


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)


def verify(client, device, next_url=None):
    data = {"token": fresh_code(device)}
    if next_url is not None:
        data["next"] = next_url
    return client.post(VERIFY, data)


def sent_to_verify(response):
    """The ``next`` of a redirect to the verify page (fails if it is not one)."""
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == VERIFY
    return parse_qs(location.query).get("next", [None])[0]


def logged_in_and_verified(client, user):
    device = confirmed_device(user)
    log_in(client, user)
    assert verify(client, device).status_code == 302
    assert client.get(PROFILE).status_code == 200
    return device


# Who must set it up


@pytest.mark.usefixtures("required")
@pytest.mark.parametrize("persona", ["north_referent", "pres_viewer", "admin"])
def test_partners_and_administrators_are_sent_to_the_setup_page(client, cast, persona):
    log_in(client, getattr(cast, persona))

    for page in [PROFILE, "/", "/dispositifs/rivebourg/"]:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == SETUP


@pytest.mark.usefixtures("required")
@pytest.mark.parametrize("persona", ["agent", "supervisor", "nobody"])
def test_operator_staff_and_people_without_a_role_are_not_asked_for_it(client, cast, persona):
    log_in(client, getattr(cast, persona))

    assert client.get(PROFILE).status_code == 200


def test_nobody_is_asked_for_it_when_the_setting_is_off(client, cast):
    log_in(client, cast.north_referent)

    assert client.get(PROFILE).status_code == 200


@pytest.mark.usefixtures("required")
def test_an_inactive_partner_membership_does_not_require_it(client, cast):
    cast.north_referent.memberships.update(is_active=False)
    log_in(client, cast.north_referent)

    assert client.get(PROFILE).status_code == 200


@pytest.mark.usefixtures("required")
def test_a_user_owing_it_can_still_log_out(client, cast):
    log_in(client, cast.north_referent)

    response = client.post(LOGOUT)

    assert response.status_code == 302
    assert session_user_id(client) is None


# Setting it up


@pytest.mark.usefixtures("required")
def test_the_setup_page_shows_a_qr_code_and_the_key_of_a_new_unconfirmed_device(client, cast):
    log_in(client, cast.north_referent)

    response = client.get(SETUP)

    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=cast.north_referent)
    assert device.confirmed is False
    html = response.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    assert response.context["secret"] in html
    assert 'name="token"' in html
    # Reloading the page keeps the same device (the QR code already scanned stays valid).
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=cast.north_referent).count() == 1


@pytest.mark.usefixtures("required")
def test_a_right_code_confirms_the_device_and_opens_the_pages(client, cast):
    log_in(client, cast.north_referent)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=cast.north_referent)

    response = client.post(SETUP, {"token": fresh_code(device), "email_code": mailed_code(device)})

    assert response.status_code == 302
    assert response["Location"] == "/"
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get(PROFILE).status_code == 200
    assert client.get(SETUP)["Location"] == PROFILE  # nothing more to set up


@pytest.mark.usefixtures("required")
def test_a_wrong_code_at_setup_is_refused_and_changes_nothing(client, cast):
    log_in(client, cast.north_referent)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=cast.north_referent)

    response = client.post(SETUP, {"token": wrong_code(device), "email_code": mailed_code(device)})

    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    device.refresh_from_db()
    assert device.confirmed is False
    assert TOTPDevice.objects.filter(user=cast.north_referent).count() == 1
    assert client.get(PROFILE)["Location"] == SETUP
    assert client.get(SETUP).context["secret"] == response.context["secret"]


@pytest.mark.usefixtures("required")
def test_a_malformed_code_at_setup_is_refused(client, cast):
    log_in(client, cast.north_referent)
    client.get(SETUP)

    response = client.post(SETUP, {"token": "abc", "email_code": "1234"})

    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    assert TOTPDevice.objects.get(user=cast.north_referent).confirmed is False


@pytest.mark.usefixtures("required")
def test_the_setup_page_needs_a_login(client, cast):
    response = client.get(SETUP)

    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")
    assert not TOTPDevice.objects.exists()


# Verifying at each login


@pytest.mark.usefixtures("required")
def test_after_setting_it_up_the_next_login_asks_for_a_code(client, cast):
    log_in(client, cast.north_referent)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=cast.north_referent)
    assert (
        client.post(
            SETUP, {"token": fresh_code(device), "email_code": mailed_code(device)}
        ).status_code
        == 302
    )
    client.post(LOGOUT)

    log_in(client, cast.north_referent)

    assert sent_to_verify(client.get(PROFILE)) == PROFILE
    # The code of the step already used at setup is not accepted twice; the next one is.
    verified = verify(client, device, next_url=PROFILE)
    assert verified.status_code == 302
    assert verified["Location"] == PROFILE
    assert client.get(PROFILE).status_code == 200


@pytest.mark.usefixtures("required")
def test_a_wrong_code_is_refused_and_the_right_one_accepted(client, cast):
    device = confirmed_device(cast.north_referent)
    log_in(client, cast.north_referent)

    refused = client.post(VERIFY, {"token": wrong_code(device), "next": PROFILE})

    assert refused.status_code == 200
    assert refused.context["form"].errors["token"]
    assert sent_to_verify(client.get(PROFILE)) == PROFILE

    let_device_cool_down(device)
    accepted = verify(client, device, next_url=PROFILE)
    assert accepted.status_code == 302
    assert accepted["Location"] == PROFILE
    assert client.get(PROFILE).status_code == 200


@pytest.mark.usefixtures("required")
def test_right_after_a_wrong_code_even_the_right_one_is_refused_for_a_moment(client, cast):
    device = confirmed_device(cast.north_referent)
    log_in(client, cast.north_referent)
    client.post(VERIFY, {"token": wrong_code(device)})

    response = verify(client, device)

    assert response.status_code == 200
    assert sent_to_verify(client.get(PROFILE)) == PROFILE


@pytest.mark.usefixtures("required")
def test_a_code_cannot_be_replayed(client, cast):
    device = confirmed_device(cast.north_referent)
    log_in(client, cast.north_referent)
    code = fresh_code(device)
    assert client.post(VERIFY, {"token": code}).status_code == 302
    client.post(LOGOUT)
    log_in(client, cast.north_referent)

    response = client.post(VERIFY, {"token": code})

    assert response.status_code == 200
    assert sent_to_verify(client.get(PROFILE)) == PROFILE


@pytest.mark.usefixtures("required")
def test_the_verify_page_does_not_follow_an_external_next(client, cast):
    device = confirmed_device(cast.north_referent)
    log_in(client, cast.north_referent)

    page = client.get(f"{VERIFY}?next=https://evil.example/")
    assert page.context["next"] == "/"

    response = verify(client, device, next_url="https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.usefixtures("required")
def test_the_verify_page_does_not_follow_a_scheme_relative_next(client, cast):
    device = confirmed_device(cast.north_referent)
    log_in(client, cast.north_referent)

    response = verify(client, device, next_url="//evil.example/")

    assert response["Location"] == "/"


def test_a_confirmed_device_is_asked_for_even_when_the_role_does_not_require_it(client, cast):
    device = confirmed_device(cast.agent)
    log_in(client, cast.agent)

    assert sent_to_verify(client.get(PROFILE)) == PROFILE
    assert verify(client, device).status_code == 302
    assert client.get(PROFILE).status_code == 200


def test_the_login_next_survives_the_verification(client, cast):
    device = confirmed_device(cast.agent)
    page = "/dispositifs/rivebourg/"
    response = client.post(LOGIN, {"username": "yanis", "password": PASSWORD, "next": page})

    assert response["Location"] == page
    next_url = sent_to_verify(client.get(page))
    assert next_url == page
    assert verify(client, device, next_url=next_url)["Location"] == page
    assert client.get(page).status_code == 200


# The API


@pytest.mark.usefixtures("required")
def test_the_api_refuses_the_session_of_a_user_who_owes_the_setup(client, cast):
    log_in(client, cast.north_referent)

    assert client.get(SCHEMES).status_code == 401
    assert client.get(STOCK).status_code == 401


@pytest.mark.usefixtures("required")
def test_the_api_refuses_the_session_of_a_user_who_owes_the_verification(client, cast):
    device = confirmed_device(cast.north_referent)
    log_in(client, cast.north_referent)

    assert client.get(STOCK).status_code == 401

    assert verify(client, device).status_code == 302
    response = client.get(STOCK)
    assert response.status_code == 200
    assert response.json()["entrances"] == 3


@pytest.mark.usefixtures("required")
def test_the_api_accepts_the_session_of_a_user_who_owes_nothing(client, cast):
    log_in(client, cast.agent)

    assert client.get(SCHEMES).status_code == 200


@pytest.mark.usefixtures("required")
def test_a_bearer_token_is_its_own_credential(cast):
    _token, raw = api_token_create(user=cast.north_referent, name="Logiciel locatif")

    response = Client().get(STOCK, headers=bearer(raw))

    assert response.status_code == 200
    assert response.json()["entrances"] == 3


# Turning it off


@pytest.mark.usefixtures("required")
def test_turning_it_off_is_refused_when_the_role_requires_it(client, cast):
    device = logged_in_and_verified(client, cast.north_referent)

    response = client.post(DISABLE, follow=True)

    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()


@pytest.mark.usefixtures("required")
def test_turning_it_off_is_allowed_when_the_role_does_not_require_it(client, cast):
    logged_in_and_verified(client, cast.agent)

    response = client.post(DISABLE, follow=True)

    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    assert not TOTPDevice.objects.filter(user=cast.agent).exists()
    assert client.get(PROFILE).status_code == 200
    client.post(LOGOUT)
    log_in(client, cast.agent)
    assert client.get(PROFILE).status_code == 200  # no code asked any more


def test_turning_it_off_is_allowed_for_a_partner_when_the_setting_is_off(client, cast):
    logged_in_and_verified(client, cast.north_referent)

    client.post(DISABLE)

    assert not TOTPDevice.objects.filter(user=cast.north_referent).exists()


def test_turning_it_off_needs_a_verified_session(client, cast):
    confirmed_device(cast.agent)
    log_in(client, cast.agent)

    response = client.post(DISABLE)

    assert sent_to_verify(response) == DISABLE
    assert TOTPDevice.objects.filter(user=cast.agent).exists()


def test_turning_it_off_is_only_by_post(client, cast):
    logged_in_and_verified(client, cast.agent)

    assert client.get(DISABLE).status_code == 405
    assert TOTPDevice.objects.filter(user=cast.agent).exists()


def test_the_verification_brings_back_to_the_page_with_its_filters(client, cast):
    device = confirmed_device(cast.agent)
    log_in(client, cast.agent)
    wanted = f"/dispositifs/rivebourg/entrees/?landlord={cast.north.pk}&q=HN"

    next_url = sent_to_verify(client.get(wanted))
    response = verify(client, device, next_url=next_url)

    assert response["Location"] == wanted
