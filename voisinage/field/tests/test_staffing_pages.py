"""Night staffing through the pages and the API: who sees names, who plans, what is shown."""

from datetime import date
from decimal import Decimal

import pytest

from voisinage.accounts.services import api_token_create
from voisinage.field.models import DutyAssignment
from voisinage.field.staffing.services import duty_assign
from voisinage.field.tests.test_staffing import agents, besancon_rules

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = pytest.mark.time_sensitive

STAFFING = "/dispositifs/rivebourg/effectifs/"
PLAN = "/dispositifs/rivebourg/effectifs/planning/"
HOURS = "/dispositifs/rivebourg/effectifs/heures/"
API = "/api/v1/schemes/rivebourg"


def night_url(night):
    return f"/dispositifs/rivebourg/effectifs/nuit/{night.isoformat()}/"


@pytest.fixture
def rota(cast):
    """Week of Monday 16 June 2025: Monday complete (1 + 2); Tuesday one agent short."""
    besancon_rules(cast.scheme)
    team = agents(cast, 3)
    for person in team[:2]:
        duty_assign(
            scheme=cast.scheme, person=person, start=date(2025, 6, 16), position="agent", team="A"
        )
    for person in team:
        duty_assign(
            scheme=cast.scheme, person=person, start=date(2025, 6, 17), position="agent", team="A"
        )
    for night in (date(2025, 6, 16), date(2025, 6, 17)):
        duty_assign(scheme=cast.scheme, person=cast.supervisor, start=night, position="supervisor")
    cast.team = team
    return cast


def bearer(user):
    _token, raw = api_token_create(user=user, name="t")
    return {"authorization": f"Bearer {raw}"}


def test_the_week_shows_the_shortfall_and_the_staff_see_who_is_on_duty(rota, client):
    client.force_login(rota.supervisor)
    page = client.get(STAFFING, {"date": "2025-06-18"}).content.decode()
    assert 'data-night="2025-06-16"' in page
    tuesday = page.split('data-night="2025-06-17"')[1].split("</tr>")[0]
    assert "short" in page.split('data-night="2025-06-17"')[0].rsplit("<tr", 1)[1]
    assert 'data-testid="missing">1<' in tuesday
    assert "3 / 4" in tuesday
    assert "Sonia" in tuesday
    monday = page.split('data-night="2025-06-16"')[1].split("</tr>")[0]
    assert 'data-testid="missing">—<' in monday
    assert 'data-testid="kpi-short-nights">5<' in page  # Tue short, Wed–Sat empty


def test_partners_see_the_levels_but_no_names(rota, client):
    client.force_login(rota.city_officer)
    page = client.get(STAFFING, {"date": "2025-06-18"}).content.decode()
    assert "3 / 4" in page
    assert "Sonia" not in page
    assert "Yanis" not in page
    assert PLAN not in page
    assert client.get(night_url(date(2025, 6, 17))).status_code == 404


def test_the_month_view_lists_every_day_of_the_month(rota, client):
    client.force_login(rota.agent)
    page = client.get(STAFFING, {"vue": "mois", "date": "2025-06-17"}).content.decode()
    assert page.count("data-night=") == 30
    assert PLAN not in page  # agents see the rota, they do not plan it


def test_the_staffing_page_takes_a_fixed_number_of_queries(
    rota, client, django_assert_max_num_queries
):
    client.force_login(rota.supervisor)
    with django_assert_max_num_queries(16):
        response = client.get(STAFFING, {"vue": "mois", "date": "2025-06-17"})
    assert response.status_code == 200


def test_a_supervisor_plans_a_range_of_nights_from_the_page(rota, client):
    client.force_login(rota.supervisor)
    response = client.post(
        PLAN,
        {
            "action": "assign",
            "person": rota.team[2].pk,
            "position": "agent",
            "team": "B",
            "start": "2025-06-18",
            "end": "2025-06-22",
            "weekdays": ["2", "3", "4", "5", "6"],
            "hours": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{STAFFING}?date=2025-06-18"
    nights = set(
        DutyAssignment.objects.filter(user=rota.team[2], team="B").values_list("night", flat=True)
    )
    assert nights == {date(2025, 6, d) for d in (18, 19, 20, 21)}  # not Sunday 22


def test_a_bad_plan_shows_the_error_and_changes_nothing(rota, client):
    client.force_login(rota.supervisor)
    before = DutyAssignment.objects.count()
    response = client.post(
        PLAN,
        {
            "action": "assign",
            "person": rota.team[2].pk,
            "position": "agent",
            "start": "2025-06-22",  # a Sunday
        },
    )
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    response = client.post(
        PLAN, {"action": "assign", "person": rota.north_referent.pk, "start": "2025-06-18"}
    )
    assert response.status_code == 200
    assert DutyAssignment.objects.count() == before


def test_copying_last_week_from_the_page(rota, client):
    client.force_login(rota.supervisor)
    response = client.post(PLAN, {"action": "copy_week", "week": "2025-06-23"})
    assert response.status_code == 302
    assert DutyAssignment.objects.filter(night=date(2025, 6, 24)).count() == 4
    # Copying again adds nothing: everyone is already planned.
    client.post(PLAN, {"action": "copy_week", "week": "2025-06-23"})
    assert DutyAssignment.objects.filter(night__gte=date(2025, 6, 23)).count() == 7


def test_agents_and_partners_cannot_plan(rota, client):
    for user in (rota.agent, rota.north_referent, rota.city_officer):
        client.force_login(user)
        response = client.post(PLAN, {"action": "copy_week", "week": "2025-06-23"})
        assert response.status_code == 404
    assert not DutyAssignment.objects.filter(night__gte=date(2025, 6, 23)).exists()


def test_the_supervisor_corrects_and_removes_on_the_night_page(rota, client):
    client.force_login(rota.supervisor)
    night = date(2025, 6, 17)
    assignment = DutyAssignment.objects.get(night=night, user=rota.team[1])
    prefix = f"a{assignment.pk}"
    response = client.post(
        night_url(night),
        {
            "assignment": assignment.pk,
            "action": "update",
            f"{prefix}-position": "agent",
            f"{prefix}-team": "B",
            f"{prefix}-hours": "5,5",
        },
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.team, assignment.hours) == ("B", Decimal("5.50"))
    bad = client.post(
        night_url(night),
        {
            "assignment": assignment.pk,
            "action": "update",
            f"{prefix}-position": "agent",
            f"{prefix}-team": "B",
            f"{prefix}-hours": "30",
        },
    )
    assert bad.status_code == 200
    assignment.refresh_from_db()
    assert assignment.hours == Decimal("5.50")
    # An assignment of another night cannot be changed through this page.
    other = DutyAssignment.objects.get(night=date(2025, 6, 16), user=rota.team[1])
    response = client.post(night_url(night), {"assignment": other.pk, "action": "remove"})
    assert response.status_code == 404
    response = client.post(night_url(night), {"assignment": assignment.pk, "action": "remove"})
    assert response.status_code == 302
    assert not DutyAssignment.objects.filter(pk=assignment.pk).exists()
    assert DutyAssignment.objects.filter(pk=other.pk).exists()


def test_an_agent_sees_the_night_but_cannot_change_it(rota, client):
    client.force_login(rota.agent)
    night = date(2025, 6, 17)
    page = client.get(night_url(night)).content.decode()
    assert "Sonia" in page
    assert 'name="action" value="remove"' not in page
    assignment = DutyAssignment.objects.get(night=night, user=rota.team[1])
    response = client.post(night_url(night), {"assignment": assignment.pk, "action": "remove"})
    assert response.status_code == 404
    assert DutyAssignment.objects.filter(pk=assignment.pk).exists()


def test_an_impossible_date_is_not_found(rota, client):
    client.force_login(rota.supervisor)
    assert client.get("/dispositifs/rivebourg/effectifs/nuit/2025-02-30/").status_code == 404


def test_the_hours_page_shows_each_person_against_the_basis(rota, client):
    rota.scheme.annual_hours_basis = 1607
    rota.scheme.save()
    client.force_login(rota.operator_manager)
    page = client.get(HOURS, {"annee": "2025"}).content.decode()
    assert 'data-user="sonia"' in page
    assert "1\u202f607" in page or "1 607" in page or "1\xa0607" in page


def test_the_duty_api_lists_a_night_or_a_period(rota, client):
    response = client.get(f"{API}/duty", {"night": "2025-06-17"}, headers=bearer(rota.agent))
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 4
    assert {item["person"]["username"] for item in data["items"]} == {
        "sonia",
        *(u.username for u in rota.team),
    }
    assert data["items"][0]["hours"] == "7.00"
    period = client.get(
        f"{API}/duty", {"from": "2025-06-16", "to": "2025-06-22"}, headers=bearer(rota.agent)
    ).json()
    assert period["count"] == 7
    only_from = client.get(f"{API}/duty", {"from": "2025-06-16"}, headers=bearer(rota.agent))
    assert only_from.status_code == 422
    too_long = client.get(
        f"{API}/duty", {"from": "2025-01-01", "to": "2025-12-31"}, headers=bearer(rota.agent)
    )
    assert too_long.status_code == 422
    partner = client.get(
        f"{API}/duty", {"night": "2025-06-17"}, headers=bearer(rota.north_referent)
    )
    assert partner.status_code == 404


def test_the_staffing_api_gives_required_on_duty_and_missing_per_position(rota, client):
    response = client.get(
        f"{API}/staffing",
        {"from": "2025-06-16", "to": "2025-06-22"},
        headers=bearer(rota.city_officer),
    )
    assert response.status_code == 200
    data = response.json()
    assert (data["from"], data["to"]) == ("2025-06-16", "2025-06-22")
    assert data["nights_with_shortfall"] == 5
    nights = {n["night"]: n for n in data["nights"]}
    tuesday = {p["position"]: p for p in nights["2025-06-17"]["positions"]}
    agent = tuesday["agent"]
    assert (agent["required"], agent["on_duty"], agent["missing"]) == (4, 3, 1)
    assert agent["label"]
    assert nights["2025-06-17"]["missing"] == 1
    assert nights["2025-06-22"]["service"] is False
    assert nights["2025-06-22"]["required"] == 0
    assert nights["2025-06-16"]["starts_at"] == "2025-06-16T16:00:00+00:00"  # 18:00 in Paris


def test_the_hours_api_is_for_the_operators_staff(rota, client):
    rota.scheme.annual_hours_basis = 1607
    rota.scheme.save()
    response = client.get(f"{API}/duty/hours", {"year": 2025}, headers=bearer(rota.supervisor))
    assert response.status_code == 200
    data = response.json()
    assert data["basis"] == 1607
    sonia = next(p for p in data["people"] if p["person"]["username"] == "sonia")
    assert sonia["worked"] == "14.00"
    partner = client.get(f"{API}/duty/hours", headers=bearer(rota.city_officer))
    assert partner.status_code == 404
