"""A shared address (« adresse commune ») receives the digest like a member of its
organisation, cut to its perimeter; it never logs in; it is not added twice."""

from __future__ import annotations

from django.urls import reverse

from voisinage.accounts.models import Membership, User
from voisinage.digests.services import digest_dispatch
from voisinage.digests.tests.conftest import at
from voisinage.schemes.models import SettingChange
from voisinage.tests.pdf import pdf_text

PEOPLE = reverse("schemes:settings_section", args=["rivebourg", "personnes"])
ADDRESS = "gardiens@habitat-nord.example"


def _add(client, cast, **over):
    data = {
        "action": "shared",
        "shared-email": ADDRESS,
        "shared-organisation": cast.north.pk,
        "shared-role": "partner_viewer",
        "shared-perimeter": "landlord",
        **over,
    }
    return client.post(PEOPLE, data)


def test_a_landlords_shared_address_receives_the_digest_with_its_lines_only(
    scripted_night, client, mailoutbox, django_capture_on_commit_callbacks
):
    cast = scripted_night.cast
    client.force_login(cast.operator_manager)
    assert _add(client, cast).status_code == 302
    mailbox = User.objects.get(email=ADDRESS)
    assert mailbox.is_shared_mailbox
    assert SettingChange.objects.filter(section="personnes", subject=ADDRESS).exists()
    with django_capture_on_commit_callbacks(execute=True):
        digest_dispatch(scheme=cast.scheme, night=scripted_night.night, now=at(15, 7, 30))
    (message,) = [m for m in mailoutbox if m.to == [ADDRESS]]
    ((_name, content, _mime),) = message.attachments
    text = pdf_text(content)
    assert "21:10" in text  # Habitat Nord's, in Les Prés
    assert "00:30" in text  # Habitat Nord's, in Centre
    assert "19:05" not in text  # not Habitat Nord's
    assert "Logis Sud" not in text
    assert "Logis Sud" not in message.alternatives[0][0]


def test_a_shared_address_cannot_log_in_nor_get_a_reset_link(cast, client, mailoutbox):
    client.force_login(cast.operator_manager)
    _add(client, cast)
    client.logout()
    mailbox = User.objects.get(email=ADDRESS)
    assert not mailbox.has_usable_password()
    assert not client.login(username=mailbox.username, password="")
    assert not client.login(username=mailbox.username, password="!")
    client.post(reverse("accounts:password_reset"), {"email": ADDRESS})
    assert [m for m in mailoutbox if ADDRESS in m.to] == []


def test_a_shared_address_is_not_added_twice(cast, client):
    client.force_login(cast.operator_manager)
    assert _add(client, cast).status_code == 302
    again = _add(client, cast, **{"shared-perimeter": "scheme"})
    assert again.status_code == 400
    assert "déjà membre" in again.content.decode()
    assert Membership.objects.filter(user__email=ADDRESS).count() == 1
    assert User.objects.filter(email=ADDRESS).count() == 1


def test_a_persons_address_or_a_wider_perimeter_is_refused(cast, client):
    client.force_login(cast.operator_manager)
    person = _add(client, cast, **{"shared-email": cast.other_partner.email})
    assert person.status_code == 400
    assert "compte d’une personne" in person.content.decode().replace("'", "’")
    acting = _add(client, cast, **{"shared-role": "supervisor"})
    assert acting.status_code == 400
    assert not User.objects.filter(email=ADDRESS).exists()
    assert not User.objects.get(pk=cast.other_partner.pk).is_shared_mailbox
