"""What leaves the system carries no caller's phone nor e-mail (ADR 0018): the digest e-mails
and their PDFs, the copy of an instruction to the landlord's referents (the tenant's name, which
the landlord reads, but not the phone), and the survey link (no identity at all)."""

from __future__ import annotations

import pytest
from django.core import signing

from voisinage.desk.services import (
    call_close,
    call_natures_ensure_defaults,
    call_record,
    instruction_submit,
    survey_link_issue,
)
from voisinage.desk.services.calls import SURVEY_SALT
from voisinage.desk.tests.conftest import nature
from voisinage.digests.services import digest_dispatch
from voisinage.digests.tests.conftest import (
    at,
    scripted_night,  # noqa: F401
)
from voisinage.tests.pdf import pdf_text

pytestmark = pytest.mark.django_db
PHONE, EMAIL, NAME = "06 12 34 56 78", "mme.caller@example.invalid", "Mme Caller"


def _texts(message) -> str:
    parts = [message.subject, message.body]
    parts += [str(content) for content, _mime in getattr(message, "alternatives", [])]
    for _name, content, mimetype in message.attachments:
        if mimetype == "application/pdf":
            parts.append(pdf_text(content))
    return "\n".join(parts)


def test_the_digest_e_mails_carry_no_callers_phone_nor_e_mail(
    scripted_night,  # noqa: F811
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    cast = scripted_night.cast
    call_natures_ensure_defaults(scheme=cast.scheme)
    call_record(
        scheme=cast.scheme,
        user=cast.supervisor,
        nature=nature(cast),
        received_at=at(14, 22),
        entrance=cast.north_entrances[0],
        caller_name=NAME,
        caller_phone=PHONE,
        caller_email=EMAIL,
        description=f"{NAME} ({PHONE}) signale un regroupement.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        digest_dispatch(scheme=cast.scheme, night=scripted_night.night, now=at(15, 7, 30))
    texts = {message.to[0]: _texts(message) for message in mailoutbox}
    # Habitat Nord's referent reads the call (its entrance): the call is there, not the caller.
    assert "Regroupement dans un hall" in texts[cast.north_referent.email]
    for to, text in texts.items():
        for value in (PHONE, EMAIL, NAME):
            assert value not in text, (to, value)


def test_the_instruction_copy_names_the_tenant_but_carries_no_phone(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    call_natures_ensure_defaults(scheme=cast.scheme)
    with django_capture_on_commit_callbacks(execute=True):
        instruction_submit(
            scheme=cast.scheme,
            user=cast.north_referent,
            landlord=cast.north,
            nature=nature(cast, "controle-logement"),
            entrance=cast.north_entrances[0],
            tenant_name="M. Faivre",
            tenant_phone=PHONE,
            dwelling="21",
        )
    assert mailoutbox
    for message in mailoutbox:
        assert "M. Faivre" in message.body
        assert PHONE not in _texts(message)


def test_the_survey_link_carries_no_identity(cast, clock, mailoutbox):
    call_natures_ensure_defaults(scheme=cast.scheme)
    call, _created = call_record(
        scheme=cast.scheme,
        user=cast.supervisor,
        nature=nature(cast),
        entrance=cast.north_entrances[0],
        caller_name=NAME,
        caller_phone=PHONE,
        caller_email=EMAIL,
    )
    call_close(call=call, user=cast.supervisor)
    url, text = survey_link_issue(call=call)
    token = url.rstrip("/").rsplit("/", 1)[-1]
    payload = signing.loads(token, salt=SURVEY_SALT)
    assert set(payload) == {"c", "n"}  # the call's number and a nonce, nothing about the caller
    for value in (PHONE, EMAIL, NAME, "06123", "caller"):
        assert value not in url
        assert value not in text
