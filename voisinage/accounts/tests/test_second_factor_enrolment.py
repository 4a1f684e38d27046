"""First enrolment of a second factor needs more than the password: a code e-mailed to the
account's address, entered with the app's code. Whoever only knows the password cannot enrol
their own phone."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from voisinage.accounts.models import User
from voisinage.accounts.tests.helpers import PROFILE, SETUP, fresh_code, log_in

pytestmark = pytest.mark.usefixtures("required")


@pytest.fixture
def required(settings):
    settings.VOISINAGE_REQUIRE_2FA = True


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """The test client, running the tasks queued after each request's commit (as in
    production, where the e-mail is sent by a task once the request's transaction commits)."""

    class Committing:
        def __getattr__(self, name):
            method = getattr(client, name)
            if name not in {"get", "post"}:
                return method

            def call(*args, **kwargs):
                with django_capture_on_commit_callbacks(execute=True):
                    return method(*args, **kwargs)

            return call

    return Committing()


def code_in(message) -> str:
    found = re.findall(r"^(\d{8})$", message.body, re.MULTILINE)
    assert len(found) == 1, message.body
    return found[0]


def test_the_setup_page_e_mails_a_code_to_the_account_s_address(client, cast, mailoutbox):
    log_in(client, cast.north_referent)
    response = client.get(SETUP)
    assert response.status_code == 200
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [cast.north_referent.email]
    assert "double authentification" in mailoutbox[0].subject
    assert "h…@example.invalid" in response.content.decode()
    client.get(SETUP)  # a reload sends no second e-mail
    assert len(mailoutbox) == 1


def test_the_app_code_alone_does_not_turn_it_on(client, cast, mailoutbox):
    log_in(client, cast.north_referent)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=cast.north_referent)
    wrong = "00000000" if code_in(mailoutbox[0]) != "00000000" else "11111111"

    missing = client.post(SETUP, {"token": fresh_code(device)})
    refused = client.post(SETUP, {"token": fresh_code(device), "email_code": wrong})

    assert missing.context["form"].errors["email_code"] == ["Ce champ est obligatoire."]
    assert refused.context["form"].errors["email_code"] == [
        "Ce n’est pas le code du dernier e-mail, ou il a expiré : demandez-en un nouveau."
    ]
    device.refresh_from_db()
    assert device.confirmed is False
    assert client.get(PROFILE)["Location"] == SETUP


def test_both_codes_turn_it_on(client, cast, mailoutbox):
    log_in(client, cast.north_referent)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=cast.north_referent)

    response = client.post(
        SETUP, {"token": fresh_code(device), "email_code": code_in(mailoutbox[0])}
    )

    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get(PROFILE).status_code == 200


def test_the_e_mailed_code_expires(client, cast, mailoutbox, clock):
    log_in(client, cast.north_referent)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=cast.north_referent)
    code = code_in(mailoutbox[0])
    clock.advance(minutes=31)  # past its step and the next one

    response = client.post(SETUP, {"token": fresh_code(device), "email_code": code})

    assert response.status_code == 200
    assert response.context["form"].errors["email_code"]
    device.refresh_from_db()
    assert device.confirmed is False
    # The page then sends a fresh code, which works.
    client.get(SETUP)
    assert len(mailoutbox) == 2
    response = client.post(
        SETUP, {"token": fresh_code(device), "email_code": code_in(mailoutbox[1])}
    )
    assert response.status_code == 302


def test_guessing_the_e_mailed_code_is_throttled(client, cast, mailoutbox):
    log_in(client, cast.north_referent)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=cast.north_referent)
    right = code_in(mailoutbox[0])
    guesses = [f"{n:08d}" for n in range(10) if f"{n:08d}" != right][:5]
    for guess in guesses:
        client.post(SETUP, {"token": fresh_code(device), "email_code": guess})

    response = client.post(SETUP, {"token": fresh_code(device), "email_code": right})

    assert response.context["form"].non_field_errors() == [
        "Trop de codes erronés. Patientez quelques minutes, puis réessayez."
    ]
    device.refresh_from_db()
    assert device.confirmed is False


def test_another_code_can_be_asked_for_once_a_minute(client, cast, mailoutbox, clock):
    log_in(client, cast.north_referent)
    client.get(SETUP)
    client.post(SETUP, {"resend": "1"})
    assert len(mailoutbox) == 1  # too soon
    clock.advance(minutes=2)
    client.post(SETUP, {"resend": "1"})
    assert len(mailoutbox) == 2


def test_an_account_without_an_address_is_told_to_ask_an_administrator(client, cast, mailoutbox):
    User.objects.filter(pk=cast.north_referent.pk).update(email="")
    log_in(client, cast.north_referent)
    response = client.get(SETUP)
    assert 'data-testid="no-email"' in response.content.decode()
    assert mailoutbox == []
    assert not TOTPDevice.objects.filter(user=cast.north_referent).exists()
