"""The settings area: its managers change the scheme through pages whose every change is
logged; bad input is refused in French and changes nothing."""

from __future__ import annotations

from datetime import time

from django.urls import reverse

from voisinage.desk.models import CallNature, DeskSettings
from voisinage.factories import OrganisationFactory, UserFactory, grant, member
from voisinage.reports.models import ReportCategory
from voisinage.schemes.models import Activity, Scheme, ServiceHoursRule, SettingChange
from voisinage.territory.models import Entrance, Neighbourhood


def section(key: str) -> str:
    return reverse("schemes:settings_section", args=["rivebourg", key])


def test_the_index_lists_every_section_and_the_change_log(cast, manager):
    manager.post(section("activites"), {"action": "add", "label": "Veille sociale", "code": ""})
    page = manager.get(reverse("schemes:settings", args=["rivebourg"])).content.decode()
    for title in ("Fiche du dispositif", "Horaires d&#x27;intervention", "Activités", "Quartiers"):
        assert title in page
    assert "Veille sociale" in page  # the change log's line
    line = SettingChange.objects.get(scheme=cast.scheme)
    assert (line.author, line.section, line.subject) == (
        cast.operator_manager,
        "activites",
        "veille-sociale",
    )


def test_an_activity_is_added_renamed_moved_and_retired_never_deleted(cast, manager):
    manager.post(section("activites"), {"action": "preset", "preset": "mons"})
    assert Activity.objects.filter(scheme=cast.scheme).count() == 9
    presence = Activity.objects.get(scheme=cast.scheme, code="presence")
    manager.post(
        section("activites"), {"action": "rename", "entry": presence.pk, "label": "Présence"}
    )
    manager.post(section("activites"), {"action": "down", "entry": presence.pk})
    manager.post(section("activites"), {"action": "retire", "entry": presence.pk})
    presence.refresh_from_db()
    assert presence.label == "Présence"
    assert presence.position == 2
    assert presence.retired_at is not None
    assert Activity.objects.filter(scheme=cast.scheme).count() == 9
    assert SettingChange.objects.filter(scheme=cast.scheme, subject="presence").count() == 4


def test_an_activity_code_used_twice_is_refused_in_french(cast, manager):
    manager.post(section("activites"), {"action": "add", "label": "Veille", "code": "veille"})
    response = manager.post(
        section("activites"), {"action": "add", "label": "Autre veille", "code": "veille"}
    )
    assert response.status_code == 400
    assert "déjà utilisé" in response.content.decode()
    assert Activity.objects.filter(scheme=cast.scheme).count() == 1


def test_the_sheet_change_is_logged_and_an_end_before_the_start_is_refused(cast, manager):
    data = {
        "name": "Rivebourg Tranquillité",
        "description": "",
        "public_phone": "03 81 00 00 00",
        "starts_on": "2024-01-01",
        "ends_on": "",
        "time_zone": "Europe/Paris",
        "holidays_included": "on",
    }
    assert manager.post(section("fiche"), data).status_code == 302
    cast.scheme.refresh_from_db()
    assert cast.scheme.public_phone == "03 81 00 00 00"
    assert SettingChange.objects.filter(after="Rivebourg Tranquillité").exists()
    response = manager.post(section("fiche"), {**data, "name": "X", "ends_on": "2023-01-01"})
    assert response.status_code == 400
    assert "La fin ne peut pas précéder le début" in response.content.decode()
    assert Scheme.objects.get(pk=cast.scheme.pk).name == "Rivebourg Tranquillité"


def hours(**over: str) -> dict[str, object]:
    data: dict[str, object] = {
        "action": "add",
        "start_day": "1",
        "start_month": "6",
        "end_day": "31",
        "end_month": "8",
        "weekdays": ["6"],
        "starts_at": "20:00",
        "ends_at": "02:00",
    }
    return {**data, **over}


def test_hours_that_overlap_are_refused_and_others_added(cast, manager):
    before = ServiceHoursRule.objects.filter(scheme=cast.scheme).count()
    # The cast works Monday to Saturday 18:00–01:00 from April to September.
    response = manager.post(section("horaires"), hours(weekdays=["0"], starts_at="19:00"))
    assert response.status_code == 400
    assert "chevauchent" in response.content.decode()
    assert ServiceHoursRule.objects.filter(scheme=cast.scheme).count() == before
    assert manager.post(section("horaires"), hours()).status_code == 302  # Sundays are free
    response = manager.post(section("horaires"), hours(weekdays=["0"], starts_at="01:00"))
    assert response.status_code == 400  # Sunday 20:00 → Monday 02:00 covers Monday 01:00
    assert ServiceHoursRule.objects.filter(scheme=cast.scheme).count() == before + 1


def test_a_neighbourhood_name_used_twice_is_refused(cast, manager):
    response = manager.post(
        section("quartiers"), {"action": "add", "name": "les prés", "kind": "priority"}
    )
    assert response.status_code == 400
    assert "a déjà un quartier nommé" in response.content.decode()
    assert Neighbourhood.objects.filter(scheme=cast.scheme).count() == 2
    response = manager.post(
        section("quartiers"), {"action": "add", "name": "Les Hauts", "kind": "fragile"}
    )
    assert response.status_code == 302
    assert Neighbourhood.objects.get(scheme=cast.scheme, name="Les Hauts").kind == "fragile"


def test_entrances_are_added_moved_and_retired_and_a_code_used_twice_refused(cast, manager):
    data = {
        "action": "add",
        "code": "hn-1",
        "address": "1 rue Neuve",
        "landlord": cast.north.pk,
        "neighbourhood": cast.pres.pk,
        "dwellings": "4",
    }
    response = manager.post(section("entrees"), data)
    assert response.status_code == 400
    assert "a déjà une entrée de code" in response.content.decode()
    assert manager.post(section("entrees"), {**data, "code": "HN-9"}).status_code == 302
    added = Entrance.objects.get(scheme=cast.scheme, code="HN-9")
    edit = {
        "action": "edit",
        "entrance": added.pk,
        "address": "1 rue Neuve",
        "neighbourhood": cast.centre.pk,
        "dwellings": "4",
    }
    assert manager.post(section("entrees"), edit).status_code == 302
    added.refresh_from_db()
    assert added.neighbourhood == cast.centre
    assert not added.is_active  # the box was not ticked: retired, kept
    assert SettingChange.objects.filter(subject="HN-9").count() == 2


def test_an_entrance_for_an_organisation_that_is_not_a_landlord_is_refused(cast, manager):
    response = manager.post(
        section("entrees"),
        {
            "action": "add",
            "code": "X-1",
            "address": "2 rue Neuve",
            "landlord": cast.city.pk,
            "neighbourhood": cast.pres.pk,
            "dwellings": "1",
        },
    )
    assert response.status_code == 400
    assert not Entrance.objects.filter(code="X-1").exists()


def test_a_cut_off_within_the_service_hours_is_refused(cast, manager):
    response = manager.post(section("appels"), {"action": "cutoff", "cutoff": "21:00"})
    assert response.status_code == 400
    assert "pendant les horaires de service" in response.content.decode()
    assert DeskSettings.objects.get(scheme=cast.scheme).instruction_cutoff == time(17)
    assert (
        manager.post(section("appels"), {"action": "cutoff", "cutoff": "16:30"}).status_code == 302
    )
    assert DeskSettings.objects.get(scheme=cast.scheme).instruction_cutoff == time(16, 30)


def test_call_natures_and_report_categories_are_coded_lists(cast, manager):
    manager.get(section("appels"))
    assert CallNature.objects.filter(scheme=cast.scheme).count() == 12  # the French defaults
    manager.post(section("appels"), {"action": "add", "label": "Chien errant", "code": ""})
    assert CallNature.objects.filter(scheme=cast.scheme, code="chien-errant").exists()
    manager.post(
        section("categories"),
        {"action": "add", "label": "Boîte aux lettres", "code": "", "group": "technical"},
    )
    added = ReportCategory.objects.get(scheme=cast.scheme, code="boite-aux-lettres")
    assert added.group == "technical"


def test_a_manager_of_another_scheme_cannot_change_this_one(cast, client):
    other = OrganisationFactory.create(name="Opérateur B", kind="operator")
    member(cast.other_scheme, other, "operator")
    elsewhere = UserFactory.create(username="manager-b")
    grant(elsewhere, cast.other_scheme, other, "operator_manager")
    client.force_login(elsewhere)
    response = client.post(section("activites"), {"action": "add", "label": "Intrusion"})
    assert response.status_code == 404
    assert not Activity.objects.filter(scheme=cast.scheme).exists()
    assert not SettingChange.objects.exists()


def test_the_change_log_api_answers_the_managers(cast, manager):
    manager.post(section("quartiers"), {"action": "add", "name": "Les Hauts", "kind": "other"})
    data = manager.get(reverse("api:list_setting_changes", args=["rivebourg"])).json()
    assert data["count"] == 1
    assert data["items"][0]["subject"] == "Les Hauts"


def test_a_contract_amount_is_typed_in_euros_the_french_way(cast, manager):
    data = {
        "reference": "Marché 2019",
        "starts_on": "2019-12-01",
        "initial_term_months": "12",
        "renewals": "2",
        "annual_amount_cents": "45 200,00 €",
    }
    refused = manager.post(section("contrat"), {**data, "annual_amount_cents": "quarante"})
    assert refused.status_code == 400
    assert "Saisissez un montant en euros" in refused.content.decode()
    assert not cast.scheme.contracts.exists()
    assert manager.post(section("contrat"), data).status_code == 302
    contract = cast.scheme.contracts.get()
    assert contract.annual_amount_cents == 4_520_000
    assert "45 200 €" in manager.get(section("contrat")).content.decode().replace("\xa0", " ")


def test_a_member_is_added_and_its_organisation_created_when_missing(cast, manager):
    data = {"name": "AG2R La Mondiale", "kind": "company", "role": "funder"}
    assert manager.post(section("membres"), data).status_code == 302
    assert cast.scheme.members.filter(organisation__name="AG2R La Mondiale", role="funder").exists()
    again = manager.post(section("membres"), {**data, "name": "ag2r la mondiale"})
    assert again.status_code == 302  # the same organisation, the same membership
    assert cast.scheme.members.filter(organisation__name__iexact="ag2r la mondiale").count() == 1
