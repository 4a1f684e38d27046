"""Fixtures of the privacy app's tests: two callers of the Rivebourg cast, one of them also the
tenant of a landlord's instruction, and the scheme's data-protection contact."""

from __future__ import annotations

import pytest

from voisinage.desk.services import call_natures_ensure_defaults, call_record, instruction_submit
from voisinage.desk.tests.conftest import nature
from voisinage.factories import UserFactory, grant


@pytest.fixture
def people(cast):
    call_natures_ensure_defaults(scheme=cast.scheme)
    entrance = cast.north_entrances[0]
    for name, phone, email, dwelling in (
        ("Mme Lambert", "06 11 22 33 44", "lambert@example.invalid", "12"),
        ("M. Faivre", "06 99 88 77 66", "faivre@example.invalid", "21"),
    ):
        call_record(
            scheme=cast.scheme,
            user=cast.supervisor,
            nature=nature(cast),
            entrance=entrance,
            caller_name=name,
            caller_phone=phone,
            caller_email=email,
            caller_dwelling=dwelling,
            description=f"{name} appelle pour du bruit.",
        )
    instruction_submit(
        scheme=cast.scheme,
        user=cast.north_referent,
        landlord=cast.north,
        nature=nature(cast, "controle-logement"),
        entrance=entrance,
        tenant_name="Mme Lambert",
        tenant_phone="0611223344",
        dwelling="12",
    )
    contact = UserFactory.create(username="dpo")
    grant(contact, cast.scheme, cast.scheme.operator, "data_protection_contact")
    return cast, contact
