"""Instructions received by e-mail, over real SMTP and LMTP sessions to the real listener
(aiosmtpd on 127.0.0.1): the arrival time and the cut-off, Message-ID idempotency, the
quarantine, the parsing of the template, and the supervisor's confirmation."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from voisinage.desk.inbound.listener import InstructionMailHandler
from voisinage.desk.inbound.parse import parse_instruction
from voisinage.desk.models import (
    DeskSettings,
    InboundEmail,
    InboundStatus,
    Instruction,
    QuarantineReason,
)
from voisinage.desk.services import desk_settings, inbound_email_receive
from voisinage.desk.tests.conftest import TUESDAY, paris
from voisinage.desk.tests.mailservers import instruction_email, send, smtp_server

ADDRESS = "consignes@rivebourg.example"
WEDNESDAY = TUESDAY.replace(day=14)
TEMPLATE = """Bonjour,

Entrée : HN-2
Logement : 34
Locataire : Mme Martin
Téléphone : 06 12 34 56 78
Nature : Bruit, tapage
Créneau : 21h-23h30
Urgent : oui
Consigne : passer voir le hall,
plaintes répétées des voisins.

--
Hélène, Habitat Nord
"""


@pytest.fixture
def inbox(desk):
    row = desk_settings(desk.scheme)
    row.instruction_address = ADDRESS
    row.save()
    return desk


def test_an_instruction_emailed_at_1655_is_a_draft_for_tonight_once(inbox, transactional_db, clock):
    clock.set(paris(TUESDAY, 16, 55))
    message = instruction_email(
        sender=inbox.north_referent.email, to=ADDRESS, body=TEMPLATE, message_id="<a1@hn.example>"
    )
    with smtp_server(InstructionMailHandler()) as port:
        send(port, message)
        clock.set(paris(TUESDAY, 17, 5))  # delivered again, after the cut-off
        send(port, message)
        stranger = instruction_email(
            sender="inconnu@example.org", to=ADDRESS, body="Passez au 3", message_id="<x@o>"
        )
        send(port, stranger)

    draft = InboundEmail.objects.get(message_id="<a1@hn.example>")
    assert draft.status == InboundStatus.DRAFT
    assert draft.received_at == paris(TUESDAY, 16, 55)
    assert draft.service_night == TUESDAY
    assert draft.landlord == inbox.north
    assert draft.submitted_by == inbox.north_referent
    assert draft.channel == "smtp"
    assert InboundEmail.objects.filter(message_id="<a1@hn.example>").count() == 1
    quarantined = InboundEmail.objects.get(message_id="<x@o>")
    assert quarantined.status == InboundStatus.QUARANTINED
    assert quarantined.reason == QuarantineReason.UNKNOWN_SENDER
    assert quarantined.scheme == inbox.scheme
    assert InboundEmail.objects.count() == 2
    assert not Instruction.objects.exists()  # the supervisor confirms first


def test_after_the_cut_off_the_draft_is_for_the_next_night_and_lmtp_works_too(
    inbox, transactional_db, clock
):
    clock.set(paris(TUESDAY, 17, 0))
    with smtp_server(InstructionMailHandler(lmtp=True), lmtp=True) as port:
        send(
            port,
            instruction_email(sender=inbox.north_referent.email, to=ADDRESS, body=TEMPLATE),
            lmtp=True,
        )
    draft = InboundEmail.objects.get()
    assert draft.channel == "lmtp"
    assert draft.service_night == WEDNESDAY
    # No Message-ID: a digest of the bytes stands in, so a second delivery is still one.
    assert draft.message_id.startswith("<sha256-")


def test_an_unknown_address_is_quarantined_for_the_platform_administrator_only(
    inbox, client, clock
):
    raw = instruction_email(
        sender=inbox.north_referent.email, to="autre@nulle-part.example", body="Bonjour"
    ).as_bytes()
    email, created = inbound_email_receive(raw=raw, channel="imap")
    assert created
    assert email.status == InboundStatus.QUARANTINED
    assert email.reason == QuarantineReason.UNKNOWN_SCHEME
    assert email.scheme is None
    url = reverse("desk:inbound_email", args=["rivebourg", email.pk])
    client.force_login(inbox.supervisor)
    assert client.get(url).status_code == 404
    listing = client.get(reverse("desk:inbound", args=["rivebourg"])).content.decode()
    assert f'data-email="{email.pk}"' not in listing
    client.force_login(inbox.admin)
    assert client.get(url).status_code == 200


def test_the_template_is_read_and_the_rest_ignored():
    fields = parse_instruction(TEMPLATE + "\n> Le 12 janv., Sonia a écrit :\n> Entrée : LS-1\n")
    assert fields == {
        "entrance": "HN-2",
        "dwelling": "34",
        "tenant_name": "Mme Martin",
        "tenant_phone": "06 12 34 56 78",
        "nature": "Bruit, tapage",
        "slot_start": "21:00",
        "slot_end": "23:30",
        "urgent": "1",
        "details": "passer voir le hall,\nplaintes répétées des voisins.",
    }
    assert parse_instruction("Pouvez-vous passer au 12 rue Haute ?\nMerci") == {
        "details": "Pouvez-vous passer au 12 rue Haute ?\nMerci"
    }


def test_the_supervisor_confirms_a_draft_as_of_the_emails_arrival(inbox, client, clock):
    clock.set(paris(TUESDAY, 16, 55))
    raw = instruction_email(
        sender=inbox.north_referent.email,
        to=ADDRESS,
        body=TEMPLATE,
        message_id="<a2@hn.example>",
        attachment=("plan.pdf", b"%PDF-1.4 plan", "application/pdf"),
    ).as_bytes()
    email, _created = inbound_email_receive(raw=raw, envelope_recipients=[ADDRESS], channel="smtp")
    clock.set(paris(TUESDAY, 17, 20))  # the supervisor reads it after the cut-off
    client.force_login(inbox.supervisor)
    board = client.get(reverse("desk:board_live", args=["rivebourg"])).content.decode()
    assert f'data-email="{email.pk}"' in board
    url = reverse("desk:inbound_email", args=["rivebourg", email.pk])
    page = client.get(url)
    form = page.context["form"]
    assert form.initial["entrance_code"] == "HN-2"
    assert form.initial["urgent"] is True
    attachment = client.get(reverse("desk:inbound_attachment", args=["rivebourg", email.pk, 0]))
    assert attachment.content == b"%PDF-1.4 plan"
    data = {k: v for k, v in form.initial.items() if v not in (None, False)}
    data.update(slot_start="21:00", slot_end="23:30", urgent="on", dwelling="35")
    response = client.post(url, data)
    assert response.status_code == 302
    instruction = Instruction.objects.get()
    assert instruction.submitted_at == paris(TUESDAY, 16, 55)
    assert instruction.service_night == TUESDAY  # before the cut-off, though typed after
    assert instruction.submitted_by == inbox.north_referent
    assert instruction.entrance == inbox.north_entrances[1]
    assert instruction.dwelling == "35"  # corrected by the supervisor
    assert instruction.tenant_name == "Mme Martin"
    email.refresh_from_db()
    assert email.status == InboundStatus.CONFIRMED
    assert email.instruction == instruction
    # Confirming again changes nothing.
    assert client.post(url, data).status_code == 404
    assert Instruction.objects.count() == 1


def test_a_wrong_entrance_is_refused_in_french_and_nothing_is_written(inbox, client, clock):
    raw = instruction_email(sender=inbox.north_referent.email, to=ADDRESS, body=TEMPLATE)
    email, _created = inbound_email_receive(raw=raw.as_bytes(), channel="smtp")
    client.force_login(inbox.supervisor)
    url = reverse("desk:inbound_email", args=["rivebourg", email.pk])
    data = {k: v for k, v in client.get(url).context["form"].initial.items() if v}
    data["entrance_code"] = "LS-1"  # Logis Sud's, not Habitat Nord's
    response = client.post(url, data)
    assert response.status_code == 200
    assert "appartient pas au bailleur" in response.content.decode()
    assert not Instruction.objects.exists()
    email.refresh_from_db()
    assert email.status == InboundStatus.DRAFT


def test_quarantine_is_confirmed_for_a_chosen_landlord_or_dismissed(inbox, client, clock):
    raw = instruction_email(sender="gardien@habitat-nord.example", to=ADDRESS, body=TEMPLATE)
    email, _created = inbound_email_receive(raw=raw.as_bytes(), channel="smtp")
    assert email.status == InboundStatus.QUARANTINED
    client.force_login(inbox.supervisor)
    url = reverse("desk:inbound_email", args=["rivebourg", email.pk])
    data = {k: v for k, v in client.get(url).context["form"].initial.items() if v}
    data["landlord"] = str(inbox.north.pk)
    assert client.post(url, data).status_code == 302
    instruction = Instruction.objects.get()
    assert instruction.submitted_by == inbox.supervisor  # on the landlord's behalf
    other = instruction_email(sender="pub@spam.example", to=ADDRESS, body="Promotions !")
    spam, _created = inbound_email_receive(raw=other.as_bytes(), channel="smtp")
    client.post(reverse("desk:inbound_dismiss", args=["rivebourg", spam.pk]))
    spam.refresh_from_db()
    assert spam.status == InboundStatus.DISMISSED
    assert Instruction.objects.count() == 1
    assert len(mail.outbox) <= 1  # at most the copy to the landlord's other referents


@pytest.mark.parametrize("who", ["agent", "north_referent", "city_officer", "other_partner"])
def test_only_the_schemes_supervisors_see_emailed_instructions(inbox, client, who):
    raw = instruction_email(sender=inbox.north_referent.email, to=ADDRESS, body=TEMPLATE)
    email, _created = inbound_email_receive(raw=raw.as_bytes(), channel="smtp")
    client.force_login(getattr(inbox, who))
    for name, args in [
        ("desk:inbound_email", ["rivebourg", email.pk]),
        ("desk:inbound_original", ["rivebourg", email.pk]),
        ("desk:inbound_attachment", ["rivebourg", email.pk, 0]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404
    dismiss = reverse("desk:inbound_dismiss", args=["rivebourg", email.pk])
    assert client.post(dismiss).status_code == 404
    email.refresh_from_db()
    assert email.status == InboundStatus.DRAFT


def test_the_address_is_unique_among_schemes(inbox):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        DeskSettings.objects.create(scheme=inbox.other_scheme, instruction_address=ADDRESS)


def test_an_instruction_typed_by_hand_keeps_its_time_received(desk, client, clock):
    clock.set(paris(TUESDAY, 17, 5))
    client.force_login(desk.supervisor)
    url = reverse("desk:instruction_new", args=["rivebourg"])
    nature_pk = desk.scheme.call_natures.get(code="bruit").pk
    form = {"landlord": str(desk.north.pk), "nature": str(nature_pk), "entrance_code": "HN-1"}
    future = client.post(url, {**form, "received_at": "2026-01-13T18:00"})
    assert "de réception ne peut pas être dans le futur." in future.content.decode()
    assert not Instruction.objects.exists()
    assert client.post(url, {**form, "received_at": "2026-01-13T16:55"}).status_code == 302
    instruction = Instruction.objects.get()
    assert instruction.service_night == TUESDAY
    assert instruction.submitted_at == paris(TUESDAY, 16, 55)


def test_landlords_read_the_address_and_the_template_on_the_instructions_page(inbox, client):
    client.force_login(inbox.north_referent)
    page = client.get(reverse("desk:instructions", args=["rivebourg"])).content.decode()
    assert ADDRESS in page
    assert 'data-testid="template"' in page
    assert "Créneau : 21h-23h" in page
    assert reverse("desk:inbound", args=["rivebourg"]) not in page  # the supervisors' page
    client.force_login(inbox.supervisor)
    page = client.get(reverse("desk:instructions", args=["rivebourg"])).content.decode()
    assert reverse("desk:inbound", args=["rivebourg"]) in page
