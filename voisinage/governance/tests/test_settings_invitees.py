"""A body's usual invitees in the settings area, on its page and through the API: the choices
are the scheme's members in force; a body keeps the departed member it already invites; an
organisation outside them is refused in French and nothing changes."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from voisinage.accounts.services import api_token_create
from voisinage.governance.models import Body
from voisinage.governance.tests.test_compliance import NOW
from voisinage.governance.tests.test_settings import API, BODIES, BODY
from voisinage.lib import clock as clock_module
from voisinage.schemes.models import SchemeMember, SettingChange


def _offered(page: str, organisation) -> bool:
    return re.search(rf'name="invitees" value="{organisation.pk}"', page) is not None


def _checked(page: str, organisation) -> bool:
    return re.search(rf'name="invitees" value="{organisation.pk}"[^>]*checked', page) is not None


@pytest.fixture
def departed_city(cast, gov, clock):
    """The City left the scheme yesterday; the steering committee still invites it."""
    clock.set(NOW)
    yesterday = clock_module.local_today(cast.scheme.time_zone) - timedelta(days=1)
    SchemeMember.objects.filter(scheme=cast.scheme, organisation=cast.city).update(
        ends_on=yesterday
    )
    assert cast.city in gov.steering.usual_invitees.all()
    return cast.city


def test_the_body_form_offers_members_in_force_and_keeps_a_body_s_departed_invitee(
    cast, gov, client, departed_city
):
    client.force_login(cast.operator_manager)
    new = client.get(BODIES).content.decode()
    assert _offered(new, cast.north)
    assert _offered(new, cast.operator)
    assert not _offered(new, departed_city)
    edit = client.get(f"{BODIES}?body={gov.steering.pk}").content.decode()
    assert _checked(edit, departed_city)
    assert _checked(edit, cast.north)

    # A new body invites members in force…
    data = {**BODY, "invitees": [str(cast.north.pk), str(cast.operator.pk)]}
    assert client.post(BODIES, data).status_code == 302
    body = Body.objects.get(scheme=cast.scheme, name="Cellule de veille")
    assert set(body.usual_invitees.all()) == {cast.north, cast.operator}
    assert cast.north.name in SettingChange.objects.get(subject="Cellule de veille").after
    # …but not the member that left: refused on the form, nothing written.
    refused = client.post(BODIES, {**BODY, "name": "Autre", "invitees": [str(departed_city.pk)]})
    assert refused.status_code == 400
    assert not Body.objects.filter(scheme=cast.scheme, name="Autre").exists()
    # Editing the steering committee keeps the City it already invites.
    kept = {
        **BODY,
        "body": gov.steering.pk,
        "name": gov.steering.name,
        "kind": gov.steering.kind,
        "frequency": "quarterly",
        "months": "",
        "invitees": [str(departed_city.pk)],
    }
    assert client.post(BODIES, kept).status_code == 302
    assert list(gov.steering.usual_invitees.all()) == [departed_city]


def _call(client, user, method, url, body=None):
    _token, raw = api_token_create(user=user, name="bodies")
    return client.generic(
        method,
        url,
        "" if body is None else json.dumps(body),
        content_type="application/json",
        headers={"authorization": f"Bearer {raw}"},
    )


def test_the_api_reads_and_writes_a_body_s_invitees(cast, gov, client, departed_city):
    manager = cast.operator_manager
    created = _call(
        client,
        manager,
        "POST",
        f"{API}/bodies",
        {
            "name": "Cellule de veille",
            "kind": "watch_unit",
            "frequency": "monthly",
            "invitee_ids": [cast.north.pk],
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["invitee_ids"] == [cast.north.pk]
    body_id = created.json()["id"]
    listed = _call(client, manager, "GET", f"{API}/bodies").json()
    steering = next(b for b in listed if b["id"] == gov.steering.pk)
    assert departed_city.pk in steering["invitee_ids"]

    changed = _call(
        client, manager, "PATCH", f"{API}/bodies/{body_id}", {"invitee_ids": [cast.operator.pk]}
    )
    assert changed.json()["invitee_ids"] == [cast.operator.pk]
    logged = SettingChange.objects.filter(scheme=cast.scheme).count()
    for ids in ([departed_city.pk], [cast.north.pk, 987_654]):
        response = _call(client, manager, "PATCH", f"{API}/bodies/{body_id}", {"invitee_ids": ids})
        assert response.status_code == 422, ids
        assert "membres du dispositif" in response.json()["detail"]
    assert list(Body.objects.get(pk=body_id).usual_invitees.all()) == [cast.operator]
    assert SettingChange.objects.filter(scheme=cast.scheme).count() == logged
    # Another scheme's partner: 404, nothing changed.
    outsider = _call(
        client, cast.other_partner, "PATCH", f"{API}/bodies/{body_id}", {"invitee_ids": []}
    )
    assert outsider.status_code == 404
    assert list(Body.objects.get(pk=body_id).usual_invitees.all()) == [cast.operator]
