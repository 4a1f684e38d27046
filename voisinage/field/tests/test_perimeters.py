"""Field pages and forms within partial perimeters: a supervisor of one neighbourhood, a
landlord's member in some neighbourhoods, the city's viewer of one neighbourhood."""

from datetime import date

from django.contrib.messages import ERROR, SUCCESS
from django.urls import reverse

from voisinage.field.models import PatrolPlanEntry
from voisinage.field.patrols.services import patrol_plan_create


def _march(cast):
    return patrol_plan_create(
        scheme=cast.scheme,
        month=date(2026, 3, 1),
        neighbourhood_ids=[cast.pres.pk, cast.centre.pk],
        weekly_target=3,
        created_by=cast.supervisor,
        today=date(2026, 2, 20),
    )


def levels(response):
    return [m.level for m in response.context["messages"]]


def test_centre_s_supervisor_plans_only_centre(cast, client):
    plan = _march(cast)
    client.force_login(cast.centre_supervisor)
    page = client.get(reverse("field:patrol_plan", args=["rivebourg", "2026-03"]))
    assert page.status_code == 200
    # The entrances it may add, the neighbourhoods shown and offered: Centre's only.
    assert sorted(e.code for e in page.context["entrances"]) == ["HN-3", "LS-1", "LS-2"]
    assert page.context["neighbourhoods"] == [cast.centre]
    assert list(page.context["all_neighbourhoods"]) == [cast.centre]
    text = page.content.decode()
    assert "HN-1" not in text
    assert "Les Prés" not in text
    edit = reverse("field:patrol_plan_edit", args=["rivebourg", "2026-03"])
    pres_entry = plan.entries.filter(neighbourhood=cast.pres).first()
    centre_entry = plan.entries.filter(neighbourhood=cast.centre).first()
    # A passage of Les Prés is unknown to it; one of Centre it removes.
    response = client.post(
        edit, {"action": "remove", "version": 1, "entries": [pres_entry.pk]}, follow=True
    )
    assert levels(response) == [ERROR]
    assert PatrolPlanEntry.objects.filter(pk=pres_entry.pk).exists()
    response = client.post(
        edit,
        {"action": "add", "version": 1, "night": "2026-03-05", "entrance": "HN-1"},
        follow=True,
    )
    assert levels(response) == [ERROR]
    response = client.post(
        edit, {"action": "remove", "version": 1, "entries": [centre_entry.pk]}, follow=True
    )
    assert levels(response) == [SUCCESS]
    # The whole plan (publish, regenerate) and a new plan: a supervisor of the whole scheme.
    assert client.post(edit, {"action": "publish", "version": 2}).status_code == 404
    assert client.get(reverse("field:patrol_plan_new", args=["rivebourg"])).status_code == 404


def test_a_plan_s_neighbourhoods_are_read_within_the_perimeter(cast, client):
    _march(cast)
    client.force_login(cast.pres_viewer)
    plans = client.get(reverse("api:patrol_plans", args=["rivebourg"])).json()["items"]
    assert [n["name"] for n in plans[0]["neighbourhoods"]] == ["Les Prés"]
    one = client.get(reverse("api:patrol_plan", args=["rivebourg", "2026-03"])).json()
    assert [n["name"] for n in one["neighbourhoods"]] == ["Les Prés"]
    assert {e["entrance"]["code"] for e in one["entries"]} <= {"HN-1", "HN-2"}
    page = client.get(reverse("field:patrols", args=["rivebourg"])).content.decode()
    assert "Centre" not in page


def test_the_logbook_form_offers_the_recorder_s_neighbourhoods(cast, client):
    client.force_login(cast.centre_supervisor)
    form = client.get(reverse("field:record", args=["rivebourg"])).context["form"]
    assert list(form.fields["neighbourhood"].queryset) == [cast.centre]
    client.force_login(cast.supervisor)
    form = client.get(reverse("field:record", args=["rivebourg"])).context["form"]
    assert set(form.fields["neighbourhood"].queryset) == {cast.pres, cast.centre}


def test_a_landlord_s_member_in_some_neighbourhoods_makes_no_campaign(cast, client):
    """A campaign spans the landlord's stock, which Léa (Les Prés only) does not read."""
    client.force_login(cast.north_pres_referent)
    url = reverse("field:courtesy_campaign_new", args=["rivebourg"])
    assert client.get(url).status_code == 404
    client.force_login(cast.north_referent)
    assert client.get(url).status_code == 200


def test_tenants_names_are_read_through_a_grant_that_reads_the_campaign(cast):
    from voisinage.factories import UserFactory, grant
    from voisinage.field.courtesy.selectors import sees_tenant_names
    from voisinage.field.courtesy.services import courtesy_campaign_create

    campaign = courtesy_campaign_create(
        scheme=cast.scheme,
        landlord=cast.north,
        name="Présentation",
        starts_on=date(2026, 3, 1),
        created_by=cast.north_referent,
    )
    # The city's referent (reads every campaign) who also works for Habitat Nord in Les Prés
    # (a grant that reads no campaign): the names stay hidden.
    both = UserFactory.create(username="double")
    grant(both, cast.scheme, cast.city, "partner_referent")
    grant(both, cast.scheme, cast.north, "partner_viewer", "neighbourhoods", [cast.pres])
    assert not sees_tenant_names(both, campaign)
    assert sees_tenant_names(cast.north_referent, campaign)
    assert sees_tenant_names(cast.agent, campaign)
    assert not sees_tenant_names(cast.city_officer, campaign)
