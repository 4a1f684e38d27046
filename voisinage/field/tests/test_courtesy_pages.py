"""Courtesy visits through the pages: the landlord's upload, the one-tap outcome (with and
without htmx), progress, and the campaign list."""

from django.core.files.uploadedfile import SimpleUploadedFile

from voisinage.field.models import Intervention
from voisinage.field.tests.test_courtesy import csv_bytes, make_campaign, with_visits, xlsx_bytes

LIST = "/dispositifs/rivebourg/visites-courtoisie/"


def page(campaign, suffix=""):
    return f"{LIST}{campaign.pk}/{suffix}"


def upload(client, campaign, data, name):
    return client.post(
        page(campaign, "logements/"),
        {"action": "upload", "file": SimpleUploadedFile(name, data)},
    )


def test_the_landlord_uploads_a_file_from_the_page(cast, client):
    campaign = make_campaign(cast)
    client.force_login(cast.north_referent)
    data = xlsx_bytes([("HN-1", 1, "M. Vert", ""), ("HN-2", 2, "", "Interphone en panne")])
    response = upload(client, campaign, data, "liste.xlsx")
    assert response.status_code == 302
    assert campaign.visits.count() == 2
    listing = client.get(page(campaign, "logements/")).content.decode()
    assert "M. Vert" in listing
    assert "Interphone en panne" in listing


def test_a_bad_upload_lists_the_problems_and_adds_nothing(cast, client):
    campaign = with_visits(cast)
    client.force_login(cast.north_referent)
    data = csv_bytes([("HN-1", "99", "", ""), ("LS-2", "1", "", ""), ("HN-1", "", "", "")])
    response = upload(client, campaign, data, "liste.csv")
    assert response.status_code == 200
    html = response.content.decode()
    problems = html.split('data-testid="import-problems"')[1].split("</ul>")[0]
    assert problems.count("<li>") == 2
    assert "LS-2" in problems
    assert campaign.visits.count() == 4


def test_the_landlord_removes_a_dwelling_not_yet_visited(cast, client):
    campaign = with_visits(cast)
    client.force_login(cast.north_referent)
    target = campaign.visits.get(dwelling="3")
    response = client.post(page(campaign, "logements/"), {"action": "remove", "visit": target.pk})
    assert response.status_code == 302
    assert not campaign.visits.filter(pk=target.pk).exists()
    # A visit of another campaign is not reachable from this one.
    other = with_visits(cast, landlord=cast.south, rows=[("LS-1", "1", "", "")], name="Sud")
    foreign = other.visits.get()
    response = client.post(page(campaign, "logements/"), {"action": "remove", "visit": foreign.pk})
    assert response.status_code == 404
    assert other.visits.filter(pk=foreign.pk).exists()


def test_one_tap_with_htmx_swaps_the_row_and_the_progress(cast, client):
    campaign = with_visits(cast)
    visit = campaign.visits.get(dwelling="11")
    client.force_login(cast.agent)
    response = client.post(
        page(campaign, f"visites/{visit.pk}/issue/"),
        {"outcome": "met"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="v{visit.pk}"')
    assert 'data-outcome="met"' in html
    assert 'hx-swap-oob="true"' in html
    assert 'data-done="1"' in html
    visit.refresh_from_db()
    assert visit.outcome == "met"
    assert visit.intervention.origin == "courtesy_visit"


def test_one_tap_without_javascript_goes_back_to_the_entrance(cast, client):
    campaign = with_visits(cast)
    visit = campaign.visits.get(dwelling="21")
    client.force_login(cast.supervisor)
    response = client.post(page(campaign, f"visites/{visit.pk}/issue/"), {"outcome": "refused"})
    assert response.status_code == 302
    assert response["Location"] == f"{page(campaign)}#e{visit.entrance_id}"
    visit.refresh_from_db()
    assert visit.outcome == "refused"


def test_a_bad_tap_shows_an_error_in_the_row_and_records_nothing(cast, client):
    campaign = with_visits(cast)
    visit = campaign.visits.get(dwelling="11")
    client.force_login(cast.agent)
    response = client.post(
        page(campaign, f"visites/{visit.pk}/issue/"),
        {"outcome": "to_visit"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not Intervention.objects.exists()


def test_the_campaign_page_groups_by_entrance_and_filters_what_remains(cast, client):
    campaign = with_visits(cast)
    client.force_login(cast.agent)
    for dwelling in ("11", "12"):
        visit = campaign.visits.get(dwelling=dwelling)
        client.post(page(campaign, f"visites/{visit.pk}/issue/"), {"outcome": "met"})
    html = client.get(page(campaign)).content.decode()
    assert html.count('data-testid="entrance"') == 2
    assert 'data-testid="percent-done">50' in html
    remaining = client.get(page(campaign), {"reste": "1"}).content.decode()
    assert remaining.count('data-testid="entrance"') == 1
    assert 'data-code="HN-2"' in remaining


def test_the_campaign_page_takes_a_fixed_number_of_queries(
    cast, client, django_assert_max_num_queries
):
    campaign = with_visits(
        cast, rows=[(f"HN-{1 + i % 3}", str(i), f"Locataire {i}", "") for i in range(40)]
    )
    client.force_login(cast.agent)
    with django_assert_max_num_queries(14):
        response = client.get(page(campaign))
    assert response.content.decode().count('data-testid="visit"') == 40


def test_the_list_shows_each_campaigns_progress(cast, client, django_assert_max_num_queries):
    for i in range(4):
        with_visits(cast, name=f"Campagne {i}")
    client.force_login(cast.city_officer)
    with django_assert_max_num_queries(12):
        html = client.get(LIST).content.decode()
    assert html.count("data-campaign=") == 4
    assert 'data-testid="campaign-percent">0' in html
    assert "/visites-courtoisie/nouvelle/" not in html  # the city creates no campaign


def test_a_landlord_referent_is_offered_to_create_a_campaign(cast, client):
    client.force_login(cast.south_referent)
    html = client.get(LIST).content.decode()
    assert "/visites-courtoisie/nouvelle/" in html
    form = client.get(f"{LIST}nouvelle/").content.decode()
    assert "Logis Sud" in form
    assert "Habitat Nord" not in form
