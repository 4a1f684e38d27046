"""Subject access: the data-protection contact finds everything held about a person and
exports it (PDF re-opened, JSON read back), holding nothing about anyone else; a person not
found is said so; nobody else gets the page."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from voisinage.desk.models import PersonalDataView
from voisinage.tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


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
    # The export is in the access log, one line per record shown, nobody else's.
    logged = PersonalDataView.objects.filter(where="privacy:subject_export.json", user=contact)
    assert sorted(line.person.split(" · ")[0] for line in logged) == ["Mme Lambert"] * 2
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
