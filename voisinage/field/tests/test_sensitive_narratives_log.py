"""A sensitive narrative shown (the intervention's page, the API's list and detail) is written in
the log of access to personal data; a narrative that is not sensitive is not."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from voisinage.accounts.services import api_token_create
from voisinage.desk.models import PersonalDataView
from voisinage.field.logbook.services import intervention_record

PARIS = ZoneInfo("Europe/Paris")


def _record(cast, hour, *, sensitive):
    intervention, _created = intervention_record(
        scheme=cast.scheme,
        author=cast.agent,
        started_at=datetime(2026, 3, 3, hour, tzinfo=PARIS),
        origin="patrol",
        entrance=cast.north_entrances[0],
        narrative="Mme Petit, isolée, demande de l'aide.",
        sensitive=sensitive,
    )
    return intervention


def test_a_sensitive_narrative_shown_is_logged_on_the_page_and_in_the_api(cast, client):
    sensitive = _record(cast, 21, sensitive=True)
    plain = _record(cast, 22, sensitive=False)
    client.force_login(cast.supervisor)
    for intervention in (sensitive, plain):
        url = reverse("field:intervention", args=["rivebourg", intervention.pk])
        assert client.get(url).status_code == 200
    lines = PersonalDataView.objects.filter(scheme=cast.scheme)
    assert list(lines.values_list("user", "record", "where")) == [
        (cast.supervisor.pk, f"intervention n° {sensitive.pk}", "field:intervention")
    ]
    _token, raw = api_token_create(user=cast.supervisor, name="t")
    headers = {"authorization": f"Bearer {raw}"}
    base = reverse("api:list_interventions", args=["rivebourg"])
    assert client.get(base, headers=headers).status_code == 200
    assert client.get(f"{base}/{plain.pk}", headers=headers).status_code == 200
    assert client.get(f"{base}/{sensitive.pk}", headers=headers).status_code == 200
    assert sorted(lines.values_list("where", flat=True)) == [
        "api:get_intervention",
        "api:list_interventions",
        "field:intervention",
    ]
    # A partner does not read the sensitive narrative: nothing is logged for them.
    client.force_login(cast.north_referent)
    client.get(reverse("field:intervention", args=["rivebourg", sensitive.pk]))
    assert not lines.filter(user=cast.north_referent).exists()
