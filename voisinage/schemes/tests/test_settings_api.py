"""The settings area's API writes on members, people, neighbourhoods and residences: the
scheme's managers only (everyone else 404, nothing changed), French refusals (422, nothing
changed)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from voisinage.accounts.models import Membership, User
from voisinage.accounts.services import api_token_create
from voisinage.lib import clock as lib_clock
from voisinage.schemes.models import MemberRole, SchemeMember
from voisinage.territory.models import Entrance, Residence

MANAGERS = {"operator_manager", "admin"}


def _post(client, user, url, body):
    _token, raw = api_token_create(user=user, name="settings")
    return client.post(
        url, body, content_type="application/json", headers={"authorization": f"Bearer {raw}"}
    )


def _routes(cast):
    """(url, body that succeeds, what changed?) for each write."""
    south = SchemeMember.objects.get(
        scheme=cast.scheme, organisation=cast.south, role=MemberRole.LANDLORD
    )
    viewer = Membership.objects.get(user=cast.pres_viewer, scheme=cast.scheme)
    residence = Residence.objects.create(
        scheme=cast.scheme, landlord=cast.north, neighbourhood=cast.pres, name="Les Tilleuls"
    )
    today = lib_clock.today().isoformat()
    return [
        (
            reverse("api:end_member", args=["rivebourg", south.pk]),
            {"last_day": today},
            lambda: SchemeMember.objects.get(pk=south.pk).ends_on is not None,
        ),
        (
            reverse("api:change_access", args=["rivebourg", viewer.pk]),
            {
                "role": "partner_viewer",
                "perimeter": "neighbourhoods",
                "neighbourhood_ids": [cast.centre.pk],
            },
            lambda: Membership.objects.filter(user=cast.pres_viewer).count() == 2,
        ),
        (
            reverse("api:add_shared_address", args=["rivebourg"]),
            {
                "email": "loge@habitat-nord.example",
                "organisation_id": cast.north.pk,
                "role": "partner_viewer",
                "perimeter": "landlord",
            },
            lambda: User.objects.filter(email="loge@habitat-nord.example").exists(),
        ),
        (
            reverse("api:retire_neighbourhood", args=["rivebourg", cast.pres.pk]),
            {"with_entrances": True},
            lambda: not Entrance.objects.filter(neighbourhood=cast.pres, is_active=True).exists(),
        ),
        (
            reverse("api:retire_residence", args=["rivebourg", residence.pk]),
            {},
            lambda: not Residence.objects.get(pk=residence.pk).is_active,
        ),
    ]


def test_only_the_schemes_managers_write_through_the_api(cast, client):
    routes = _routes(cast)
    for persona, user in cast.personas().items():
        if persona in MANAGERS:
            continue
        for url, body, changed in routes:
            response = _post(client, user, url, body)
            assert response.status_code == 404, f"{persona} {url}"
            assert not changed(), f"{persona} {url}"
    for url, body, changed in routes:
        response = _post(client, cast.operator_manager, url, body)
        assert response.status_code in {200, 201}, (url, response.content)
        assert changed(), url


@pytest.mark.parametrize("persona", ["operator_manager"])
def test_bad_input_is_refused_in_french_and_changes_nothing(cast, client, persona):
    manager = getattr(cast, persona)
    south = SchemeMember.objects.get(
        scheme=cast.scheme, organisation=cast.south, role=MemberRole.LANDLORD
    )
    yesterday = (lib_clock.today() - timedelta(days=1)).isoformat()
    past = _post(
        client,
        manager,
        reverse("api:end_member", args=["rivebourg", south.pk]),
        {"last_day": yesterday},
    )
    assert past.status_code == 422
    assert "le passé n’est pas réécrit" in past.json()["detail"]
    assert SchemeMember.objects.get(pk=south.pk).ends_on is None
    own = Membership.objects.get(user=manager, scheme=cast.scheme)
    alone = _post(
        client,
        manager,
        reverse("api:change_access", args=["rivebourg", own.pk]),
        {"role": "supervisor", "perimeter": "scheme"},
    )
    assert alone.status_code == 422
    assert "sans responsable" in alone.json()["detail"]
    assert Membership.objects.filter(user=manager, scheme=cast.scheme).count() == 1
    twice = _post(
        client,
        manager,
        reverse("api:add_shared_address", args=["rivebourg"]),
        {
            "email": cast.city_officer.email,
            "organisation_id": cast.city.pk,
            "role": "partner_viewer",
            "perimeter": "scheme",
        },
    )
    assert twice.status_code == 422
    assert "déjà membre" in twice.json()["detail"]
    in_use = _post(
        client,
        manager,
        reverse("api:retire_neighbourhood", args=["rivebourg", cast.pres.pk]),
        {},
    )
    assert in_use.status_code == 422
    assert "encore en service" in in_use.json()["detail"]
    assert Entrance.objects.filter(neighbourhood=cast.pres, is_active=True).count() == 2


def test_another_schemes_objects_are_not_found(cast, client):
    other = SchemeMember.objects.filter(scheme=cast.other_scheme).first()
    assert other is not None
    response = _post(
        client,
        cast.operator_manager,
        reverse("api:end_member", args=["rivebourg", other.pk]),
        {"last_day": lib_clock.today().isoformat()},
    )
    assert response.status_code == 404
    assert SchemeMember.objects.get(pk=other.pk).ends_on is None
