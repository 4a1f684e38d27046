"""Retiring neighbourhoods and residences: they leave the choices of new entries, stay on what
was recorded with them, come back; one with entrances in service goes only with them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from voisinage.schemes.models import SettingChange
from voisinage.territory.models import Entrance, Neighbourhood, Residence
from voisinage.territory.services import neighbourhood_retire, residence_retire
from voisinage.territory.settings_pages import EntranceForm, ResidenceForm

HOODS = reverse("schemes:settings_section", args=["rivebourg", "quartiers"])
ENTRANCES = reverse("schemes:settings_section", args=["rivebourg", "entrees"])


def test_a_neighbourhood_with_entrances_in_service_is_not_retired_alone(cast, client):
    client.force_login(cast.operator_manager)
    response = client.post(HOODS, {"action": "retire", "neighbourhood": cast.pres.pk})
    assert response.status_code == 400
    assert "encore en service" in response.content.decode()
    cast.pres.refresh_from_db()
    assert cast.pres.is_active
    assert Entrance.objects.filter(neighbourhood=cast.pres, is_active=True).count() == 2
    assert not SettingChange.objects.filter(section="quartiers").exists()


def test_a_neighbourhood_retired_with_its_entrances_leaves_the_choices_and_comes_back(cast, client):
    residence = Residence.objects.create(
        scheme=cast.scheme, landlord=cast.north, neighbourhood=cast.pres, name="Les Tilleuls"
    )
    client.force_login(cast.operator_manager)
    response = client.post(
        HOODS, {"action": "retire", "neighbourhood": cast.pres.pk, "with_entrances": "1"}
    )
    assert response.status_code == 302
    cast.pres.refresh_from_db()
    residence.refresh_from_db()
    assert not cast.pres.is_active
    assert not residence.is_active
    # The entrances are retired, not moved nor deleted: what was recorded there keeps them.
    assert Entrance.objects.filter(neighbourhood=cast.pres).count() == 2
    assert not Entrance.objects.filter(neighbourhood=cast.pres, is_active=True).exists()
    # Neither the neighbourhood nor the residence is offered for a new entrance or residence.
    form = EntranceForm(scheme=cast.scheme)
    assert cast.pres not in form.fields["neighbourhood"].queryset
    assert residence not in form.fields["residence"].queryset
    assert cast.pres not in ResidenceForm(scheme=cast.scheme).fields["neighbourhood"].queryset
    # A new entrance there is refused in French, nothing written.
    refused = client.post(
        ENTRANCES,
        {
            "action": "add",
            "code": "HN-9",
            "address": "9 rue des Prés",
            "landlord": cast.north.pk,
            "neighbourhood": cast.pres.pk,
            "dwellings": 4,
        },
    )
    assert refused.status_code == 400
    assert not Entrance.objects.filter(code="HN-9").exists()
    # Brought back: offered again; its entrances and residence stay retired until brought back.
    assert (
        client.post(HOODS, {"action": "restore", "neighbourhood": cast.pres.pk}).status_code == 302
    )
    cast.pres.refresh_from_db()
    assert cast.pres.is_active
    assert cast.pres in EntranceForm(scheme=cast.scheme).fields["neighbourhood"].queryset
    assert not Residence.objects.get(pk=residence.pk).is_active
    changes = SettingChange.objects.filter(section="quartiers", subject="Les Prés")
    assert [c.after for c in changes.order_by("pk")] == ["retiré", "en service"]


def test_a_residence_comes_back_only_with_its_neighbourhood(cast):
    residence = Residence.objects.create(
        scheme=cast.scheme, landlord=cast.north, neighbourhood=cast.centre, name="Le Parc"
    )
    Entrance.objects.filter(neighbourhood=cast.centre).update(is_active=False)
    neighbourhood_retire(neighbourhood=cast.centre, author=None)
    residence.refresh_from_db()
    assert not residence.is_active
    with pytest.raises(ValidationError, match="Centre"):
        residence_retire(residence=residence, author=None, retire=False)
    assert not Residence.objects.get(pk=residence.pk).is_active
    assert not Neighbourhood.objects.get(pk=cast.centre.pk).is_active


def test_only_managers_retire(cast, client):
    client.force_login(cast.north_referent)
    response = client.post(
        HOODS, {"action": "retire", "neighbourhood": cast.pres.pk, "with_entrances": "1"}
    )
    assert response.status_code == 404
    cast.pres.refresh_from_db()
    assert cast.pres.is_active
