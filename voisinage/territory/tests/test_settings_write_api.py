"""The API writes of the territory's settings sections (neighbourhoods, residences, entrances,
member organisations): the same services as the pages, the scheme's managers only, French
refusals that change nothing."""

from __future__ import annotations

from django.urls import reverse

from voisinage.schemes.models import SchemeMember
from voisinage.schemes.tests.settings_walk import refused, walk
from voisinage.territory.models import Entrance, Neighbourhood, Residence


def test_each_write_works_for_the_manager_only_and_is_logged(cast, client):
    url = lambda name, *args: reverse(f"api:{name}", args=["rivebourg", *args])  # noqa: E731
    entrance = cast.north_entrances[0]
    routes = [
        (
            "POST",
            url("create_neighbourhood"),
            {"name": "Les Sablières", "kind": "priority"},
            lambda: Neighbourhood.objects.filter(scheme=cast.scheme, name="Les Sablières").exists(),
        ),
        (
            "PUT",
            url("update_neighbourhood", cast.centre.pk),
            {"name": "Centre-ville", "kind": "fragile"},
            lambda: Neighbourhood.objects.get(pk=cast.centre.pk).name == "Centre-ville",
        ),
        (
            "POST",
            url("create_residence"),
            {
                "name": "Les Tilleuls",
                "landlord_id": cast.north.pk,
                "neighbourhood_id": cast.pres.pk,
            },
            lambda: Residence.objects.filter(scheme=cast.scheme, name="Les Tilleuls").exists(),
        ),
        (
            "POST",
            url("create_entrance"),
            {
                "code": "HN-9",
                "address": "9 rue des Prés",
                "landlord_id": cast.north.pk,
                "neighbourhood_id": cast.pres.pk,
                "dwellings": 14,
            },
            lambda: Entrance.objects.filter(scheme=cast.scheme, code="HN-9").exists(),
        ),
        (
            "PUT",
            url("update_entrance", entrance.pk),
            {"address": "1 place Neuve", "neighbourhood_id": cast.pres.pk, "dwellings": 13},
            lambda: Entrance.objects.get(pk=entrance.pk).address == "1 place Neuve",
        ),
        (
            "POST",
            url("add_member"),
            {"name": "Bailleur Est", "kind": "landlord", "role": "landlord"},
            lambda: SchemeMember.objects.filter(
                scheme=cast.scheme, organisation__name="Bailleur Est"
            ).exists(),
        ),
    ]
    walk(cast, client, routes)


def test_bad_input_is_refused_in_french_and_changes_nothing(cast, client):
    manager = cast.operator_manager
    hoods = Neighbourhood.objects.filter(scheme=cast.scheme).count()
    twice = refused(
        client,
        manager,
        "POST",
        reverse("api:create_neighbourhood", args=["rivebourg"]),
        {"name": "les prés", "kind": "other"},
    )
    assert "a déjà un quartier" in twice
    assert Neighbourhood.objects.filter(scheme=cast.scheme).count() == hoods
    taken = refused(
        client,
        manager,
        "POST",
        reverse("api:create_entrance", args=["rivebourg"]),
        {
            "code": "HN-1",
            "address": "ailleurs",
            "landlord_id": cast.north.pk,
            "neighbourhood_id": cast.pres.pk,
        },
    )
    assert "HN-1" in taken
    assert not Entrance.objects.filter(address="ailleurs").exists()
    # A neighbourhood of another scheme is not one of this scheme's.
    foreign = Neighbourhood.objects.filter(scheme=cast.other_scheme).first()
    assert foreign is not None
    elsewhere = refused(
        client,
        manager,
        "POST",
        reverse("api:create_residence", args=["rivebourg"]),
        {"name": "Hors champ", "landlord_id": cast.north.pk, "neighbourhood_id": foreign.pk},
    )
    assert "ne fait pas partie du dispositif" in elsewhere
    assert not Residence.objects.filter(name="Hors champ").exists()
    other = refused(
        client,
        manager,
        "PUT",
        reverse("api:update_neighbourhood", args=["rivebourg", cast.pres.pk]),
        {"name": "Centre", "kind": "other"},
    )
    assert "Centre" in other
    assert Neighbourhood.objects.get(pk=cast.pres.pk).name == "Les Prés"
