"""Forgotten password: the e-mailed link, its single use, and no account enumeration."""

import re

from django.core.exceptions import NON_FIELD_ERRORS

from voisinage.accounts.tests.helpers import LOGIN, session_user_id
from voisinage.conftest import PASSWORD

RESET = "/compte/mot-de-passe/"
DONE = "/compte/mot-de-passe/envoye/"
COMPLETE = "/compte/mot-de-passe/termine/"
NEW_PASSWORD = "une toute nouvelle phrase 2024"
LINK = re.compile(r"https?://[^\s/]+(/compte/mot-de-passe/[^\s/]+/[^\s/]+/)")


def ask_for_a_link(client, email):
    response = client.post(RESET, {"email": email})
    assert response.status_code == 302
    assert response["Location"] == DONE
    return response


def link_path(message):
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def set_new_password(client, path, password=NEW_PASSWORD):
    """Open the link, then choose a password on the page it redirects to."""
    opened = client.get(path)
    assert opened.status_code == 302
    set_password_url = opened["Location"]
    assert set_password_url.endswith("/set-password/")
    form_page = client.get(set_password_url)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    assert 'name="new_password1"' in form_page.content.decode()
    return client.post(set_password_url, {"new_password1": password, "new_password2": password})


def test_the_reset_page_shows_the_form(client, db):
    response = client.get(RESET)

    assert response.status_code == 200
    assert 'name="email"' in response.content.decode()


def test_asking_for_a_link_sends_exactly_one_e_mail_with_a_link(client, cast, mailoutbox):
    ask_for_a_link(client, "sonia@example.invalid")

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["sonia@example.invalid"]
    assert message.subject.strip()
    assert "\n" not in message.subject
    assert "sonia" in message.body
    assert link_path(message).startswith("/compte/mot-de-passe/")


def test_the_link_lets_the_user_choose_a_new_password_and_log_in_with_it(client, cast, mailoutbox):
    ask_for_a_link(client, "sonia@example.invalid")

    response = set_new_password(client, link_path(mailoutbox[0]))

    assert response.status_code == 302
    assert response["Location"] == COMPLETE
    assert client.get(COMPLETE).status_code == 200
    assert session_user_id(client) is None  # a reset does not log in by itself
    refused = client.post(LOGIN, {"username": "sonia", "password": PASSWORD})
    assert refused.status_code == 200
    assert session_user_id(client) is None
    accepted = client.post(LOGIN, {"username": "sonia", "password": NEW_PASSWORD})
    assert accepted.status_code == 302
    assert session_user_id(client) == cast.supervisor.pk


def test_the_e_mail_address_is_matched_whatever_its_case(client, cast, mailoutbox):
    ask_for_a_link(client, "Sonia@Example.invalid")

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["sonia@example.invalid"]


def test_an_unknown_address_sends_nothing_but_shows_the_same_page(client, cast, mailoutbox):
    known = ask_for_a_link(client, "sonia@example.invalid")
    mailoutbox.clear()

    unknown = ask_for_a_link(client, "personne@example.invalid")

    assert mailoutbox == []
    assert unknown["Location"] == known["Location"]
    done = client.get(unknown["Location"])
    assert done.status_code == 200
    assert "accounts/password_reset_done.html" in [t.name for t in done.templates]


def test_an_inactive_account_gets_no_e_mail(client, cast, mailoutbox):
    cast.supervisor.is_active = False
    cast.supervisor.save()

    ask_for_a_link(client, "sonia@example.invalid")

    assert mailoutbox == []


def test_a_weak_password_is_refused_and_the_old_one_still_works(client, cast, mailoutbox):
    ask_for_a_link(client, "sonia@example.invalid")

    response = set_new_password(client, link_path(mailoutbox[0]), password="12345678")

    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    cast.supervisor.refresh_from_db()
    assert cast.supervisor.check_password(PASSWORD)


def test_a_used_link_is_refused(client, cast, mailoutbox):
    ask_for_a_link(client, "sonia@example.invalid")
    path = link_path(mailoutbox[0])
    assert set_new_password(client, path).status_code == 302

    again = client.get(path, follow=True)

    assert again.status_code == 200
    assert again.context["validlink"] is False
    html = again.content.decode()
    assert 'name="new_password1"' not in html
    assert "<form" not in html.split('<main id="content">')[1]
    assert 'role="alert"' in html
    assert f'href="{RESET}"' in html


def test_a_used_link_cannot_set_the_password_again(client, cast, mailoutbox):
    ask_for_a_link(client, "sonia@example.invalid")
    path = link_path(mailoutbox[0])
    assert set_new_password(client, path).status_code == 302
    set_password_url = path.rsplit("/", 2)[0] + "/set-password/"

    response = client.post(
        set_password_url,
        {"new_password1": "encore autre chose 99", "new_password2": "encore autre chose 99"},
    )

    assert response.status_code == 200
    assert response.context["validlink"] is False
    cast.supervisor.refresh_from_db()
    assert cast.supervisor.check_password(NEW_PASSWORD)


def test_a_tampered_link_is_refused(client, cast, mailoutbox):
    ask_for_a_link(client, "sonia@example.invalid")
    path = link_path(mailoutbox[0])
    tampered = path[:-2] + ("a" if path[-2] != "a" else "b") + "/"

    response = client.get(tampered, follow=True)

    assert response.context["validlink"] is False
    assert 'name="new_password1"' not in response.content.decode()


def test_resetting_the_password_lifts_a_login_lockout(client, cast, mailoutbox, settings):
    settings.VOISINAGE_LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        client.post(LOGIN, {"username": "sonia", "password": "wrong password"})
    locked = client.post(LOGIN, {"username": "sonia", "password": PASSWORD})
    assert locked.context["form"].has_error(NON_FIELD_ERRORS, code="throttled")
    ask_for_a_link(client, "sonia@example.invalid")
    assert set_new_password(client, link_path(mailoutbox[0])).status_code == 302

    response = client.post(LOGIN, {"username": "sonia", "password": NEW_PASSWORD})

    assert response.status_code == 302
    assert session_user_id(client) == cast.supervisor.pk
