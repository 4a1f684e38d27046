"""People: invitations by e-mail (signed, single use, expiring; never wider than the inviter)
and the end of a membership from a date."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from voisinage.accounts.access import grants_for
from voisinage.accounts.models import Invitation, Membership, User
from voisinage.factories import UserFactory, grant
from voisinage.lib import clock as lib_clock
from voisinage.schemes.models import SettingChange

PEOPLE = reverse("schemes:settings_section", args=["rivebourg", "personnes"])


@pytest.fixture
def invite(cast, client, django_capture_on_commit_callbacks):
    """Post the invitation form as the logged-in client; the e-mail task runs after commit."""

    def post(**over):
        data = {
            "action": "invite",
            "email": "referente@ville.example",
            "organisation": cast.city.pk,
            "role": "partner_referent",
            "perimeter": "scheme",
            **over,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(PEOPLE, data)

    return post


def link_in(message) -> str:
    found = re.search(r"https?://[^/\s]+(/compte/invitation/\S+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_an_invited_person_chooses_a_password_once_and_sees_the_scheme(cast, client, clock, invite):
    client.force_login(cast.operator_manager)
    assert invite().status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["referente@ville.example"]
    assert "Rivebourg" in mail.outbox[0].subject
    link = link_in(mail.outbox[0])
    assert SettingChange.objects.filter(section="personnes").count() == 1
    client.logout()
    page = client.get(link)
    assert page.status_code == 200
    assert "Rejoindre Rivebourg" in page.content.decode()
    form = {"username": "referente", "password1": "Un mot de passe solide 42", "password2": ""}
    refused = client.post(link, form)
    assert refused.status_code == 400
    assert "Les deux mots de passe diffèrent" in refused.content.decode()
    assert not User.objects.filter(username="referente").exists()
    form["password2"] = form["password1"]
    assert client.post(link, form).status_code == 302
    person = User.objects.get(username="referente")
    assert person.check_password("Un mot de passe solide 42")
    assert [g.scheme_id for g in grants_for(person)] == [cast.scheme.pk]
    assert client.get(reverse("schemes:about", args=["rivebourg"])).status_code == 200
    assert client.get(reverse("schemes:about", args=["autreville"])).status_code == 404
    client.logout()
    assert client.get(link).status_code == 404  # single use


def test_an_invitation_link_expires(cast, client, clock, invite):
    client.force_login(cast.operator_manager)
    invite()
    link = link_in(mail.outbox[0])
    clock.advance(days=8)
    client.logout()
    response = client.get(link)
    assert response.status_code == 404
    assert (
        "n’est pas valide" in response.content.decode() or "pas valide" in response.content.decode()
    )


def test_a_tampered_link_is_refused(cast, client, invite):
    client.force_login(cast.operator_manager)
    invite()
    link = link_in(mail.outbox[0])
    assert client.get(link[:-3] + "xx/").status_code == 404


def test_an_address_already_a_member_is_refused(cast, client, invite):
    client.force_login(cast.operator_manager)
    response = invite(email=cast.city_officer.email.upper())
    assert response.status_code == 400
    assert "déjà membre" in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_a_perimeter_wider_than_the_inviters_is_refused(cast, client, invite):
    narrow = UserFactory.create(username="gestion-nord")
    grant(narrow, cast.scheme, cast.north, "operator_manager", perimeter="landlord")
    client.force_login(narrow)
    response = invite(organisation=cast.north.pk)
    assert response.status_code == 400
    assert "plus large que le vôtre" in response.content.decode()
    assert not Invitation.objects.exists()
    ok = invite(organisation=cast.north.pk, perimeter="landlord")
    assert ok.status_code == 302
    assert Invitation.objects.get().perimeter == "landlord"


def test_a_person_may_belong_to_several_schemes(cast, client, invite):
    client.force_login(cast.operator_manager)
    invite(email=cast.other_partner.email)
    link = link_in(mail.outbox[0])
    client.force_login(cast.other_partner)
    assert client.post(link).status_code == 302
    schemes = {g.scheme_id for g in grants_for(User.objects.get(pk=cast.other_partner.pk))}
    assert schemes == {cast.scheme.pk, cast.other_scheme.pk}


def test_a_membership_ends_from_a_date_never_in_the_past(cast, client, clock, invite):
    client.force_login(cast.operator_manager)
    membership = Membership.objects.get(user=cast.city_officer, scheme=cast.scheme)
    yesterday = (lib_clock.today() - timedelta(days=1)).isoformat()
    response = client.post(
        PEOPLE, {"action": "end", "membership": membership.pk, "last_day": yesterday}
    )
    assert response.status_code == 400
    assert "le passé n’est pas réécrit" in response.content.decode().replace("'", "’")
    membership.refresh_from_db()
    assert membership.ends_on is None
    later = lib_clock.today() + timedelta(days=30)
    client.post(PEOPLE, {"action": "end", "membership": membership.pk, "last_day": later})
    membership.refresh_from_db()
    assert membership.ends_on == later


def test_the_last_manager_cannot_be_ended(cast, client, clock, invite):
    client.force_login(cast.operator_manager)
    membership = Membership.objects.get(user=cast.operator_manager, scheme=cast.scheme)
    day = lib_clock.today().isoformat()
    response = client.post(PEOPLE, {"action": "end", "membership": membership.pk, "last_day": day})
    assert response.status_code == 400
    assert "dernier responsable" in response.content.decode()
    membership.refresh_from_db()
    assert membership.ends_on is None


@pytest.mark.parametrize("persona", ["supervisor", "city_officer", "other_partner"])
def test_only_managers_invite(cast, client, persona, invite):
    client.force_login(getattr(cast, persona))
    assert invite().status_code == 404
    assert not Invitation.objects.exists()
