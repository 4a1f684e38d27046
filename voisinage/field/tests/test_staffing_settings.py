"""Staffing rules and reduced periods as settings: the scheme's managers list, add, edit and
remove them through the page and the API, every change logged; a rule that does not parse is
refused in French and changes nothing; the section follows the scheme's capabilities."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from voisinage.accounts.services import api_token_create
from voisinage.schemes.models import Capability, SettingChange, StaffingRule
from voisinage.tests.test_persona_matrix import MANAGERS

PAGE = "/dispositifs/rivebourg/parametres/effectifs/"
API = "/api/v1/schemes/rivebourg/settings/staffing-rules"
RULE = {
    "action": "save",
    "label": "Été réduit",
    "position": "agent",
    "headcount": "2",
    "weekdays": ["4", "5"],
    "priority": "10",
    "date_ranges": "25/07-31/07, 01/08-14/08",
    "iso_weeks": "",
}


def test_the_page_is_the_section_of_the_settings_area(cast, manager):
    assert reverse("schemes:settings_section", args=["rivebourg", "effectifs"]) == PAGE
    page = manager.get(PAGE).content.decode()
    assert "Ajouter une règle" in page


def test_a_reduced_period_is_added_edited_and_removed_with_each_change_logged(cast, manager):
    assert manager.post(PAGE, RULE).status_code == 302
    rule = StaffingRule.objects.get(scheme=cast.scheme, label="Été réduit")
    assert (rule.weekdays, rule.headcount, rule.priority) == ("45", 2, 10)
    assert "Été réduit" in manager.get(PAGE).content.decode()
    edit = manager.get(f"{PAGE}?regle={rule.pk}").content.decode()
    assert "Modifier « Été réduit »" in edit
    response = manager.post(PAGE, {**RULE, "rule": rule.pk, "headcount": "1"})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.headcount == 1
    manager.post(PAGE, {"action": "remove", "rule": rule.pk})
    assert not StaffingRule.objects.filter(pk=rule.pk).exists()
    lines = list(SettingChange.objects.filter(scheme=cast.scheme, section="effectifs"))
    assert [(bool(line.before), bool(line.after)) for line in reversed(lines)] == [
        (False, True),
        (True, True),
        (True, False),
    ]
    assert "2 × Agent de terrain, vendredi, samedi" in lines[-1].after


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date_ranges": "du 25 au 31 juillet"}, "25/07-31/07"),
        ({"date_ranges": "31/02-03/03"}, "25/07-31/07"),
        ({"iso_weeks": "54"}, "de 1 à 53"),
        ({"label": "   "}, "obligatoire"),
    ],
)
def test_a_rule_that_does_not_parse_is_refused_in_french_and_changes_nothing(
    cast, manager, changes, message
):
    existing = StaffingRule.objects.filter(scheme=cast.scheme).count()
    response = manager.post(PAGE, {**RULE, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert StaffingRule.objects.filter(scheme=cast.scheme).count() == existing
    assert not SettingChange.objects.exists()


def test_an_edit_that_does_not_parse_leaves_the_rule_as_it_was(cast, manager):
    manager.post(PAGE, RULE)
    rule = StaffingRule.objects.get(scheme=cast.scheme, label="Été réduit")
    response = manager.post(PAGE, {**RULE, "rule": rule.pk, "headcount": "5", "date_ranges": "été"})
    assert response.status_code == 400
    rule.refresh_from_db()
    assert (rule.headcount, rule.date_ranges) == (2, "25/07-31/07, 01/08-14/08")
    assert SettingChange.objects.filter(section="effectifs").count() == 1


def test_the_section_is_there_only_when_the_scheme_uses_staffing(cast, manager):
    cast.scheme.capabilities = [c for c in Capability.values if c != Capability.STAFFING]
    cast.scheme.save(update_fields=["capabilities"])
    assert manager.get(PAGE).status_code == 404


def _bearer(user) -> dict[str, str]:
    _token, raw = api_token_create(user=user, name="test")
    return {"authorization": f"Bearer {raw}"}


def test_the_api_adds_changes_and_removes_rules_for_managers_only(cast, client):
    body = json.dumps(
        {
            "label": "Noël",
            "position": "supervisor",
            "headcount": 1,
            "weekdays": "0123456",
            "priority": 20,
            "iso_weeks": "52",
        }
    )
    for persona, user in cast.personas().items():
        response = client.post(API, body, content_type="application/json", headers=_bearer(user))
        assert response.status_code == (201 if persona in MANAGERS else 404), persona
        created = StaffingRule.objects.filter(label="Noël")
        assert created.count() == (1 if persona in MANAGERS else 0), persona
        created.delete()
    headers = _bearer(cast.operator_manager)
    control = json.dumps({**json.loads(body), "label": "No\u0000l"})
    response = client.post(API, control, content_type="application/json", headers=headers)
    assert response.status_code == 422  # a control character: refused, never stored
    assert not StaffingRule.objects.filter(scheme=cast.scheme, label__startswith="No").exists()
    response = client.post(API, body, content_type="application/json", headers=headers)
    rule_id = response.json()["id"]
    url = f"{API}/{rule_id}"
    response = client.patch(
        url, json.dumps({"iso_weeks": "52, 99"}), content_type="application/json", headers=headers
    )
    assert response.status_code == 422
    assert "de 1 à 53" in response.json()["detail"]
    assert StaffingRule.objects.get(pk=rule_id).iso_weeks == "52"
    response = client.patch(
        url, json.dumps({"headcount": 2}), content_type="application/json", headers=headers
    )
    assert response.json()["headcount"] == 2
    assert [r["label"] for r in client.get(API, headers=headers).json()].count("Noël") == 1
    assert client.delete(url, headers=_bearer(cast.north_referent)).status_code == 404
    assert client.delete(url, headers=headers).status_code == 204
    assert not StaffingRule.objects.filter(pk=rule_id).exists()
