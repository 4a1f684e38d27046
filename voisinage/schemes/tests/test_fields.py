"""Mediation fields as data: the fields a scheme serves and the one each activity serves, set
through the settings area (page and API, managers only, logged), refused in French when wrong,
and interventions counted by field."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from voisinage.field.logbook.services import intervention_record
from voisinage.field.models import Origin
from voisinage.schemes import services
from voisinage.schemes.models import Activity, MediationField, SettingChange
from voisinage.schemes.tests.settings_walk import call, refused, walk

PARIS = ZoneInfo("Europe/Paris")


def _codes(scheme):
    return sorted(scheme.fields.values_list("code", flat=True))


def test_the_installation_starts_with_four_fields(db):
    """Loaded by migration; put back by the services that need them if the database was
    emptied since (a transactional test, a flush before the demo)."""
    MediationField.objects.filter(code="education").delete()
    services.mediation_fields_ensure()
    services.mediation_fields_ensure()
    assert list(MediationField.objects.values_list("code", flat=True)) == [
        "public-tranquillity",
        "education",
        "access-to-rights",
        "transport",
    ]


def test_a_daytime_template_serves_three_fields_and_gives_each_activity_one(cast):
    scheme = services.scheme_create(
        creator=cast.admin,
        shape="daytime-mediation",
        name="Quartier de jour",
        slug="quartier-de-jour",
        operator_id=cast.operator.pk,
        starts_on=date(2026, 1, 1),
    )
    assert _codes(scheme) == ["access-to-rights", "education", "public-tranquillity"]
    fields = dict(Activity.objects.filter(scheme=scheme).values_list("code", "field__code"))
    assert fields["presence"] == "public-tranquillity"
    assert fields["institutions"] == "access-to-rights"
    assert fields["information"] == "education"


def test_bad_fields_are_refused_in_french_and_change_nothing(cast):
    scheme = cast.scheme
    services.scheme_fields_set(scheme=scheme, author=cast.admin, codes=["education"])
    activity = services.activity_create(scheme=scheme, code="soutien", label="Soutien")
    services.activity_field_set(activity=activity, author=cast.admin, code="education")
    with pytest.raises(ValidationError, match="Domaine d'intervention inconnu"):
        services.scheme_fields_set(scheme=scheme, author=cast.admin, codes=["sport"])
    with pytest.raises(ValidationError, match="Soutien"):
        services.scheme_fields_set(scheme=scheme, author=cast.admin, codes=["transport"])
    with pytest.raises(ValidationError, match="ne couvre pas"):
        services.activity_field_set(activity=activity, author=cast.admin, code="transport")
    assert _codes(scheme) == ["education"]
    assert Activity.objects.get(pk=activity.pk).field.code == "education"


def test_the_page_sets_the_fields_for_managers_and_logs_them(cast, client):
    url = reverse("schemes:settings_section", args=["rivebourg", services.FIELDS])
    client.force_login(cast.city_officer)
    assert client.get(url).status_code == 404
    client.force_login(cast.operator_manager)
    page = client.get(url)
    assert page.status_code == 200
    assert "Accès aux droits et aux services" in page.content.decode()
    response = client.post(
        url, {"action": "fields", "fields_served": ["education", "access-to-rights"]}
    )
    assert response.status_code == 302
    assert _codes(cast.scheme) == ["access-to-rights", "education"]
    line = SettingChange.objects.get(scheme=cast.scheme, section=services.FIELDS)
    assert line.after == "Éducation, Accès aux droits et aux services"
    activity = services.activity_create(scheme=cast.scheme, code="ecole", label="École")
    client.post(url, {"action": "activity", "activity": activity.pk, "field": "education"})
    assert Activity.objects.get(pk=activity.pk).field.code == "education"
    bad = client.post(url, {"action": "activity", "activity": activity.pk, "field": "transport"})
    assert bad.status_code == 400
    assert "ne couvre pas" in bad.content.decode()
    assert Activity.objects.get(pk=activity.pk).field.code == "education"


def test_the_api_sets_fields_all_or_nothing_for_managers_only(cast, client):
    url = reverse("api:set_scheme_fields", args=["rivebourg"])
    activity = services.activity_create(scheme=cast.scheme, code="ecole", label="École")
    body = {"served": ["education"], "activities": {"ecole": "education"}}
    walk(
        cast,
        client,
        [("PUT", url, body, lambda: _codes(cast.scheme) == ["education"])],
    )
    assert Activity.objects.get(pk=activity.pk).field.code == "education"
    detail = refused(
        client,
        cast.operator_manager,
        "PUT",
        url,
        {"served": ["education", "transport"], "activities": {"inconnue": "transport"}},
    )
    assert "Activité inconnue" in detail
    assert _codes(cast.scheme) == ["education"]  # the fields were not changed either
    data = call(client, cast.operator_manager, "GET", url).json()
    assert data["served"] == [{"code": "education", "label": "Éducation"}]
    assert {"code": "ecole", "label": "École", "field": "education"} in data["activities"]


def test_interventions_are_counted_by_field(cast, client):
    scheme = cast.scheme
    services.scheme_fields_set(
        scheme=scheme, author=cast.admin, codes=["education", "access-to-rights"]
    )
    school = services.activity_create(scheme=scheme, code="ecole", label="École")
    desk = services.activity_create(scheme=scheme, code="guichet", label="Guichet")
    services.activity_field_set(activity=school, author=cast.admin, code="education")
    services.activity_field_set(activity=desk, author=cast.admin, code="access-to-rights")
    night = date(2026, 3, 3)
    for hour, activities in ((19, [school.pk]), (20, [school.pk]), (21, [desk.pk]), (22, [])):
        intervention_record(
            scheme=scheme,
            author=cast.agent,
            entrance=cast.north_entrances[0],
            started_at=datetime.combine(night, time(hour), tzinfo=PARIS),
            origin=Origin.PATROL,
            activity_ids=activities,
        )
    client.force_login(cast.city_officer)
    for query in ("from=2026-03-01&to=2026-03-31", "from=2026-03-03&to=2026-03-05"):
        data = client.get(
            reverse("api:indicators", args=["rivebourg"]) + f"?{query}&group_by=field"
        ).json()
        groups = next(i for i in data["items"] if i["code"] == "interventions")["groups"]
        counts = {g["label"]: g["value"] for g in groups}
        assert counts == {
            "Éducation": 2,
            "Accès aux droits et aux services": 1,
            "Sans activité renseignée": 1,
        }, query
