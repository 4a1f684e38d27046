"""Subject access: the data-protection contact finds everything held about a person and
exports it (PDF re-opened, JSON read back), holding nothing about anyone else; a person not
found is said so; nobody else gets the page."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from voisinage.desk.services import call_natures_ensure_defaults, call_record, instruction_submit
from voisinage.desk.tests.conftest import nature
from voisinage.factories import UserFactory, grant
from voisinage.tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


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


def test_a_subject_access_export_holds_every_record_about_them_and_nothing_else(people, client):
    _cast, contact = people
    client.force_login(contact)
    url = reverse("privacy:subject_export", args=["rivebourg", "json"])
    # By phone, typed differently: the call and the instruction (tenant's phone without spaces).
    data = json.loads(client.get(url, {"telephone": "06.11.22.33.44"}).content)
    whats = sorted(r["what"] for r in data["records"])
    assert whats == ["Appel", "Consigne du bailleur"]
    text = json.dumps(data, ensure_ascii=False)
    assert "Mme Lambert" in text
    assert "lambert@example.invalid" in text
    assert "Faivre" not in text
    assert "06 99 88 77 66" not in text
    pdf = client.get(
        reverse("privacy:subject_export", args=["rivebourg", "pdf"]), {"nom": "lambert"}
    )
    assert pdf["Content-Type"] == "application/pdf"
    content = pdf_text(pdf.content)
    assert "Mme Lambert" in content
    assert "06 11 22 33 44" in content
    assert "Faivre" not in content


def test_a_person_not_found_is_said_so_in_french(people, client):
    _cast, contact = people
    client.force_login(contact)
    page = client.get(reverse("privacy:subject", args=["rivebourg"]), {"nom": "Personne"})
    assert page.status_code == 400
    assert "Rien n’est conservé sur cette personne" in page.content.decode()
    export = client.get(
        reverse("privacy:subject_export", args=["rivebourg", "json"]), {"courriel": "x@y.invalid"}
    )
    assert export.status_code == 400
    assert "Rien n’est conservé" in export.content.decode()


def test_only_the_readers_of_the_access_log_get_the_page(people, client):
    cast, contact = people
    url = reverse("privacy:subject", args=["rivebourg"])
    for user in (cast.supervisor, cast.north_referent, cast.city_officer):
        client.force_login(user)
        assert client.get(url, {"nom": "Lambert"}).status_code == 404
    client.force_login(contact)
    page = client.get(url, {"nom": "Lambert"}).content.decode()
    assert "Mme Lambert" in page
