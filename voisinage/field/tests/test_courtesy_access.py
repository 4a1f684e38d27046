"""Who sees and does what with courtesy visits: the persona matrix of every route naming a
campaign (page and API, session and bearer token) and the tenant-name rule."""

import pytest

from voisinage.accounts.services import api_token_create
from voisinage.desk.models import PersonalDataView
from voisinage.factories import UserFactory, grant
from voisinage.field.courtesy.selectors import sees_tenant_names
from voisinage.field.models import CourtesyVisit, Intervention
from voisinage.field.tests.test_courtesy import with_visits

OPERATOR_STAFF = {"supervisor", "agent", "operator_manager", "admin"}
# Scheme-wide grants see every campaign; a landlord's referent its own landlord's.
SEES_NORTH = OPERATOR_STAFF | {"north_referent", "city_officer"}
SEES_SOUTH = OPERATOR_STAFF | {"south_referent", "city_officer"}
NAMES_NORTH = OPERATOR_STAFF | {"north_referent"}


@pytest.fixture
def campaigns(cast):
    north = with_visits(cast, name="Nord")
    south = with_visits(cast, landlord=cast.south, rows=[("LS-1", "2", "M. Sud", "")], name="Sud")
    cast.north_campaign, cast.south_campaign = north, south
    return cast


def page(campaign, suffix=""):
    return f"/dispositifs/rivebourg/visites-courtoisie/{campaign.pk}/{suffix}"


def api(campaign, suffix=""):
    return f"/api/v1/schemes/rivebourg/courtesy-campaigns/{campaign.pk}{suffix}"


def bearer(user):
    _token, raw = api_token_create(user=user, name="t")
    return {"authorization": f"Bearer {raw}"}


@pytest.mark.parametrize(
    ("which", "allowed"), [("north_campaign", SEES_NORTH), ("south_campaign", SEES_SOUTH)]
)
def test_the_campaign_page_and_api_as_every_persona(campaigns, client, which, allowed):
    campaign = getattr(campaigns, which)
    for persona, user in campaigns.personas().items():
        expected = 200 if persona in allowed else 404
        client.force_login(user)
        assert client.get(page(campaign)).status_code == expected, persona
        assert client.get(api(campaign)).status_code == expected, persona
        client.logout()
        assert client.get(api(campaign), headers=bearer(user)).status_code == expected, persona


@pytest.mark.parametrize(
    ("which", "allowed"),
    [
        ("north_campaign", {"north_referent", "admin"}),
        ("south_campaign", {"south_referent", "admin"}),
    ],
)
def test_only_the_landlords_referent_manages_the_dwellings(campaigns, client, which, allowed):
    campaign = getattr(campaigns, which)
    for persona, user in campaigns.personas().items():
        client.force_login(user)
        assert client.get(page(campaign, "logements/")).status_code == (
            200 if persona in allowed else 404
        ), persona
        response = client.post(
            page(campaign, "logements/"),
            {"action": "add", "entrance": "HN-3", "dwelling": f"x-{persona}"},
        )
        assert response.status_code in ((200, 302) if persona in allowed else (404,)), persona
    # HN-3 is Habitat Nord's: only added to its own campaign, by those allowed.
    added = set(
        campaign.visits.filter(dwelling__startswith="x-").values_list("dwelling", flat=True)
    )
    assert added == ({f"x-{p}" for p in allowed} if which == "north_campaign" else set())


def test_only_the_operators_staff_record_an_outcome(campaigns, client):
    campaign = campaigns.north_campaign
    visit = campaign.visits.order_by("pk").first()
    for persona, user in campaigns.personas().items():
        client.force_login(user)
        response = client.post(page(campaign, f"visites/{visit.pk}/issue/"), {"outcome": "met"})
        assert response.status_code == (302 if persona in OPERATOR_STAFF else 404), persona
        client.logout()
        response = client.post(
            api(campaign, f"/visits/{visit.pk}/outcome"),
            {"outcome": "absent"},
            content_type="application/json",
            headers=bearer(user),
        )
        assert response.status_code == (200 if persona in OPERATOR_STAFF else 404), persona
    visit.refresh_from_db()
    assert visit.outcome == "absent"
    assert visit.visited_by == campaigns.admin  # the last operator-side caller


def test_a_visit_is_reached_only_through_its_own_campaign(campaigns, client):
    south_visit = campaigns.south_campaign.visits.get()
    client.force_login(campaigns.agent)
    url = page(campaigns.north_campaign, f"visites/{south_visit.pk}/issue/")
    assert client.post(url, {"outcome": "met"}).status_code == 404
    south_visit.refresh_from_db()
    assert south_visit.outcome == "to_visit"


def test_getting_the_outcome_route_is_not_allowed(campaigns, client):
    visit = campaigns.north_campaign.visits.first()
    client.force_login(campaigns.agent)
    response = client.get(page(campaigns.north_campaign, f"visites/{visit.pk}/issue/"))
    assert response.status_code == 405


def test_each_landlord_sees_only_its_campaigns_in_the_list(campaigns, client):
    url = "/api/v1/schemes/rivebourg/courtesy-campaigns"
    seen = {}
    for persona, user in campaigns.personas().items():
        response = client.get(url, headers=bearer(user))
        seen[persona] = (
            sorted(c["name"] for c in response.json()["items"])
            if response.status_code == 200
            else None
        )
    assert seen["north_referent"] == ["Nord"]
    assert seen["south_referent"] == ["Sud"]
    assert seen["pres_viewer"] == []
    assert seen["city_officer"] == ["Nord", "Sud"]
    assert seen["agent"] == ["Nord", "Sud"]
    assert seen["other_partner"] is None
    assert seen["nobody"] is None
    client.force_login(campaigns.north_referent)
    listing = client.get("/dispositifs/rivebourg/visites-courtoisie/").content.decode()
    assert "Nord" in listing
    assert ">Sud<" not in listing
    client.force_login(campaigns.pres_viewer)
    listing = client.get("/dispositifs/rivebourg/visites-courtoisie/").content.decode()
    assert 'data-campaign="' not in listing


def test_tenant_names_only_for_the_operators_staff_and_the_landlord_concerned(campaigns, client):
    campaign = campaigns.north_campaign
    for persona in SEES_NORTH:
        user = campaigns.personas()[persona]
        shown = persona in NAMES_NORTH
        assert sees_tenant_names(user, campaign) is shown, persona
        client.force_login(user)
        html = client.get(page(campaign)).content.decode()
        assert ("M. Durand" in html) is shown, persona
        data = client.get(api(campaign)).json()
        names = {v["tenant_name"] for v in data["visits"]}
        assert (names == {"M. Durand", "Mme Petit", "Famille Roux", ""}) is shown, persona
        # Names shown are in the log of access to personal data, page and API; none otherwise.
        logged = PersonalDataView.objects.filter(user=user).values_list("where", "person")
        expected = {
            (where, name)
            for where in ("field:courtesy_campaign", "api:get_courtesy_campaign")
            for name in ("M. Durand", "Mme Petit", "Famille Roux")
        }
        assert set(logged) == (expected if shown else set()), persona
        if not shown:
            assert names == {None}
            assert data["progress"]["total"] == 4  # the counts, not the names
    # The south referent sees the names of its own campaign, not of the north's.
    assert sees_tenant_names(campaigns.south_referent, campaigns.south_campaign)


def test_a_viewer_of_the_landlord_sees_its_tenants_names(campaigns):
    viewer = UserFactory.create(username="north-viewer")
    grant(viewer, campaigns.scheme, campaigns.north, "partner_viewer", perimeter="landlord")
    assert sees_tenant_names(viewer, campaigns.north_campaign)
    # …but cannot add dwellings: only a referent acts for the landlord.
    from voisinage.field.courtesy.selectors import campaign_landlords

    assert campaign_landlords(viewer, campaigns.scheme) == []


def test_a_landlord_creates_campaigns_only_for_itself(campaigns, client):
    client.force_login(campaigns.north_referent)
    new = "/dispositifs/rivebourg/visites-courtoisie/nouvelle/"
    response = client.post(
        new,
        {"landlord": campaigns.south.pk, "name": "Pour un autre", "starts_on": "2025-06-01"},
    )
    assert response.status_code == 200  # the form refuses the choice
    response = client.post(
        new, {"landlord": campaigns.north.pk, "name": "Juillet", "starts_on": "2025-07-01"}
    )
    assert response.status_code == 302
    created = campaigns.north.courtesy_campaigns.get(name="Juillet")
    assert created.created_by == campaigns.north_referent
    assert response["Location"] == page(created, "logements/")
    client.force_login(campaigns.city_officer)
    assert client.get(new).status_code == 404


def test_the_api_refuses_an_unknown_outcome_with_a_clear_error(campaigns, client):
    visit = campaigns.north_campaign.visits.first()
    response = client.post(
        api(campaigns.north_campaign, f"/visits/{visit.pk}/outcome"),
        {"outcome": "gone"},
        content_type="application/json",
        headers=bearer(campaigns.agent),
    )
    assert response.status_code == 422
    assert response.json()["detail"]
    visit.refresh_from_db()
    assert visit.outcome == "to_visit"
    assert not Intervention.objects.exists()
    assert CourtesyVisit.objects.filter(intervention__isnull=False).count() == 0
