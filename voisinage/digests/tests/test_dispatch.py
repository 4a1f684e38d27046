"""Dispatch: each recipient gets its own perimeter by e-mail with the PDF; corrections make new
versions; a mail server that is down delays the e-mails, it never loses them."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from voisinage.conftest import ARTIFACTS
from voisinage.digests.models import DeliveryStatus, Digest, DigestDelivery
from voisinage.digests.services import (
    deliveries_send,
    digest_compile,
    digest_dispatch,
    digest_validate,
)
from voisinage.digests.tests.conftest import at
from voisinage.tests.pdf import pdf_text, pdf_to_png


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """digest_dispatch, with the e-mails that leave after commit sent at once."""

    def dispatch(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return digest_dispatch(**kwargs)

    return dispatch


def _by_recipient(outbox):
    return {m.to[0]: m for m in outbox}


def _pdf(message) -> bytes:
    ((name, content, mimetype),) = message.attachments
    assert mimetype == "application/pdf"
    assert name.endswith("-v1.pdf") or "-v" in name
    return content


def test_the_morning_dispatch_sends_each_recipient_its_own_perimeter(
    scripted_night, mailoutbox, send
):
    cast = scripted_night.cast
    version = send(scheme=cast.scheme, night=scripted_night.night, now=at(15, 7, 30))
    assert version is not None
    assert version.number == 1
    messages = _by_recipient(mailoutbox)
    assert set(messages) == {
        cast.north_referent.email,
        cast.south_referent.email,
        cast.city_officer.email,
        cast.pres_viewer.email,  # a city member whose perimeter is Les Prés
        cast.north_pres_referent.email,  # Habitat Nord's member in Les Prés
    }
    lea = pdf_text(_pdf(messages[cast.north_pres_referent.email]))
    assert "21:10" in lea
    assert "00:30" not in lea  # Habitat Nord's, but in Centre
    pres = pdf_text(_pdf(messages[cast.pres_viewer.email]))
    assert "21:10" in pres
    assert "23:50" in pres
    assert "19:05" not in pres
    assert "00:30" not in pres
    north = messages[cast.north_referent.email]
    assert "(non validé)" in north.subject
    html = north.alternatives[0][0]
    assert "Logis Sud" not in html
    assert "Square des Tilleuls" not in html
    assert "Mme X." not in html  # sensitive narrative withheld from a landlord
    north_pdf = pdf_text(_pdf(north))
    assert "21:10" in north_pdf
    assert "00:30" in north_pdf
    assert "19:05" not in north_pdf
    assert "Logis Sud" not in north_pdf
    city_pdf = pdf_text(_pdf(messages[cast.city_officer.email]))
    for arrival in ("19:05", "21:10", "23:50", "00:30"):
        assert arrival in city_pdf
    pdf_to_png(_pdf(messages[cast.city_officer.email]), ARTIFACTS / "digest-city")
    digest = Digest.objects.get()
    assert digest.on_time is True
    assert DigestDelivery.objects.filter(status=DeliveryStatus.SENT).count() == 5


def test_a_validated_digest_is_sent_as_validated_and_late_is_recorded(
    scripted_night, mailoutbox, send
):
    cast = scripted_night.cast
    digest_validate(scheme=cast.scheme, night=scripted_night.night, user=cast.supervisor)
    send(scheme=cast.scheme, night=scripted_night.night, now=at(15, 8, 5))
    assert all("(non validé)" not in m.subject for m in mailoutbox)
    digest = Digest.objects.get()
    assert digest.on_time is False
    assert digest.validated_by == cast.supervisor


def test_the_scheduler_does_not_send_twice_but_a_correction_makes_version_two(
    scripted_night, mailoutbox, send
):
    cast = scripted_night.cast
    send(scheme=cast.scheme, night=scripted_night.night, now=at(15, 7, 30))
    assert (
        send(scheme=cast.scheme, night=scripted_night.night, now=at(15, 7, 31), automatic=True)
        is None
    )
    assert len(mailoutbox) == 5
    with pytest.raises(ValidationError), translation.override("en"):
        send(scheme=cast.scheme, night=scripted_night.night)
    scripted_night.south.narrative = "Ampoule remplacée par le gardien à 19 h 30."
    scripted_night.south.save()
    mailoutbox.clear()
    version = send(scheme=cast.scheme, night=scripted_night.night, now=at(15, 10))
    assert version.number == 2
    assert [c["change"] for c in version.changes] == ["changed"]
    messages = _by_recipient(mailoutbox)
    assert "version 2" in messages[cast.south_referent.email].subject
    assert "corrigé" in messages[cast.south_referent.email].body
    # Version 2 goes to those who read what changed: Logis Sud and the whole-scheme city, not
    # Habitat Nord nor Les Prés, who would read a correction elsewhere.
    assert set(messages) == {cast.south_referent.email, cast.city_officer.email}
    assert Digest.objects.get().versions.count() == 2


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_when_the_mail_server_is_down_nothing_is_lost_and_it_is_retried(
    scripted_night, mailoutbox, send
):
    cast = scripted_night.cast
    down = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": _closed_port(), "timeout": 2},
        }
    }
    with override_settings(MAILERS=down):
        send(scheme=cast.scheme, night=scripted_night.night, now=at(15, 7, 30))
    failed = DigestDelivery.objects.filter(status=DeliveryStatus.FAILED)
    assert failed.count() == 5
    assert all(d.attempts == 1 and d.last_error for d in failed)
    assert len(mailoutbox) == 0
    first_retry = min(d.next_attempt_at for d in failed)
    # Not due yet: nothing is sent.
    assert deliveries_send(now=first_retry - timedelta(seconds=1)) == 0
    # The server is back (locmem again): the retry sends all four, once.
    assert deliveries_send(now=first_retry + timedelta(minutes=1)) == 5
    assert deliveries_send(now=first_retry + timedelta(hours=2)) == 0
    assert len(mailoutbox) == 5
    assert DigestDelivery.objects.filter(status=DeliveryStatus.SENT, attempts=2).count() == 5


def test_the_compiled_draft_keeps_its_validation_only_while_nothing_changes(scripted_night):
    cast = scripted_night.cast
    draft = digest_validate(scheme=cast.scheme, night=scripted_night.night, user=cast.supervisor)
    assert digest_compile(scheme=cast.scheme, night=scripted_night.night).validated
    scripted_night.public.climate = "red"
    scripted_night.public.save()
    again = digest_compile(scheme=cast.scheme, night=scripted_night.night)
    assert again.pk == draft.pk
    assert not again.validated
    assert Digest.objects.get().validated_at is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_smtp_server_receives_the_message_and_its_pdf(scripted_night):
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    received: list[bytes] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope.original_content or envelope.content)
            return "250 OK"

    port = _closed_port()  # a free port, for the server to take
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        smtp = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
            }
        }
        cast = scripted_night.cast
        with override_settings(MAILERS=smtp):
            digest_dispatch(scheme=cast.scheme, night=scripted_night.night, now=at(15, 7, 30))
    finally:
        controller.stop()
    assert len(received) == 5
    parsed = [message_from_bytes(raw, policy=policy.default) for raw in received]
    north = next(m for m in parsed if m["To"] == cast.north_referent.email)
    attachments = list(north.iter_attachments())
    assert [a.get_content_type() for a in attachments] == ["application/pdf"]
    text = pdf_text(attachments[0].get_content())
    assert "21:10" in text
    assert "Logis Sud" not in text
    assert north.get_body(("html",)) is not None
