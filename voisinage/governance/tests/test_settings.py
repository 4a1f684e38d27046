"""Governance as settings: the scheme's managers add, edit, retire and bring back bodies and
keep the operator's attendance quotas through the pages and the API, every change logged; a
quota below zero is refused in French; changing a quota never rewrites past years' compliance."""

from __future__ import annotations

import json

import pytest

from voisinage.accounts.services import api_token_create
from voisinage.governance.compliance import compliance_report
from voisinage.governance.models import AttendanceQuota, Body
from voisinage.governance.tests.matrix import MANAGERS
from voisinage.governance.tests.test_compliance import NOW, year  # noqa: F401
from voisinage.schemes.models import SettingChange

BODIES = "/dispositifs/rivebourg/parametres/instances/"
QUOTAS = "/dispositifs/rivebourg/parametres/quotas/"
API = "/api/v1/schemes/rivebourg/settings"
BODY = {
    "action": "save",
    "name": "Cellule de veille",
    "kind": "watch_unit",
    "description": "",
    "frequency": "months",
    "months": "3, 10",
    "frequency_note": "",
    "default_duration_minutes": "90",
    "minutes_expected": "on",
    "deck_lead_days": "7",
    "deck_reminder_days": "10",
}


@pytest.fixture
def manager(cast, client, clock):
    clock.set(NOW)
    client.force_login(cast.operator_manager)
    return client


def test_a_body_is_added_edited_retired_and_brought_back(cast, gov, manager):
    assert manager.post(BODIES, BODY).status_code == 302
    body = Body.objects.get(scheme=cast.scheme, name="Cellule de veille")
    assert body.month_numbers == (3, 10)
    assert "Cellule de veille" in manager.get(BODIES).content.decode()
    response = manager.post(
        BODIES, {**BODY, "body": body.pk, "frequency": "quarterly", "months": ""}
    )
    assert response.status_code == 302
    manager.post(BODIES, {"action": "retire", "body": body.pk})
    body.refresh_from_db()
    assert (body.frequency, body.is_active) == ("quarterly", False)
    manager.post(BODIES, {"action": "restore", "body": body.pk})
    body.refresh_from_db()
    assert body.is_active
    assert SettingChange.objects.filter(section="instances", subject=body.name).count() == 4


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "comité technique"}, "déjà une instance"),
        ({"months": ""}, "Indiquez les mois"),
        ({"months": "13"}, "de 1 à 12"),
        ({"frequency": "monthly"}, "fréquence « certains mois »"),
    ],
)
def test_a_bad_body_is_refused_in_french_and_changes_nothing(cast, gov, manager, changes, message):
    count = Body.objects.count()
    response = manager.post(BODIES, {**BODY, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Body.objects.count() == count
    assert not SettingChange.objects.exists()


@pytest.mark.parametrize(
    ("minimum", "message"), [("-1", "en dessous de zéro"), ("0", "au moins une réunion")]
)
def test_a_quota_below_one_is_refused_in_french_and_changes_nothing(
    cast, gov, manager, minimum, message
):
    response = manager.post(
        QUOTAS,
        {"action": "save", "quota": gov.quota.pk, "label": "Suivi", "minimum_per_year": minimum},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    gov.quota.refresh_from_db()
    assert (gov.quota.label, gov.quota.minimum_per_year) == ("Instances de suivi", 14)
    response = manager.post(
        QUOTAS,
        {
            "action": "save",
            "label": "Autre",
            "minimum_per_year": minimum,
            "bodies": [gov.steering.pk],
        },
    )
    assert response.status_code == 400
    assert AttendanceQuota.objects.count() == 1
    assert not SettingChange.objects.exists()


@pytest.mark.usefixtures("year")
def test_changing_a_quota_never_rewrites_past_years(cast, gov, manager):
    before_2024 = compliance_report(cast.supervisor, cast.scheme, 2024, now=NOW).quotas[0]
    assert (before_2024.minimum, before_2024.state) == (14, "missed")
    response = manager.post(
        QUOTAS,
        {
            "action": "save",
            "quota": gov.quota.pk,
            "label": "Instances de suivi",
            "minimum_per_year": "5",
        },
    )
    assert response.status_code == 302
    this_year = compliance_report(cast.supervisor, cast.scheme, 2025, now=NOW).quotas[0]
    assert (this_year.minimum, this_year.state) == (5, "met")
    last_year = compliance_report(cast.supervisor, cast.scheme, 2024, now=NOW).quotas[0]
    assert (last_year.minimum, last_year.state) == (14, "missed")
    # A second change the same year keeps 2024's minimum as it was.
    manager.post(
        QUOTAS,
        {
            "action": "save",
            "quota": gov.quota.pk,
            "label": "Instances de suivi",
            "minimum_per_year": "6",
        },
    )
    assert compliance_report(cast.supervisor, cast.scheme, 2024, now=NOW).quotas[0].minimum == 14
    line = SettingChange.objects.filter(section="quotas").first()
    assert (line.before, line.after) == (
        "5 par an (Comité de pilotage, Comité technique)",
        "6 par an (Comité de pilotage, Comité technique)",
    )


@pytest.mark.usefixtures("year")
def test_a_new_quota_counts_from_its_year_and_a_retired_one_until_the_year_before(
    cast, gov, manager
):
    response = manager.post(
        QUOTAS,
        {
            "action": "save",
            "label": "Pilotage",
            "minimum_per_year": "2",
            "bodies": [gov.steering.pk],
        },
    )
    assert response.status_code == 302
    labels = [
        q.label for q in compliance_report(cast.supervisor, cast.scheme, 2025, now=NOW).quotas
    ]
    assert "Pilotage" in labels
    labels = [
        q.label for q in compliance_report(cast.supervisor, cast.scheme, 2024, now=NOW).quotas
    ]
    assert "Pilotage" not in labels
    manager.post(QUOTAS, {"action": "retire", "quota": gov.quota.pk})
    labels = [
        q.label for q in compliance_report(cast.supervisor, cast.scheme, 2025, now=NOW).quotas
    ]
    assert "Instances de suivi" not in labels
    labels = [
        q.label for q in compliance_report(cast.supervisor, cast.scheme, 2024, now=NOW).quotas
    ]
    assert "Instances de suivi" in labels


def _bearer(user) -> dict[str, str]:
    _token, raw = api_token_create(user=user, name="test")
    return {"authorization": f"Bearer {raw}"}


def test_the_api_writes_bodies_and_quotas_for_managers_only(cast, gov, client, clock):
    clock.set(NOW)
    body = json.dumps({"name": "Cellule de veille", "kind": "watch_unit", "frequency": "monthly"})
    for persona, user in cast.personas().items():
        response = client.post(
            f"{API}/bodies", body, content_type="application/json", headers=_bearer(user)
        )
        assert response.status_code == (201 if persona in MANAGERS else 404), persona
        created = Body.objects.filter(name="Cellule de veille")
        assert created.count() == (1 if persona in MANAGERS else 0), persona
        created.delete()
    headers = _bearer(cast.operator_manager)
    quota = json.dumps({"label": "Pilotage", "minimum_per_year": -2, "bodies": [gov.steering.pk]})
    response = client.post(f"{API}/quotas", quota, content_type="application/json", headers=headers)
    assert response.status_code == 422
    assert "en dessous de zéro" in response.json()["detail"]
    assert AttendanceQuota.objects.count() == 1
    url = f"{API}/quotas/{gov.quota.pk}"
    response = client.patch(
        url, json.dumps({"minimum_per_year": 5}), content_type="application/json", headers=headers
    )
    assert response.json()["minimum_per_year"] == 5
    assert compliance_report(cast.supervisor, cast.scheme, 2024, now=NOW).quotas[0].minimum == 14
    response = client.patch(
        f"{API}/bodies/{gov.technical.pk}",
        json.dumps({"frequency": "months", "retired": True}),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422  # months missing: neither change is kept
    gov.technical.refresh_from_db()
    assert gov.technical.is_active
    assert client.get(f"{API}/quotas", headers=_bearer(cast.north_referent)).status_code == 404


def test_a_body_s_invitees_and_a_quota_s_first_year_are_checked_in_french(cast, gov, clock):
    """Invitees outside the scheme's members, or a quota counting from before the scheme began,
    are refused in French and change nothing."""
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from voisinage.governance.services.settings import (
        attendance_quota_add,
        body_add,
        body_update,
    )
    from voisinage.territory.models import Organisation

    clock.set(NOW)
    stranger = Organisation.objects.create(name="Bailleur d'ailleurs", kind="landlord")
    with translation.override("fr"):
        with pytest.raises(ValidationError, match="membres du dispositif"):
            body_add(
                scheme=cast.scheme,
                author=None,
                invitees=[stranger],
                name="Autre",
                kind="other",
                frequency="on_demand",
            )
        with pytest.raises(ValidationError, match="membres du dispositif"):
            body_update(body=gov.steering, author=None, invitees=[cast.operator, stranger])
        with pytest.raises(ValidationError, match="début du dispositif"):
            attendance_quota_add(
                scheme=cast.scheme,
                author=None,
                label="Depuis toujours",
                minimum_per_year=2,
                bodies=[gov.steering],
                counts_from=cast.scheme.starts_on.year - 1,
            )
    assert not Body.objects.filter(name="Autre").exists()
    assert cast.city in gov.steering.usual_invitees.all()
    assert AttendanceQuota.objects.count() == 1
    assert not SettingChange.objects.exists()

    body_update(body=gov.steering, author=None, invitees=[cast.operator, cast.city])
    assert set(gov.steering.usual_invitees.all()) == {cast.operator, cast.city}
    change = SettingChange.objects.get(subject="Comité de pilotage")
    assert cast.north.name in change.before
    assert cast.north.name not in change.after
