from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from voisinage.field.logbook.services import intervention_record, intervention_update
from voisinage.field.models import Intervention, InterventionStatus

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = pytest.mark.time_sensitive

PARIS = ZoneInfo("Europe/Paris")
RECORD = "/dispositifs/rivebourg/main-courante/saisir/"
LOGBOOK = "/dispositifs/rivebourg/main-courante/"


def form_data(cast, **over):
    data = {
        "started_at": "2025-06-14T23:10",
        "entrance_code": "HN-1",
        "origin": "phone_call",
        "behaviour": ["bruit"],
        "actions": ["dialogue"],
        "activities": ["conflits"],
        "agents": [str(cast.agent.pk)],
        "adults": "2",
        "young_people": "0",
        "minors": "0",
        "result": "resolved",
        "climate": "green",
        "narrative": "Musique forte au 3e, baissée après échange.",
        "idempotency_key": "form-key-1",
    }
    data.update(over)
    return data


def test_the_recording_form_works_without_javascript_and_never_twice(codes, client):
    client.force_login(codes.agent)
    assert client.get(RECORD).status_code == 200
    first = client.post(RECORD, form_data(codes))
    assert first.status_code == 302
    again = client.post(RECORD, form_data(codes))  # the same form submitted twice
    assert again.status_code == 302
    assert first["Location"] == again["Location"]
    intervention = Intervention.objects.get()
    assert intervention.night.isoformat() == "2025-06-14"
    assert intervention.origin == "phone_call"
    assert [c.code for c in intervention.situations.all()] == ["bruit"]


def test_a_bad_form_shows_its_errors_and_records_nothing(codes, client):
    client.force_login(codes.agent)
    response = client.post(
        RECORD, form_data(codes, entrance_code="NOPE", ended_at="2025-06-14T22:00")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"entrance_code", "ended_at"}
    assert Intervention.objects.count() == 0


def test_partners_cannot_open_the_recording_page(codes, client):
    for user in (codes.city_officer, codes.north_referent, codes.other_partner):
        client.force_login(user)
        assert client.get(RECORD).status_code == 404
        assert client.post(RECORD, form_data(codes)).status_code == 404
    assert Intervention.objects.count() == 0


def make(codes, **over):
    values = {
        "scheme": codes.scheme,
        "author": codes.agent,
        "started_at": datetime(2025, 6, 14, 23, 0, tzinfo=PARIS),
        "origin": "patrol",
        "entrance": codes.north_entrances[0],
        "narrative": "Rien à signaler.",
    }
    values.update(over)
    return intervention_record(**values)[0]


def test_the_night_list_follows_the_perimeter(codes, client):
    make(codes)
    make(codes, entrance=codes.south_entrances[0])
    client.force_login(codes.north_referent)
    page = client.get(LOGBOOK, {"nuit": "2025-06-14"}).content.decode()
    assert codes.north_entrances[0].address in page
    assert codes.south_entrances[0].address not in page
    client.force_login(codes.supervisor)
    page = client.get(LOGBOOK, {"nuit": "2025-06-14"}).content.decode()
    assert codes.south_entrances[0].address in page


def test_the_supervisor_validates_and_the_entry_is_locked_for_agents(codes, client):
    intervention = make(codes)
    client.force_login(codes.supervisor)
    response = client.post(f"{LOGBOOK}{intervention.pk}/valider/")
    assert response.status_code == 302
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.VALIDATED
    client.force_login(codes.agent)
    response = client.post(
        f"{LOGBOOK}{intervention.pk}/modifier/",
        form_data(codes, version=str(intervention.version), narrative="Modifié"),
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    intervention.refresh_from_db()
    assert intervention.narrative == "Rien à signaler."


def test_agents_and_partners_cannot_validate(codes, client):
    intervention = make(codes)
    for user in (codes.agent, codes.city_officer):
        client.force_login(user)
        assert client.post(f"{LOGBOOK}{intervention.pk}/valider/").status_code == 404
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.RECORDED


def test_every_change_is_kept_in_the_history_with_who_and_what(codes, client):
    intervention = make(codes)
    intervention_update(
        intervention=intervention,
        user=codes.supervisor,
        can_supervise=True,
        narrative="Précisé",
        climate="orange",
    )
    changes = list(intervention.changes.order_by("at", "pk"))
    assert [c.action for c in changes] == ["created", "edited"]
    assert changes[1].user == codes.supervisor
    assert changes[1].changes["narrative"] == ["Rien à signaler.", "Précisé"]
    assert changes[1].changes["climate"] == ["", "orange"]
    client.force_login(codes.supervisor)
    page = client.get(f"{LOGBOOK}{intervention.pk}/").content.decode()
    assert "Sonia" in page


def test_a_stale_edit_is_refused_and_changes_nothing(codes):
    intervention = make(codes)
    intervention_update(
        intervention=intervention, user=codes.agent, can_supervise=False, narrative="v2"
    )
    with translation.override("en"), pytest.raises(ValidationError, match=r"changed this"):
        intervention_update(
            intervention=intervention,
            user=codes.agent,
            can_supervise=False,
            expected_version=1,
            narrative="v3 from an old screen",
        )
    intervention.refresh_from_db()
    assert intervention.narrative == "v2"


def test_validating_the_night_validates_only_recorded_entries_of_that_night(codes, client):
    make(codes)
    make(codes, started_at=datetime(2025, 6, 15, 0, 30, tzinfo=PARIS))  # same night
    make(codes, started_at=datetime(2025, 6, 16, 21, 0, tzinfo=PARIS))  # next night
    client.force_login(codes.supervisor)
    client.post(f"{LOGBOOK}valider-la-nuit/", {"nuit": "2025-06-14"})
    statuses = dict(Intervention.objects.values_list("night", "status").order_by("night"))
    assert Intervention.objects.filter(status="validated").count() == 2
    assert str(statuses[datetime(2025, 6, 16).date()]) == "recorded"


def test_a_sensitive_narrative_is_not_shown_to_partners_on_the_page(codes, client):
    intervention = make(codes, sensitive=True, narrative="Nom et état de santé")
    client.force_login(codes.north_referent)
    page = client.get(f"{LOGBOOK}{intervention.pk}/").content.decode()
    assert "Nom et état de santé" not in page
    client.force_login(codes.supervisor)
    assert "Nom et état de santé" in client.get(f"{LOGBOOK}{intervention.pk}/").content.decode()


def test_the_night_list_costs_a_fixed_number_of_queries(
    codes, client, django_assert_max_num_queries
):
    for _ in range(12):
        make(codes)
    client.force_login(codes.supervisor)
    with django_assert_max_num_queries(25):
        response = client.get(LOGBOOK, {"nuit": "2025-06-14"})
    assert response.status_code == 200


def test_on_a_day_without_service_the_logbook_opens_on_the_last_night_with_one(codes, client):
    from datetime import date as day

    from voisinage.field.logbook.views import current_night

    # Rivebourg works Monday to Saturday (Besançon's hours); whatever today is, the default
    # night is one with a shift, and at most a week back.
    night = current_night(codes.scheme)
    from voisinage.schemes.selectors import scheme_service_hours

    assert scheme_service_hours(codes.scheme).shift_for(night) is not None
    assert night.weekday() != 6
    assert (day.today() - night).days <= 8


def test_a_phone_card_leaves_out_the_fields_a_passage_left_empty(codes, client):
    """On a phone each row is a card: a patrol passage with nothing found shows no
    « Constaté : — · Réalisé : — · Résultat : — · Climat : — » (cells marked empty, hidden by
    the stylesheet), a coded intervention keeps its fields."""
    client.force_login(codes.supervisor)
    client.post(RECORD, form_data(codes))
    intervention_record(
        scheme=codes.scheme,
        author=codes.agent,
        started_at=datetime(2025, 6, 14, 22, 0, tzinfo=PARIS),
        origin="patrol",
        entrance=codes.north_entrances[1],
    )
    page = client.get(LOGBOOK, {"nuit": "2025-06-14"}).content.decode()
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("</tr>")
    passage = next(r for r in rows if "Veille" in r)
    coded = next(r for r in rows if "Appel téléphonique" in r)
    assert passage.count('class="empty"') == 4
    assert 'class="empty"' not in coded
