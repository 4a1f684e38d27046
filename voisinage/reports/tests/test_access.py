"""Who sees which report. A landlord's referent sees the reports sent to its organisation or
made at its entrances, never another landlord's; scheme-wide grants see them all; a
neighbourhood perimeter sees the reports made in its neighbourhoods, whoever they went to."""

import pytest
from django.core import mail
from django.urls import reverse

from voisinage.lib import clock
from voisinage.reports.models import Report
from voisinage.reports.selectors import night_reports
from voisinage.reports.services import Place, report_answer, report_create
from voisinage.reports.tests.helpers import WEDNESDAY, make_report
from voisinage.tests.test_persona_matrix import param_id

EVERYONE_IN_RIVEBOURG = {
    "supervisor",
    "agent",
    "operator_manager",
    "city_officer",
    "admin",
}


@pytest.fixture
def reports(cast, reporting):
    """One report of each kind: at a north entrance in Les Prés (to Habitat Nord), at a south
    entrance in Centre (to Logis Sud), in a Centre street to the city, a social report at a
    south entrance (to the social services), and one in the other scheme."""
    return {
        "north": make_report(cast, reporting, "ascenseur", entrance=cast.north_entrances[0]).report,
        "south": make_report(cast, reporting, "fuite", entrance=cast.south_entrances[0]).report,
        "street": make_report(
            cast, reporting, "encombrants", place_label="Rue Haute", neighbourhood=cast.centre
        ).report,
        "social": make_report(
            cast, reporting, "personne-vulnerable", entrance=cast.south_entrances[1]
        ).report,
    }


WHO_SEES = {
    # In Les Prés: its neighbourhood perimeters (Quentin, Léa) read it.
    "north": EVERYONE_IN_RIVEBOURG | {"north_referent", "pres_viewer", "north_pres_referent"},
    "south": EVERYONE_IN_RIVEBOURG | {"south_referent", "centre_supervisor"},
    # Sent to the city, in Centre: not for the city's viewer of Les Prés.
    "street": EVERYONE_IN_RIVEBOURG | {"centre_supervisor"},
    "social": EVERYONE_IN_RIVEBOURG | {"south_referent", "centre_supervisor"},
}


@pytest.mark.parametrize("which", sorted(WHO_SEES), ids=param_id)
def test_the_report_page_and_api_answer_only_those_who_see_it(cast, reports, client, which):
    report = reports[which]
    pages = [
        reverse("reports:detail", args=["rivebourg", report.pk]),
        reverse("api:get_report", args=["rivebourg", report.pk]),
    ]
    for persona, user in cast.personas().items():
        client.force_login(user)
        for url in pages:
            expected = 200 if persona in WHO_SEES[which] else 404
            assert client.get(url).status_code == expected, (persona, url)


def test_north_referent_sees_only_reports_sent_to_habitat_nord_or_at_its_entrances(
    cast, reports, client
):
    client.force_login(cast.north_referent)
    listed = client.get("/api/v1/schemes/rivebourg/reports").json()
    assert {i["id"] for i in listed["items"]} == {reports["north"].pk}
    page = client.get(reverse("reports:list", args=["rivebourg"]))
    assert page.context["page"].paginator.count == 1
    # A report sent to Habitat Nord in the street is theirs too.
    from voisinage.reports.services import report_reroute

    report_reroute(report=reports["street"], user=cast.supervisor, recipient=cast.north)
    listed = client.get("/api/v1/schemes/rivebourg/reports").json()
    assert {i["id"] for i in listed["items"]} == {reports["north"].pk, reports["street"].pk}
    assert reports["south"].pk not in {i["id"] for i in listed["items"]}


POSTS = [
    (
        "reports:answer",
        {"answer": "acknowledged"},
        {"north_referent", "north_pres_referent", "admin"},
    ),
    ("reports:close", {}, {"supervisor", "operator_manager", "admin"}),
]


@pytest.mark.parametrize(("name", "data", "allowed"), POSTS, ids=param_id)
def test_actions_on_a_report_as_every_persona(cast, reporting, client, name, data, allowed):
    for persona, user in cast.personas().items():
        report = make_report(cast, reporting, "ascenseur", entrance=cast.north_entrances[0]).report
        client.force_login(user)
        response = client.post(reverse(name, args=["rivebourg", report.pk]), data)
        changed = Report.objects.get(pk=report.pk).status != "sent"
        if persona in allowed:
            assert response.status_code == 302, persona
            assert changed, persona
        else:
            assert response.status_code == 404, persona
            assert not changed, persona


def test_reroute_and_split_are_for_supervisors(cast, reporting, client):
    report = make_report(cast, reporting, "encombrants", place_label="Rue").report
    extra = report_create(
        scheme=cast.scheme,
        author=cast.agent,
        category=reporting.categories["encombrants"],
        description="autre",
        place=Place(place_label="Rue"),
        merge_into=report,
    ).occurrence
    split = reverse("reports:split", args=["rivebourg", report.pk, extra.pk])
    reroute = reverse("reports:reroute", args=["rivebourg", report.pk])
    for user in (cast.agent, cast.city_officer, cast.north_referent):
        client.force_login(user)
        assert client.post(split).status_code == 404
        assert client.post(reroute, {"recipient": cast.north.pk}).status_code == 404
    assert report.occurrences.count() == 2
    client.force_login(cast.supervisor)
    assert client.post(reroute, {"recipient": cast.north.pk, "deadline_days": 3}).status_code == 302
    assert Report.objects.get(pk=report.pk).recipient == cast.north
    assert client.post(split).status_code == 302
    assert report.occurrences.count() == 1


def test_the_list_page_makes_no_query_per_row(
    cast, reporting, client, django_assert_max_num_queries
):
    for _ in range(3):
        for entrance in cast.north_entrances + cast.south_entrances:
            make_report(cast, reporting, "ascenseur", entrance=entrance, at=WEDNESDAY)
    client.force_login(cast.supervisor)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("reports:list", args=["rivebourg"]))
    assert response.context["page"].paginator.count == 15


def test_the_night_selector_gives_reports_made_and_answers_received(cast, reporting):
    from datetime import date

    made = make_report(cast, reporting, "ascenseur", entrance=cast.north_entrances[0]).report
    make_report(cast, reporting, "fuite", entrance=cast.south_entrances[0])
    # Made on 11 June at 22:30: the night of 11 June; the answer given later is not.
    report_answer(report=made, user=cast.north_referent, answer="acknowledged")
    night = night_reports(cast.north_referent, cast.scheme, date(2025, 6, 11))
    assert [r.pk for r in night.created] == [made.pk]
    assert night.answers == []
    everyone = night_reports(cast.supervisor, cast.scheme, date(2025, 6, 11))
    assert len(everyone.created) == 2
    assert night_reports(cast.supervisor, cast.scheme, date(2025, 6, 12)).created == []
    # The answer, given now, is in tonight's list (nights run from 06:00 to 06:00 next day).
    from datetime import timedelta

    from voisinage.reports.tests.helpers import PARIS

    now = clock.now().astimezone(PARIS)
    tonight = now.date() if now.hour >= 6 else now.date() - timedelta(days=1)
    answers = night_reports(cast.north_referent, cast.scheme, tonight).answers
    assert [(a.report_id, a.kind) for a in answers] == [(made.pk, "acknowledged")]
    assert night_reports(cast.south_referent, cast.scheme, tonight).answers == []


def test_a_social_situation_is_described_only_to_the_operator_and_the_recipient(
    cast, reports, client
):
    social = reports["social"]
    url = f"/api/v1/schemes/rivebourg/reports/{social.pk}"
    page = reverse("reports:detail", args=["rivebourg", social.pk])
    for user, shown in [
        (cast.supervisor, True),
        (cast.agent, True),
        (cast.south_referent, False),  # at its entrance, sent to the social services
        (cast.city_officer, False),
    ]:
        client.force_login(user)
        assert (client.get(url).json()["description"] is not None) == shown, user
        assert (b"Constat" in client.get(page).content) == shown, user
    # Other categories are described to everyone who sees them.
    client.force_login(cast.south_referent)
    other = client.get(f"/api/v1/schemes/rivebourg/reports/{reports['south'].pk}").json()
    assert other["description"]


def test_a_social_situation_s_answers_are_read_as_its_description(
    cast, reports, client, django_capture_on_commit_callbacks
):
    """Logis Sud reads the social report made at its entrance, but neither its description nor
    what the social services answered about the person; the supervisors who read it do."""
    from voisinage.factories import UserFactory, grant

    social = reports["social"]
    worker = UserFactory.create(username="assistante", email="as@solidarites.invalid")
    grant(worker, cast.scheme, social.recipient, "partner_referent")
    with django_capture_on_commit_callbacks(execute=True):
        report_answer(
            report=social,
            user=worker,
            answer="acknowledged",
            comment="Mme Z. sera vue demain à domicile.",
        )
    page = reverse("reports:detail", args=["rivebourg", social.pk])
    api = reverse("api:get_report", args=["rivebourg", social.pk])
    for user, shown in (
        (cast.south_referent, False),
        (cast.city_officer, False),
        (cast.centre_supervisor, True),
        (worker, True),
    ):
        client.force_login(user)
        assert ("Mme Z." in client.get(page).content.decode()) == shown, user
        history = client.get(api).json()["history"]
        comments = [e["comment"] for e in history if e["kind"] == "acknowledged"]
        assert comments == (["Mme Z. sera vue demain à domicile."] if shown else [None]), user
    # The supervisors told of the answer read it; Centre's supervisor too (LS-2 is in Centre).
    told = sorted(m.to[0] for m in mail.outbox if "Mme Z." in m.body)
    assert told == sorted(
        [cast.supervisor.email, cast.operator_manager.email, cast.centre_supervisor.email]
    )


def test_a_neighbourhood_perimeter_reads_no_report_outside_its_neighbourhoods(
    cast, reporting, client, django_capture_on_commit_callbacks
):
    """Léa works for Habitat Nord in Les Prés: a report sent to Habitat Nord at HN-3 (Centre) is
    neither listed, nor shown, nor e-mailed to her; Hélène gets all three."""
    with django_capture_on_commit_callbacks(execute=True):
        report = make_report(cast, reporting, "ascenseur", entrance=cast.north_entrances[2]).report
    assert [m.to for m in mail.outbox] == [[cast.north_referent.email]]
    client.force_login(cast.north_pres_referent)
    assert client.get(reverse("reports:detail", args=["rivebourg", report.pk])).status_code == 404
    listed = client.get(reverse("api:list_reports", args=["rivebourg"])).json()
    assert listed["count"] == 0
