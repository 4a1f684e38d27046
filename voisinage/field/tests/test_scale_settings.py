"""The results and climate levels worded, ordered and retired per scheme: the settings pages
and API (the scheme's managers, every change logged), the wording shown wherever a result or a
climate is shown, a retired level refused when recording; bad input refused in French."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from voisinage.accounts.services import api_token_create
from voisinage.field.logbook import scale_settings
from voisinage.field.logbook.models import Scale, ScaleLabel
from voisinage.field.logbook.scales import scale_labels
from voisinage.field.logbook.services import intervention_record
from voisinage.field.models import Intervention
from voisinage.schemes.models import SettingChange

PARIS = ZoneInfo("Europe/Paris")
API = "/api/v1/schemes/rivebourg/settings/scales"
RECORD = "/api/v1/schemes/rivebourg/interventions"


def section(key: str) -> str:
    return reverse("schemes:settings_section", args=["rivebourg", key])


def bearer(user) -> dict[str, str]:
    _token, raw = api_token_create(user=user, name="test")
    return {"authorization": f"Bearer {raw}"}


def fresh(scheme):
    """The scheme's wording read again (as the next request would)."""
    scheme.refresh_from_db()
    return scale_labels(type(scheme).objects.get(pk=scheme.pk))


def record(cast, **over):
    data = {
        "scheme": cast.scheme,
        "author": cast.agent,
        "origin": "patrol",
        "started_at": datetime(2025, 6, 14, 23, tzinfo=PARIS),
        "entrance": cast.north_entrances[0],
    }
    return intervention_record(**{**data, **over})[0]


def test_a_scheme_without_rows_has_the_default_wording_in_one_query(
    cast, django_assert_num_queries
):
    with django_assert_num_queries(1):
        wording = scale_labels(cast.scheme)
        again = scale_labels(cast.scheme)  # kept for the request
    assert again is wording
    assert [lv.code for lv in wording.levels[Scale.RESULT]] == [
        "resolved",
        "partly_resolved",
        "not_resolved",
        "handed_over",
    ]
    assert wording.label(Scale.CLIMATE, "green") == "Vert — calme"
    assert wording.rated(Scale.CLIMATE)


def test_a_level_is_worded_moved_retired_and_brought_back_through_the_page(cast, manager):
    page = manager.get(section("resultats")).content.decode()
    assert "Réglé" not in page
    assert "Résolu" in page
    assert "aucun n’est ajouté" in page  # the intro says why no result is added
    response = manager.post(
        section("resultats"), {"action": "rename", "entry": "resolved", "label": "Réglé sur place"}
    )
    assert response.status_code == 302
    manager.post(section("resultats"), {"action": "up", "entry": "handed_over"})
    manager.post(section("resultats"), {"action": "retire", "entry": "partly_resolved"})
    wording = fresh(cast.scheme)
    assert [(lv.code, lv.label, lv.retired) for lv in wording.levels[Scale.RESULT]] == [
        ("resolved", "Réglé sur place", False),
        ("partly_resolved", "Partiellement résolu", True),
        ("handed_over", "Transmis", False),
        ("not_resolved", "Non résolu", False),
    ]
    assert [lv.code for lv in wording.offered(Scale.RESULT)] == [
        "resolved",
        "handed_over",
        "not_resolved",
    ]
    manager.post(section("resultats"), {"action": "restore", "entry": "partly_resolved"})
    assert not fresh(cast.scheme).levels[Scale.RESULT][1].retired
    lines = SettingChange.objects.filter(scheme=cast.scheme, section="resultats")
    assert lines.count() == 4
    assert lines.filter(subject="resolved", after="Réglé sur place").exists()
    # The climate levels were not touched.
    assert not ScaleLabel.objects.filter(scale=Scale.CLIMATE).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "rename", "entry": "resolved", "label": "   "}, "Indiquez un libellé"),
        ({"action": "rename", "entry": "resolved", "label": "non RÉSOLU"}, "déjà dans cette liste"),
        ({"action": "rename", "entry": "excellent", "label": "Top"}, "n’est pas un niveau"),
        ({"action": "retire", "entry": "purple"}, "n’est pas un niveau"),
    ],
)
def test_bad_wording_is_refused_in_french_and_changes_nothing(cast, manager, data, message):
    response = manager.post(section("resultats"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ScaleLabel.objects.exists()
    assert not SettingChange.objects.exists()


def test_the_last_level_in_use_is_not_retired(cast):
    author = cast.operator_manager
    for code in ("green", "yellow", "orange"):
        scale_settings.scale_level_retire(
            scheme=cast.scheme, author=author, scale=Scale.CLIMATE, code=code
        )
    count = SettingChange.objects.count()
    with pytest.raises(ValidationError, match="au moins un niveau"):
        scale_settings.scale_level_retire(
            scheme=cast.scheme, author=author, scale=Scale.CLIMATE, code="red"
        )
    assert [lv.code for lv in fresh(cast.scheme).offered(Scale.CLIMATE)] == ["red"]
    assert SettingChange.objects.count() == count
    with pytest.raises(ValidationError, match="Seul le climat"):
        scale_settings.scale_switch(
            scheme=cast.scheme, author=author, scale=Scale.RESULT, rated=False
        )


def test_a_retired_level_is_refused_when_recording_but_kept_where_it_was(cast, client):
    done = record(cast, result="partly_resolved", climate="orange")
    scale_settings.scale_level_retire(
        scheme=cast.scheme, author=cast.operator_manager, scale=Scale.RESULT, code="partly_resolved"
    )
    scale_settings.scale_level_rename(
        scheme=cast.scheme,
        author=cast.operator_manager,
        scale=Scale.RESULT,
        code="partly_resolved",
        label="À moitié",
    )
    count = Intervention.objects.count()
    # The API refuses it in French and writes nothing.
    body = {
        "started_at": "2025-06-14T22:30:00Z",
        "entrance_id": cast.north_entrances[0].pk,
        "result": "partly_resolved",
    }
    response = client.post(
        RECORD, json.dumps(body), content_type="application/json", headers=bearer(cast.agent)
    )
    assert response.status_code == 422
    assert "« À moitié » est retiré" in response.json()["detail"]
    # The web form does not offer it and refuses it.
    client.force_login(cast.agent)
    url = reverse("field:record", args=["rivebourg"])
    form = client.get(url).content.decode()
    assert 'value="partly_resolved"' not in form
    assert 'value="resolved"' in form
    response = client.post(
        url,
        {
            "started_at": "2025-06-14T23:30",
            "entrance_code": cast.north_entrances[0].code,
            "origin": "patrol",
            "adults": 0,
            "young_people": 0,
            "minors": 0,
            "result": "partly_resolved",
        },
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert Intervention.objects.count() == count
    # What was recorded keeps its level and shows the scheme's label; its edit keeps it.
    detail = client.get(reverse("field:intervention", args=["rivebourg", done.pk])).content
    assert "À moitié" in detail.decode()
    edit = client.get(reverse("field:edit", args=["rivebourg", done.pk])).content.decode()
    assert 'value="partly_resolved"' in edit


def test_a_scheme_that_does_not_rate_the_climate_is_not_asked_for_it(cast, client):
    scale_settings.scale_switch(
        scheme=cast.scheme, author=cast.operator_manager, scale=Scale.CLIMATE, rated=False
    )
    with pytest.raises(ValidationError) as refused:
        record(cast, climate="green")
    assert "ne note pas le climat" in str(refused.value)
    client.force_login(cast.agent)
    form = client.get(reverse("field:record", args=["rivebourg"])).content.decode()
    assert 'name="climate"' not in form
    lists = client.get("/api/v1/schemes/rivebourg/field-codes").json()
    assert lists["climates"] == []
    assert lists["climate_rated"] is False
    assert record(cast, result="resolved").climate == ""


def test_the_api_words_and_switches_the_scales_all_or_nothing(cast, client):
    headers = bearer(cast.operator_manager)

    def patch(url, body):
        return client.patch(url, json.dumps(body), content_type="application/json", headers=headers)

    response = patch(f"{API}/climate/green", {"label": "Calme", "move": 1})
    assert response.status_code == 200, response.content
    levels = response.json()["levels"]
    assert [lv["code"] for lv in levels[:2]] == ["yellow", "green"]
    assert levels[1]["label"] == "Calme"
    assert levels[1]["default_label"] == "Vert — calme"
    for code in ("green", "yellow", "orange"):
        assert patch(f"{API}/climate/{code}", {"retired": True}).status_code == 200
    # A rename that would succeed and a retirement refused: neither is kept.
    response = patch(f"{API}/climate/red", {"label": "Tout rouge", "retired": True})
    assert response.status_code == 422
    assert "au moins un niveau" in response.json()["detail"]
    climate = client.get(API, headers=headers).json()[1]
    red = next(lv for lv in climate["levels"] if lv["code"] == "red")
    assert (red["label"], red["retired"]) == ("Rouge — incident grave", False)
    response = patch(f"{API}/result/excellent", {"label": "Top"})
    assert response.status_code == 422
    assert "n’est pas un niveau" in response.json()["detail"]
    assert patch(f"{API}/climate", {"rated": False}).json()["rated"] is False
    response = patch(f"{API}/result", {"rated": False})
    assert response.status_code == 422
    assert "Seul le climat" in response.json()["detail"]
    changes = SettingChange.objects.filter(scheme=cast.scheme, section="niveaux-climat")
    assert changes.count() == 6  # label, move, three retirements, the switch
    for persona in ("agent", "supervisor", "north_referent"):
        assert client.get(API, headers=bearer(getattr(cast, persona))).status_code == 404


def test_the_wording_read_with_the_codes_is_the_wording_read_alone(codes, client):
    """Recording reads the scheme's wording in the query of its codes (UNION ALL): the same
    levels, labels, order, retirements and switched-off scale as the wording's own read, and
    the codes' rows without the wording's."""
    from django.db.models import Q

    from voisinage.field.logbook.code_rows import code_rows_query

    scheme, manager = codes.scheme, codes.operator_manager
    scale_settings.scale_level_rename(
        scheme=scheme, author=manager, scale=Scale.RESULT, code="resolved", label="Réglé"
    )
    scale_settings.scale_level_retire(
        scheme=scheme, author=manager, scale=Scale.RESULT, code="handed_over"
    )
    scale_settings.scale_switch(scheme=scheme, author=manager, scale=Scale.CLIMATE, rated=False)
    alone = fresh(scheme)
    together = type(scheme).objects.get(pk=scheme.pk)
    rows = code_rows_query(
        together, Q(code="presence"), Q(code__in=["dialogue", "bruit"]), scales=True
    )
    assert sorted((row[1], row[3]) for row in rows) == [
        ("bruit", "behaviour"),
        ("dialogue", "action"),
        ("presence", ""),
    ]
    with_codes = scale_labels(together)  # kept by the codes' query: no query of its own
    assert with_codes == alone
    assert with_codes.label(Scale.RESULT, "resolved") == "Réglé"
    assert [lv.code for lv in with_codes.offered(Scale.RESULT)] == [
        "resolved",
        "partly_resolved",
        "not_resolved",
    ]
    assert not with_codes.rated(Scale.CLIMATE)
    # Through the API, with codes: the retired level is refused, nothing written.
    count = Intervention.objects.count()
    body = {
        "started_at": "2025-06-14T22:30:00Z",
        "entrance_id": codes.north_entrances[0].pk,
        "actions": ["dialogue"],
        "result": "handed_over",
    }
    response = client.post(
        RECORD, json.dumps(body), content_type="application/json", headers=bearer(codes.agent)
    )
    assert response.status_code == 422
    assert "est retiré" in response.json()["detail"]
    assert Intervention.objects.count() == count
