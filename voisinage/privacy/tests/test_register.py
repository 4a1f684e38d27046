"""The register of processing (GDPR art. 30) is generated from the scheme's settings — the parts
it uses, the memberships, the routing table, the retention rules — as a PDF to sign, re-opened
here; only the data-protection readers get it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from voisinage.privacy.services import retention_rules_set
from voisinage.reports.models import RoutingRule
from voisinage.tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


def test_the_register_follows_the_settings_and_can_be_signed(people, client):
    cast, contact = people
    scheme = cast.scheme
    scheme.capabilities = ["phone_desk", "reports"]
    scheme.save(update_fields=["capabilities"])
    retention_rules_set(scheme=scheme, author=None, months={"caller": 3})
    city_only = "Bailleur Routé"
    RoutingRule.objects.create(
        scheme=scheme,
        position=1,
        recipient=cast.city.__class__.objects.create(name=city_only, kind="landlord"),
        deadline_days=3,
    )
    client.force_login(contact)
    response = client.get(reverse("privacy:register", args=["rivebourg"]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    assert "Registre des traitements — Rivebourg" in text
    assert "Médiateurs Unis — Rivebourg" in text  # the controller
    assert contact.display_name in text  # the data-protection contact
    assert "Prendre les appels des habitants" in text  # phone desk used
    assert "Rendre visite aux locataires" not in text  # courtesy visits not used
    assert "3 mois après la fin du dossier" in text  # the scheme's own rule
    assert "Habitat Nord" in text  # a member's organisation, from the memberships
    assert city_only in text  # from the routing table
    assert "Le responsable de traitement" in text  # the signature block


def test_only_the_data_protection_readers_get_the_register(people, client):
    cast, _contact = people
    for user in (cast.supervisor, cast.city_officer):
        client.force_login(user)
        assert client.get(reverse("privacy:register", args=["rivebourg"])).status_code == 404
