"""The logbook's field codes as settings: three coded lists changed by the scheme's managers
through pages and the API, every change logged; bad input refused in French, nothing changed."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from voisinage.accounts.services import api_token_create
from voisinage.factories import OrganisationFactory, UserFactory, grant, member
from voisinage.field.logbook.models import CodeKind, FieldCode
from voisinage.field.logbook.services import field_codes_ensure_defaults
from voisinage.schemes.models import SettingChange
from voisinage.tests.test_persona_matrix import MANAGERS


def section(key: str) -> str:
    return reverse("schemes:settings_section", args=["rivebourg", key])


API = "/api/v1/schemes/rivebourg/settings/field-codes"


def codes(scheme, kind):
    return list(
        FieldCode.objects.filter(scheme=scheme, kind=kind)
        .order_by("position")
        .values_list("code", flat=True)
    )


def test_each_list_has_its_page_with_the_french_defaults(cast, manager):
    page = manager.get(section("actions")).content.decode()
    assert "Police alertée (17)" in page
    assert "Numéro d&#x27;urgence" in page
    assert "Bruit, nuisances sonores" not in page  # another list
    page = manager.get(section("situations-comportements")).content.decode()
    assert "Bruit, nuisances sonores" in page


def test_a_code_is_added_renamed_moved_retired_and_brought_back_in_its_own_list(cast, manager):
    field_codes_ensure_defaults(scheme=cast.scheme)
    before = codes(cast.scheme, CodeKind.MATERIAL)
    response = manager.post(
        section("situations-materielles"),
        {"action": "add", "label": "Boîte aux lettres forcée", "code": ""},
    )
    assert response.status_code == 302
    added = FieldCode.objects.get(scheme=cast.scheme, code="boite-aux-lettres-forcee")
    assert added.kind == CodeKind.MATERIAL
    assert codes(cast.scheme, CodeKind.MATERIAL) == [*before, added.code]
    manager.post(
        section("situations-materielles"),
        {"action": "rename", "entry": added.pk, "label": "Boîte aux lettres fracturée"},
    )
    manager.post(section("situations-materielles"), {"action": "up", "entry": added.pk})
    manager.post(section("situations-materielles"), {"action": "retire", "entry": added.pk})
    added.refresh_from_db()
    assert added.label == "Boîte aux lettres fracturée"
    assert codes(cast.scheme, CodeKind.MATERIAL) == [*before[:-1], added.code, before[-1]]
    assert added.retired_at is not None
    manager.post(section("situations-materielles"), {"action": "restore", "entry": added.pk})
    added.refresh_from_db()
    assert added.retired_at is None
    # The other lists did not move.
    assert codes(cast.scheme, CodeKind.ACTION)[0] == "dialogue"
    lines = SettingChange.objects.filter(scheme=cast.scheme, subject=added.code)
    assert set(lines.values_list("section", flat=True)) == {"situations-materielles"}
    assert lines.count() == 5


def test_an_action_carries_its_emergency_number(cast, manager):
    response = manager.post(
        section("actions"),
        {
            "action": "add",
            "label": "Appel au 115",
            "code": "samu-social",
            "emergency_number": "115",
        },
    )
    assert response.status_code == 302
    action = FieldCode.objects.get(scheme=cast.scheme, code="samu-social")
    assert action.emergency_number == "115"
    manager.post(
        section("actions"), {"action": "emergency", "entry": action.pk, "emergency_number": ""}
    )
    action.refresh_from_db()
    assert action.emergency_number == ""
    line = SettingChange.objects.filter(scheme=cast.scheme, section="actions").first()
    assert (line.before, line.after) == ("115", "")


@pytest.mark.parametrize(
    ("key", "data", "message"),
    [
        # A code used twice, even in another list (the API names codes without their list).
        ("situations-materielles", {"label": "Autre", "code": "dialogue"}, "déjà utilisé"),
        # A label in use in the same list.
        (
            "situations-materielles",
            {"label": "encombrants", "code": "encombrants-2"},
            "déjà dans cette liste",
        ),
        (
            "actions",
            {"label": "Appel", "code": "", "emergency_number": "1a"},
            "2 à 4 chiffres",
        ),
    ],
)
def test_bad_codes_are_refused_in_french_and_change_nothing(cast, manager, key, data, message):
    field_codes_ensure_defaults(scheme=cast.scheme)
    count = FieldCode.objects.count()
    response = manager.post(section(key), {"action": "add", **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert FieldCode.objects.count() == count
    assert not SettingChange.objects.exists()


def test_renaming_to_a_label_in_use_is_refused(cast, manager):
    field_codes_ensure_defaults(scheme=cast.scheme)
    tags = FieldCode.objects.get(scheme=cast.scheme, code="tags")
    response = manager.post(
        section("situations-materielles"),
        {"action": "rename", "entry": tags.pk, "label": "Encombrants"},
    )
    assert response.status_code == 400
    assert "déjà dans cette liste" in response.content.decode()
    tags.refresh_from_db()
    assert tags.label == "Tags, graffitis"
    # The same label in another list is another code's business.
    response = manager.post(
        section("situations-materielles"),
        {"action": "rename", "entry": tags.pk, "label": "Dialogue"},
    )
    assert response.status_code == 302


def _bearer(user) -> dict[str, str]:
    _token, raw = api_token_create(user=user, name="test")
    return {"authorization": f"Bearer {raw}"}


def test_the_api_adds_and_changes_codes_all_or_nothing(cast, client):
    headers = _bearer(cast.operator_manager)
    response = client.post(
        API,
        json.dumps({"kind": "action", "label": "Appel au 115", "emergency_number": "115"}),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201, response.content
    assert response.json()["code"] == "appel-au-115"
    url = f"{API}/appel-au-115"
    response = client.patch(
        url,
        json.dumps({"label": "Samu social", "retired": True}),
        content_type="application/json",
        headers=headers,
    )
    assert response.json()["label"] == "Samu social"
    assert response.json()["retired"] is True
    # A rename that succeeds and a number that is refused: neither is kept.
    response = client.patch(
        url,
        json.dumps({"label": "Autre nom", "emergency_number": "abc"}),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    assert "2 à 4 chiffres" in response.json()["detail"]
    assert FieldCode.objects.get(code="appel-au-115").label == "Samu social"
    listed = client.get(API, headers=headers).json()
    assert {"code": "appel-au-115", "retired": True}.items() <= next(
        c for c in listed if c["code"] == "appel-au-115"
    ).items()


def test_only_the_scheme_managers_write_codes_other_schemes_managers_included(cast, client):
    other = OrganisationFactory.create(name="Opérateur B", kind="operator")
    member(cast.other_scheme, other, "operator")
    elsewhere = UserFactory.create(username="manager-b")
    grant(elsewhere, cast.other_scheme, other, "operator_manager")
    people = {**cast.personas(), "elsewhere": elsewhere}
    body = json.dumps({"kind": "material", "label": "Intrusion"})
    for persona, user in people.items():
        response = client.post(API, body, content_type="application/json", headers=_bearer(user))
        expected = 201 if persona in MANAGERS else 404
        assert response.status_code == expected, persona
        FieldCode.objects.filter(code="intrusion").delete()
    client.force_login(elsewhere)
    response = client.post(section("actions"), {"action": "add", "label": "Intrusion"})
    assert response.status_code == 404
    assert not FieldCode.objects.filter(code="intrusion").exists()
