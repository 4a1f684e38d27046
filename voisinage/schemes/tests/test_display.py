import re

import pytest
from django.contrib.admin.sites import site
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from voisinage.factories import SchemeFactory
from voisinage.schemes.admin import ActivityAdmin
from voisinage.schemes.models import WEEKDAY_LABELS, Activity, OperatorContract, StaffingRule
from voisinage.schemes.services import activity_referential_apply_preset, activity_retire
from voisinage.schemes.templatetags.voisinage import euros, weekday_names

SPACE = "[\u202f\xa0 ]"  # narrow no-break, no-break or plain space


@pytest.mark.parametrize(
    ("cents", "pattern"),
    [
        (36_840_000, f"368{SPACE}400{SPACE}€"),
        (123_456, f"1{SPACE}234,56{SPACE}€"),
        (6_060_000, f"60{SPACE}600{SPACE}€"),
        (100, f"1{SPACE}€"),
        (5, f"0,05{SPACE}€"),
        (0, f"0{SPACE}€"),
        (123_456_789_00, f"123{SPACE}456{SPACE}789{SPACE}€"),
    ],
)
def test_euros_are_shown_the_french_way(cents, pattern):
    with translation.override("fr"):
        shown = euros(cents)

    assert re.fullmatch(pattern, shown), shown


def test_no_amount_is_shown_as_a_dash():
    assert euros(None) == "—"


def test_the_euros_filter_works_in_a_template():
    template = Template("{% load voisinage %}{{ amount|euros }}")

    with translation.override("fr"):
        shown = template.render(Context({"amount": 36_840_000}))

    assert re.fullmatch(f"368{SPACE}400{SPACE}€", shown), shown


@pytest.mark.parametrize(
    ("value", "days"),
    [
        ("012345", "0-5"),
        ("543210", "0-5"),
        ("0123456", "0-6"),
        ("234", "2-4"),
        ("05", "0,5"),
        ("01", "0,1"),
        ("024", "0,2,4"),
        ("6", "6"),
    ],
)
def test_weekdays_are_named_as_a_range_or_a_list(value, days):
    with translation.override("en"):
        names = [str(label) for label in WEEKDAY_LABELS]
        shown = weekday_names(value)

    if "-" in days:
        first, last = (int(d) for d in days.split("-"))
        assert shown == f"{names[first]} – {names[last]}"
    else:
        assert shown == ", ".join(names[int(d)] for d in days.split(","))


def test_monday_to_saturday_reads_as_a_range_in_english():
    with translation.override("en"):
        assert weekday_names("012345") == "Monday – Saturday"


def test_no_weekday_is_shown_as_a_dash():
    assert weekday_names("") == "—"


def test_the_admin_never_deletes_an_activity(cast, client):
    activity_referential_apply_preset(scheme=cast.scheme, preset="xp-x60-600")
    activity = Activity.objects.get(scheme=cast.scheme, code="presence")
    request = RequestFactory().get("/admin/")
    request.user = cast.admin
    model_admin = ActivityAdmin(Activity, site)

    assert model_admin.has_delete_permission(request) is False
    assert model_admin.has_delete_permission(request, activity) is False
    assert "delete_selected" not in model_admin.get_actions(request)

    client.force_login(cast.admin)
    response = client.post(
        f"/admin/schemes/activity/{activity.pk}/delete/", {"post": "yes"}, follow=False
    )
    assert response.status_code == 403
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_the_admin_retires_and_restores_activities_in_bulk(cast, client):
    activity_referential_apply_preset(scheme=cast.scheme, preset="xp-x60-600")
    chosen = list(
        Activity.objects.filter(scheme=cast.scheme, code__in=["presence", "veille"]).values_list(
            "pk", flat=True
        )
    )
    client.force_login(cast.admin)
    url = "/admin/schemes/activity/"

    client.post(url, {"action": "retire", "_selected_action": chosen})

    assert Activity.objects.filter(pk__in=chosen, retired_at__isnull=False).count() == 2
    assert Activity.objects.filter(scheme=cast.scheme, retired_at__isnull=True).count() == 6

    client.post(url, {"action": "restore", "_selected_action": chosen})

    assert Activity.objects.filter(scheme=cast.scheme, retired_at__isnull=True).count() == 8


SHEET = "/dispositifs/rivebourg/fiche/"


@pytest.mark.parametrize(
    "persona",
    ["supervisor", "agent", "operator_manager", "north_referent", "pres_viewer", "admin"],
)
def test_the_scheme_sheet_is_open_to_everyone_in_the_scheme(cast, client, persona):
    client.force_login(cast.personas()[persona])

    response = client.get(SHEET)

    assert response.status_code == 200
    assert response.context["scheme"] == cast.scheme


@pytest.mark.parametrize("persona", ["other_partner", "nobody"])
def test_the_scheme_sheet_is_hidden_from_outsiders(cast, client, persona):
    client.force_login(cast.personas()[persona])

    assert client.get(SHEET).status_code == 404


def test_the_scheme_sheet_shows_contract_hours_staffing_and_retired_activities(cast, client):
    OperatorContract.objects.create(
        scheme=cast.scheme,
        operator=cast.operator,
        starts_on=cast.scheme.starts_on,
        annual_amount_cents=36_840_000,
    )
    StaffingRule.objects.create(
        scheme=cast.scheme,
        label="Service restreint (été)",
        position="agent",
        headcount=2,
        weekdays="012345",
        date_ranges="25/07-31/07",
    )
    activity_referential_apply_preset(scheme=cast.scheme, preset="mons")
    activity_retire(activity=Activity.objects.get(scheme=cast.scheme, code="information"))
    client.force_login(cast.supervisor)

    response = client.get(SHEET)

    text = response.content.decode()
    assert re.search(f"368{SPACE}400{SPACE}€", text)
    assert "Service restreint (été)" in text
    assert "25/07-31/07" in text
    assert len(response.context["hours_rules"]) == 2
    assert [a.code for a in response.context["activities"]].count("information") == 1
    assert text.count('class="muted">Information') == 1


def test_the_overview_offers_the_import_to_managers_only(cast, client):
    client.force_login(cast.operator_manager)
    manager = client.get("/dispositifs/rivebourg/")
    client.force_login(cast.supervisor)
    supervisor = client.get("/dispositifs/rivebourg/")

    assert manager.context["can_manage"] is True
    assert b"/patrimoine/import/" in manager.content
    assert supervisor.context["can_manage"] is False
    assert b"/patrimoine/import/" not in supervisor.content


def test_a_single_scheme_member_is_taken_straight_to_it_from_home(cast, client):
    client.force_login(cast.north_referent)

    response = client.get("/")

    assert response.status_code == 302
    assert response.url == "/dispositifs/rivebourg/"


def test_an_inactive_scheme_is_hidden(cast, client):
    cast.scheme.is_active = False
    cast.scheme.save()
    client.force_login(cast.supervisor)

    assert client.get(SHEET).status_code == 404


def test_the_administrator_sees_the_sheet_of_any_scheme(cast, client):
    other = SchemeFactory(slug="ailleurs")
    client.force_login(cast.admin)

    assert client.get(f"/dispositifs/{other.slug}/fiche/").status_code == 200
