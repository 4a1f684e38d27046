"""IMAP polling, with Python's imaplib client against a tiny real IMAP server on a socket: the
mail server's arrival time is the received-at (the cut-off applies to it), each message is
marked read only once kept, the same message fetched again makes no second draft, and a failed
login changes nothing."""

from __future__ import annotations

import imaplib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from voisinage.desk.inbound.imap import ImapAccount, poll_once
from voisinage.desk.models import InboundEmail, InboundStatus, QuarantineReason
from voisinage.desk.services import desk_settings
from voisinage.desk.tests.conftest import TUESDAY, paris
from voisinage.desk.tests.mailservers import ImapMessage, imap_server, instruction_email

ADDRESS = "consignes@rivebourg.example"


@pytest.fixture
def inbox(desk):
    row = desk_settings(desk.scheme)
    row.instruction_address = ADDRESS
    row.save()
    return desk


def account(port: int, password: str = "s3cret") -> ImapAccount:  # noqa: S107
    return ImapAccount(
        host="127.0.0.1", port=port, user="consignes", password=password, security="none"
    )


def test_polling_keeps_each_unread_message_once_as_of_its_arrival(inbox, clock):
    # Arrived at 16:54 (before the cut-off), polled at 17:03: tonight's draft all the same.
    clock.set(paris(TUESDAY, 17, 3))
    known = instruction_email(
        sender=inbox.north_referent.email,
        to=ADDRESS,
        body="Entrée : HN-2\nConsigne : le hall",
        message_id="<i1@hn.example>",
    ).as_bytes()
    stranger = instruction_email(
        sender="inconnu@example.org", to=ADDRESS, body="Bonjour", message_id="<i2@o.example>"
    ).as_bytes()
    messages = [
        ImapMessage(known, "13-Jan-2026 16:54:00 +0100"),
        ImapMessage(stranger, "13-Jan-2026 16:58:30 +0100"),
    ]
    with imap_server(messages, user="consignes", password="s3cret") as port:
        assert poll_once(account(port)) == 2
        assert all(m.seen for m in messages)
        assert poll_once(account(port)) == 0  # nothing unread
        messages[0].seen = False  # someone marked it unread again: fetched again
        assert poll_once(account(port)) == 0
        assert messages[0].seen

    draft = InboundEmail.objects.get(message_id="<i1@hn.example>")
    assert draft.channel == "imap"
    assert draft.status == InboundStatus.DRAFT
    assert draft.received_at == paris(TUESDAY, 16, 54)
    assert draft.service_night == TUESDAY
    assert draft.landlord == inbox.north
    assert draft.parsed["entrance"] == "HN-2"
    other = InboundEmail.objects.get(message_id="<i2@o.example>")
    assert other.status == InboundStatus.QUARANTINED
    assert other.reason == QuarantineReason.UNKNOWN_SENDER
    assert InboundEmail.objects.count() == 2


def test_a_refused_login_keeps_nothing_and_marks_nothing(inbox, monkeypatch):
    messages = [ImapMessage(b"Subject: x\r\n\r\nBonjour\r\n", "13-Jan-2026 16:54:00 +0100")]
    with imap_server(messages, user="consignes", password="s3cret") as port:
        with pytest.raises(imaplib.IMAP4.error):
            poll_once(account(port, password="wrong"))
        monkeypatch.setenv("VOISINAGE_IMAP_PASSWORD", "wrong")
        with pytest.raises(CommandError, match="IMAP poll failed"):
            call_command(
                "poll_instructions",
                host="127.0.0.1",
                port=port,
                user="consignes",
                security="none",
                once=True,
            )
        assert not messages[0].seen
        assert not InboundEmail.objects.exists()
        monkeypatch.setenv("VOISINAGE_IMAP_PASSWORD", "s3cret")
        call_command(
            "poll_instructions",
            host="127.0.0.1",
            port=port,
            user="consignes",
            security="none",
            once=True,
        )
    assert messages[0].seen
    assert InboundEmail.objects.get().reason == QuarantineReason.UNKNOWN_SCHEME
