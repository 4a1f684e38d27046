"""The supervisor's pages: create a plan, look at it week by week, edit it, publish it; the
navigation; query counts of the list pages."""

from datetime import date

import pytest
from django.contrib.messages import ERROR, SUCCESS
from django.urls import reverse

from voisinage.factories import EntranceFactory
from voisinage.field.models import PatrolPlan, PatrolPlanEntry, PlanStatus
from voisinage.field.patrols.calendar import add_months, current_night, month_label
from voisinage.field.patrols.services import patrol_plan_create
from voisinage.navigation import scheme_entries
from voisinage.schemes.selectors import scheme_service_hours

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = [pytest.mark.time_sensitive, pytest.mark.usefixtures("english")]


def levels(response):
    return [m.level for m in response.context["messages"]]


@pytest.fixture
def march(cast):
    plan = patrol_plan_create(
        scheme=cast.scheme,
        month=date(2026, 3, 1),
        neighbourhood_ids=[cast.pres.pk, cast.centre.pk],
        weekly_target=3,
        created_by=cast.supervisor,
        today=date(2026, 2, 20),
    )
    cast.plan = plan
    cast.edit_url = reverse("field:patrol_plan_edit", args=["rivebourg", "2026-03"])
    cast.plan_url = reverse("field:patrol_plan", args=["rivebourg", "2026-03"])
    return cast


def test_the_supervisor_creates_a_plan_from_the_form(cast, client):
    client.force_login(cast.supervisor)
    url = reverse("field:patrol_plan_new", args=["rivebourg"])
    form = client.get(url)
    following = add_months(current_night(scheme_service_hours(cast.scheme)).replace(day=1), 1)
    assert form.context["form"].initial["month"] == month_label(following)
    response = client.post(
        url,
        {
            "month": month_label(following),
            "neighbourhoods": [cast.pres.pk, cast.centre.pk],
            "weekly_target": 4,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "field:patrol_plan", args=["rivebourg", month_label(following)]
    )
    plan = PatrolPlan.objects.get(scheme=cast.scheme, month=following)
    assert (plan.weekly_target, plan.status, plan.created_by) == (4, "draft", cast.supervisor)
    assert plan.entries.exists()


def test_a_wrong_form_changes_nothing_and_says_why(cast, client):
    client.force_login(cast.supervisor)
    url = reverse("field:patrol_plan_new", args=["rivebourg"])
    response = client.post(url, {"month": "mars", "weekly_target": 0})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"month", "neighbourhoods", "weekly_target"}
    assert not PatrolPlan.objects.exists()
    # A month that is over cannot be planned any more.
    past = client.post(
        url, {"month": "2020-03", "neighbourhoods": [cast.pres.pk], "weekly_target": 2}
    )
    assert "month" in past.context["form"].errors
    assert not PatrolPlan.objects.exists()
    month = month_label(current_night(scheme_service_hours(cast.scheme)))
    client.post(url, {"month": month, "neighbourhoods": [cast.pres.pk], "weekly_target": 2})
    again = client.post(url, {"month": month, "neighbourhoods": [cast.pres.pk], "weekly_target": 2})
    assert again.status_code == 200
    assert "month" in again.context["form"].errors
    assert PatrolPlan.objects.count() == 1


def test_the_plan_page_shows_one_week_at_a_time(march, client):
    client.force_login(march.city_officer)
    response = client.get(march.plan_url, {"semaine": "2026-W11"})
    assert response.context["week"].label == "2026-W11"
    nights = [nl.night for nl in response.context["lists"]]
    assert nights
    assert all(date(2026, 3, 9) <= n <= date(2026, 3, 14) for n in nights)
    assert [w.label for w in response.context["weeks"]] == [
        "2026-W10",
        "2026-W11",
        "2026-W12",
        "2026-W13",
        "2026-W14",
    ]
    assert response.context["weeks"][1].entrances == 3
    assert not response.context["editable"]
    assert b"entries-form" not in response.content


def post(client, march, **data):
    return client.post(march.edit_url, data, follow=True)


def test_the_supervisor_edits_the_draft_and_a_stale_page_is_refused(march, client):
    client.force_login(march.supervisor)
    entry = march.plan.entries.filter(night=date(2026, 3, 3)).first()
    response = post(client, march, action="move", version=1, entries=[entry.pk], night="2026-03-05")
    assert levels(response) == [SUCCESS]
    assert PatrolPlanEntry.objects.get(pk=entry.pk).night == date(2026, 3, 5)
    # A second tab still shows version 1: its change is refused, nothing moves.
    response = post(client, march, action="move", version=1, entries=[entry.pk], night="2026-03-06")
    assert levels(response) == [ERROR]
    assert "Quelqu'un d'autre a modifié ce planning" in str(
        next(iter(response.context["messages"]))
    )
    assert PatrolPlanEntry.objects.get(pk=entry.pk).night == date(2026, 3, 5)
    response = post(
        client, march, action="add", version=2, night="2026-03-05", entrance="LS-2", team="B"
    )
    assert levels(response) == [SUCCESS]
    assert march.plan.entries.filter(night=date(2026, 3, 5), entrance__code="LS-2").exists()
    response = post(client, march, action="add", version=3, night="2026-03-05", entrance="ZZ-9")
    assert levels(response) == [ERROR]
    response = post(client, march, action="remove", version=3, entries=[entry.pk])
    assert levels(response) == [SUCCESS]
    assert not PatrolPlanEntry.objects.filter(pk=entry.pk).exists()
    response = post(client, march, action="publish", version=4)
    assert levels(response) == [SUCCESS]
    march.plan.refresh_from_db()
    assert (march.plan.status, march.plan.version) == (PlanStatus.PUBLISHED, 5)
    assert response.context["editable"] is False
    # Published: locked until reopened.
    other = march.plan.entries.first()
    response = post(client, march, action="remove", version=5, entries=[other.pk])
    assert levels(response) == [ERROR]
    assert PatrolPlanEntry.objects.filter(pk=other.pk).exists()
    response = post(client, march, action="reopen", version=5)
    assert levels(response) == [SUCCESS]
    response = post(
        client,
        march,
        action="regenerate",
        version=6,
        weekly_target=2,
        neighbourhoods=[march.pres.pk],
    )
    assert levels(response) == [SUCCESS]
    march.plan.refresh_from_db()
    assert (march.plan.status, march.plan.weekly_target, march.plan.version) == ("draft", 2, 7)
    response = post(client, march, action="explode", version=7)
    assert levels(response) == [ERROR]
    response = post(client, march, action="publish")
    assert levels(response) == [ERROR]


def test_navigation_sends_agents_to_tonight_and_supervisors_to_the_plans(cast):
    def entries(user):
        return {
            e.label: e.view_name
            for e in scheme_entries(user, cast.scheme)
            if e.label in ("Patrols", "Coverage")
        }

    assert entries(cast.agent) == {"Patrols": "field:patrol_tonight", "Coverage": "field:coverage"}
    assert entries(cast.supervisor) == {"Patrols": "field:patrols", "Coverage": "field:coverage"}
    assert entries(cast.north_referent) == {
        "Patrols": "field:patrols",
        "Coverage": "field:coverage",
    }
    assert entries(cast.other_partner) == entries(cast.north_referent)  # never shown: no scheme


def test_the_plans_list_makes_a_fixed_number_of_queries(
    cast, client, django_assert_max_num_queries
):
    for month in range(1, 13):
        plan = PatrolPlan.objects.create(
            scheme=cast.scheme,
            month=date(2025, month, 1),
            weekly_target=3,
            created_by=cast.supervisor,
        )
        plan.neighbourhoods.set([cast.pres, cast.centre])
        for entrance in cast.north_entrances:
            PatrolPlanEntry.objects.create(plan=plan, night=date(2025, month, 3), entrance=entrance)
    client.force_login(cast.north_referent)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("field:patrols", args=["rivebourg"]))
    assert [p.visible_entries for p in response.context["page"]] == [3] * 12
    with django_assert_max_num_queries(12):
        data = client.get(reverse("api:patrol_plans", args=["rivebourg"])).json()
    assert data["count"] == 12
    assert data["items"][0]["month"] == "2025-12"


def test_the_plan_page_makes_a_fixed_number_of_queries(
    march, client, django_assert_max_num_queries
):
    for i in range(30):
        entrance = EntranceFactory.create(
            neighbourhood=march.pres, landlord=march.north, code=f"HN-P{i:02d}"
        )
        PatrolPlanEntry.objects.create(
            plan=march.plan, night=date(2026, 3, 3 + i % 4), entrance=entrance
        )
    client.force_login(march.supervisor)
    with django_assert_max_num_queries(25):
        response = client.get(march.plan_url, {"semaine": "2026-W10"})
    assert sum(nl.total for nl in response.context["lists"]) >= 30
