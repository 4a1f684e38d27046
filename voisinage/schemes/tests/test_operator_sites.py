"""Several operators in one scheme, each with its sites (ADR 0048): a site is held by one
operator at a time (refused in French, nothing changed); an operator's people see only the sites
it holds, through the one access mechanism; an operator with no site listed keeps the whole
scheme; the « Opérateurs et sites » section and its API are for managers of the whole scheme."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from voisinage.accounts.access import grants_for, holds_whole_scheme, readers
from voisinage.accounts.models import Membership, OperatorSite
from voisinage.lib import clock as lib_clock
from voisinage.schemes import services
from voisinage.schemes.models import SettingChange
from voisinage.schemes.tests.settings_walk import call, refused, walk
from voisinage.territory.models import Entrance, Neighbourhood
from voisinage.tests.pdf import pdf_text


def _codes(user):
    return sorted(Entrance.objects.visible_to(user).values_list("code", flat=True))


def test_a_site_held_by_another_operator_for_the_same_period_is_refused_in_french(cast, relais):
    today = lib_clock.today()
    logged = SettingChange.objects.count()
    with pytest.raises(ValidationError) as refusal:
        services.operator_site_add(
            scheme=cast.scheme,
            author=cast.operator_manager,
            operator_id=cast.operator.pk,
            neighbourhood_id=cast.centre.pk,
            starts_on=today + timedelta(days=30),
        )
    assert "déjà tenu par Relais Centre" in " ".join(refusal.value.messages)
    assert OperatorSite.objects.filter(operator=cast.operator).count() == 0
    assert SettingChange.objects.count() == logged
    # Once Relais Centre gives it up, Médiateurs Unis may hold it from the next day.
    site = OperatorSite.objects.get(operator=relais.operator)
    services.operator_site_end(site=site, author=cast.operator_manager, last_day=today)
    taken = services.operator_site_add(
        scheme=cast.scheme,
        author=cast.operator_manager,
        operator_id=cast.operator.pk,
        neighbourhood_id=cast.centre.pk,
        starts_on=today + timedelta(days=1),
    )
    assert taken.ends_on is None
    assert SettingChange.objects.filter(section=services.SITES).count() == 3


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"operator_id": "north"}, "Choisissez un des opérateurs du dispositif."),
        ({"neighbourhood_id": "other"}, "Choisissez un des quartiers du dispositif."),
        ({"ends_on": -1}, "Le dernier jour ne peut pas précéder le premier."),
        ({"weekly_patrol_target": -1}, "supérieure ou égale à 0"),
    ],
)
def test_bad_sites_are_refused_in_french_and_change_nothing(cast, relais, change, message):
    values = {
        "operator_id": relais.operator.pk,
        "neighbourhood_id": cast.pres.pk,
        "starts_on": lib_clock.today(),
        "ends_on": None,
    }
    if change.get("operator_id") == "north":
        values["operator_id"] = cast.north.pk
    if change.get("neighbourhood_id") == "other":
        values["neighbourhood_id"] = Neighbourhood.objects.get(scheme=cast.other_scheme).pk
    if change.get("ends_on") == -1:
        values["ends_on"] = lib_clock.today() - timedelta(days=1)
    if "weekly_patrol_target" in change:
        values["weekly_patrol_target"] = change["weekly_patrol_target"]
    with pytest.raises(ValidationError) as refusal:
        services.operator_site_add(scheme=cast.scheme, author=None, **values)
    assert message in " ".join(refusal.value.messages)
    assert OperatorSite.objects.count() == 1


def test_an_operators_people_see_only_its_sites_and_the_sole_operator_keeps_everything(
    cast, relais
):
    assert _codes(relais.supervisor) == ["HN-3", "LS-1", "LS-2"]
    assert _codes(relais.manager) == ["HN-3", "LS-1", "LS-2"]
    assert not holds_whole_scheme(relais.manager, cast.scheme.pk, "can_manage")
    # Médiateurs Unis lists no site: its people keep the whole scheme, as before.
    assert _codes(cast.supervisor) == ["HN-1", "HN-2", "HN-3", "LS-1", "LS-2"]
    # The other direction agrees: who reads an entrance of Les Prés.
    hn1 = Entrance.objects.get(code="HN-1")
    assert relais.supervisor not in readers(hn1)
    assert cast.supervisor in readers(hn1)
    assert relais.supervisor in readers(Entrance.objects.get(code="LS-1"))
    # A site given up from a date: from the next day its people see nothing of it.
    site = OperatorSite.objects.get(operator=relais.operator)
    services.operator_site_end(site=site, author=None, last_day=lib_clock.today())
    tomorrow = lib_clock.today() + timedelta(days=1)
    (grant,) = grants_for(relais.supervisor, on=tomorrow)
    assert grant.neighbourhood_ids == frozenset()
    (grant,) = grants_for(relais.supervisor, on=lib_clock.today())
    assert grant.neighbourhood_ids == {cast.centre.pk}


def test_an_operator_b_supervisor_gets_404_on_operator_as_entrance(cast, relais, client):
    client.force_login(relais.supervisor)
    hn1 = Entrance.objects.get(code="HN-1")
    page = client.get(reverse("territory:entrances", args=["rivebourg"]))
    assert b"LS-1" in page.content
    assert b"HN-1" not in page.content
    api = client.get(reverse("api:list_entrances", args=["rivebourg"])).json()
    assert sorted(e["code"] for e in api["items"]) == ["HN-3", "LS-1", "LS-2"]
    assert hn1.pk not in {e["id"] for e in api["items"]}


def test_operator_bs_supervisor_reads_only_the_logbook_of_its_site(cast, relais, client):
    from voisinage.field.logbook.services import intervention_record

    made = {}
    for code in ("HN-1", "LS-1"):
        made[code], _created = intervention_record(
            scheme=cast.scheme,
            author=cast.supervisor,
            started_at=lib_clock.now() - timedelta(hours=2),
            origin="patrol",
            entrance=Entrance.objects.get(code=code),
        )
    client.force_login(relais.supervisor)
    listed = client.get(reverse("api:list_interventions", args=["rivebourg"])).json()
    assert [i["id"] for i in listed["items"]] == [made["LS-1"].pk]
    one = "api:get_intervention"
    assert client.get(reverse(one, args=["rivebourg", made["LS-1"].pk])).status_code == 200
    assert client.get(reverse(one, args=["rivebourg", made["HN-1"].pk])).status_code == 404
    page = reverse("field:intervention", args=["rivebourg", made["HN-1"].pk])
    assert client.get(page).status_code == 404


def test_the_sites_api_is_for_managers_of_the_whole_scheme(cast, relais, client):
    url = reverse("api:add_operator_site", args=["rivebourg"])
    body = {
        "operator_id": relais.operator.pk,
        "neighbourhood_id": cast.pres.pk,
        "starts_on": (lib_clock.today() + timedelta(days=400)).isoformat(),
    }
    site = OperatorSite.objects.get(operator=relais.operator)
    end_url = reverse("api:end_operator_site", args=["rivebourg", site.pk])
    walk(
        cast,
        client,
        [
            (
                "POST",
                url,
                body,
                lambda: OperatorSite.objects.filter(neighbourhood=cast.pres).exists(),
            ),
            (
                "POST",
                end_url,
                {"last_day": lib_clock.today().isoformat()},
                lambda: OperatorSite.objects.get(pk=site.pk).ends_on is not None,
            ),
        ],
    )
    # Relais Centre's manager, bounded to its site, may not hand itself another, nor reach the
    # scheme's settings; it reads its own operator's people only.
    assert call(client, relais.manager, "POST", url, body).status_code == 404
    client.force_login(relais.manager)
    assert client.get(reverse("schemes:settings", args=["rivebourg"])).status_code == 404
    people = Membership.objects.visible_to(relais.manager).filter(scheme=cast.scheme)
    assert set(people.values_list("user__username", flat=True)) == {"bruno", "romane"}
    listed = call(client, relais.manager, "GET", url).status_code
    assert listed == 404
    sites = call(client, cast.operator_manager, "GET", url).json()
    assert {s["site"] for s in sites} == {"Centre", "Les Prés"}
    detail = refused(client, cast.operator_manager, "POST", url, body)
    assert "déjà tenu" in detail
    assert OperatorSite.objects.count() == 2


def test_each_operator_reads_its_own_rota_only(cast, relais, clock):
    from voisinage.field.models import DutyAssignment
    from voisinage.field.staffing.services import duty_assign

    # A Tuesday with service (the cast's hours run Monday to Saturday).
    clock.set(datetime(2026, 3, 3, 12, tzinfo=ZoneInfo("Europe/Paris")))
    night = lib_clock.today()
    duty_assign(scheme=cast.scheme, person=cast.agent, start=night, position="agent")
    duty_assign(scheme=cast.scheme, person=relais.supervisor, start=night, position="supervisor")

    def rota(user):
        return sorted(
            DutyAssignment.objects.visible_to(user).values_list("user__username", flat=True)
        )

    assert rota(relais.manager) == ["bruno"]
    assert rota(cast.supervisor) == ["bruno", "yanis"]
    assert rota(cast.city_officer) == []


def test_an_operators_patrol_target_is_the_sum_of_its_sites_targets(cast, relais):
    from voisinage.accounts.access import narrowed
    from voisinage.analytics.indicators import Filters, Scope
    from voisinage.analytics.indicators.compute import patrol_target_rate
    from voisinage.analytics.operators import operator_table
    from voisinage.analytics.periods import Period
    from voisinage.analytics.selectors import dashboard
    from voisinage.field.logbook.services import intervention_record

    today = lib_clock.today()
    services.operator_site_add(
        scheme=cast.scheme,
        author=None,
        operator_id=cast.operator.pk,
        neighbourhood_id=cast.pres.pk,
        starts_on=today - timedelta(days=365),
        weekly_patrol_target=2,
    )
    for code in ("HN-1", "LS-1"):
        intervention_record(
            scheme=cast.scheme,
            author=cast.supervisor,
            started_at=lib_clock.now() - timedelta(hours=2),
            origin="patrol",
            entrance=Entrance.objects.get(code=code),
        )
    week = Period("custom", today - timedelta(days=6), today)

    def rate(user):
        return patrol_target_rate(Scope(user, cast.scheme, week))

    # Médiateurs Unis holds Les Prés (2 entrances a week): one of them patrolled this week.
    assert rate(cast.supervisor) == 50.0
    # A reader whose perimeter is made of its sites gets the same target; one reader of the
    # whole scheme narrowed to the operator's sites too (the figures per operator).
    assert rate(cast.pres_viewer) == 50.0
    assert rate(narrowed(cast.city_officer, cast.scheme.pk, [cast.pres.pk])) == 50.0
    # Relais Centre's site has no target: no rate rather than a made-up one; the whole scheme
    # has none set on its sheet either.
    assert rate(relais.supervisor) is None
    assert rate(cast.city_officer) is None
    # The figures per operator show it beside each operator's other figures.
    totals = dashboard(cast.city_officer, cast.scheme, week, Filters()).values
    table = operator_table(cast.city_officer, cast.scheme, week, totals)
    row = next(r for r in table.rows if r.total.indicator.code == "patrol_target_rate")
    assert [(o.name, v.value) for o, v in row.cells] == [
        ("Médiateurs Unis", 50.0),
        ("Relais Centre", None),
    ]
    change = SettingChange.objects.filter(section=services.SITES).latest("pk")
    assert "2 entrées patrouillées par semaine" in change.after


def test_the_dashboard_shows_one_operators_figures_to_readers_of_the_whole_scheme(
    cast, relais, client
):
    from voisinage.field.logbook.services import intervention_record

    services.operator_site_add(
        scheme=cast.scheme,
        author=None,
        operator_id=cast.operator.pk,
        neighbourhood_id=cast.pres.pk,
        starts_on=lib_clock.today() - timedelta(days=365),
    )
    for code in ("HN-1", "HN-2", "LS-1"):
        intervention_record(
            scheme=cast.scheme,
            author=cast.supervisor,
            started_at=lib_clock.now() - timedelta(hours=2),
            origin="patrol",
            entrance=Entrance.objects.get(code=code),
        )
    url = reverse("analytics:dashboard", args=["rivebourg"])
    week = {"periode": "custom", "du": (lib_clock.today() - timedelta(days=6)).isoformat()}
    week["au"] = lib_clock.today().isoformat()

    def interventions(page):
        values = page.context["board"].values
        return next(v.value for v in values if v.indicator.code == "interventions")

    client.force_login(cast.city_officer)
    whole = client.get(url, week)
    assert interventions(whole) == 3
    assert 'id="operateur"' in whole.content.decode()
    one = client.get(url, {**week, "operateur": relais.operator.pk})
    assert interventions(one) == 1
    assert one.context["operators"] is None
    assert "Les chiffres de Relais Centre" in one.content.decode()
    export = client.get(
        reverse("analytics:dashboard_export", args=["rivebourg", "csv"]),
        {**week, "operateur": cast.operator.pk},
    )
    lines = export.content.decode("utf-8-sig").splitlines()
    assert next(line for line in lines if line.startswith("interventions;")).split(";")[4] == "2"
    # An operator holding no site, nonsense, or a reader bounded to its sites: 404.
    for value in (cast.north.pk, "abc"):
        assert client.get(url, {**week, "operateur": value}).status_code == 404
    # The review page, its deck and its PDF: the same choice, the same figures.
    review = reverse("analytics:review", args=["rivebourg"])
    period = {"du": week["du"], "au": week["au"]}
    page = client.get(review, {**period, "operateur": relais.operator.pk}).content.decode()
    assert 'id="operateur"' in page
    assert f"operateur={relais.operator.pk}" in page  # the download links carry it
    pdf = reverse("analytics:review_download", args=["rivebourg", "pdf"])
    one = client.get(pdf, {**period, "operateur": relais.operator.pk})
    assert f"bilan-rivebourg-operateur-{relais.operator.pk}-" in one["Content-Disposition"]
    assert "Interventions 1 " in " ".join(pdf_text(one.content).split())
    whole_pdf = client.get(pdf, period).content
    assert "Interventions 3 " in " ".join(pdf_text(whole_pdf).split())
    client.force_login(relais.supervisor)
    assert client.get(url, {**week, "operateur": cast.operator.pk}).status_code == 404
    assert client.get(pdf, {**period, "operateur": cast.operator.pk}).status_code == 404
    assert client.get(review, {**period, "operateur": cast.operator.pk}).status_code == 404
    assert 'id="operateur"' not in client.get(url, week).content.decode()


def test_the_live_board_shows_one_operators_calls_to_readers_of_the_whole_scheme(
    cast, relais, client
):
    from voisinage.desk.services import call_natures_ensure_defaults, call_record
    from voisinage.desk.tests.conftest import nature

    services.operator_site_add(
        scheme=cast.scheme,
        author=None,
        operator_id=cast.operator.pk,
        neighbourhood_id=cast.pres.pk,
        starts_on=lib_clock.today() - timedelta(days=365),
    )
    call_natures_ensure_defaults(scheme=cast.scheme)
    pres_call, centre_call = (
        call_record(
            scheme=cast.scheme,
            user=cast.supervisor,
            nature=nature(cast),
            received_at=lib_clock.now() - timedelta(minutes=5),
            entrance=Entrance.objects.get(code=code),
        )[0]
        for code in ("HN-1", "LS-1")
    )
    board = reverse("desk:board", args=["rivebourg"])
    live = reverse("desk:board_live", args=["rivebourg"])
    client.force_login(cast.admin)
    whole = client.get(board).content.decode()
    assert 'data-testid="board-operator"' in whole
    assert f'data-call="{pres_call.pk}"' in whole
    assert f'data-call="{centre_call.pk}"' in whole
    one = client.get(board, {"operateur": relais.operator.pk}).content.decode()
    assert "Relais Centre" in one
    assert f"?operateur={relais.operator.pk}" in one  # the live part keeps the choice
    fragment = client.get(live, {"operateur": relais.operator.pk}).content.decode()
    assert f'data-call="{centre_call.pk}"' in fragment  # Relais Centre holds the centre
    assert f'data-call="{pres_call.pk}"' not in fragment
    assert client.get(board, {"operateur": "abc"}).status_code == 404
    client.force_login(relais.supervisor)  # bounded to its site: its own board, no choice
    assert client.get(board, {"operateur": cast.operator.pk}).status_code == 404
    assert 'data-testid="board-operator"' not in client.get(board).content.decode()


def test_the_digest_reads_one_operators_night_to_readers_of_the_whole_scheme(cast, relais, client):
    from voisinage.digests.services import digest_compile
    from voisinage.field.logbook.services import intervention_record

    services.operator_site_add(
        scheme=cast.scheme,
        author=None,
        operator_id=cast.operator.pk,
        neighbourhood_id=cast.pres.pk,
        starts_on=lib_clock.today() - timedelta(days=365),
    )
    night = lib_clock.today() - timedelta(days=2)
    for code, words in (("HN-1", "Regroupement au HN-1"), ("LS-1", "Épave devant le LS-1")):
        intervention_record(
            scheme=cast.scheme,
            author=cast.supervisor,
            started_at=datetime.combine(night, time(22), ZoneInfo("Europe/Paris")),
            origin="patrol",
            entrance=Entrance.objects.get(code=code),
            narrative=words,
        )
    digest_compile(scheme=cast.scheme, night=night)
    page = reverse("digests:detail", args=["rivebourg", night.isoformat()])
    pdf = reverse("digests:pdf", args=["rivebourg", night.isoformat()])
    client.force_login(cast.admin)
    whole = client.get(page).content.decode()
    assert 'data-testid="digest-operator"' in whole
    assert "Regroupement au HN-1" in whole
    assert "Épave devant le LS-1" in whole
    one = client.get(page, {"operateur": relais.operator.pk}).content.decode()
    assert "Épave devant le LS-1" in one
    assert "Regroupement au HN-1" not in one
    assert f"operateur={relais.operator.pk}" in one  # the PDF link keeps the choice
    text = " ".join(pdf_text(client.get(pdf, {"operateur": relais.operator.pk}).content).split())
    assert "Épave devant le LS-1" in text
    assert "Regroupement au HN-1" not in text
    client.force_login(relais.supervisor)
    assert client.get(page, {"operateur": cast.operator.pk}).status_code == 404
    assert client.get(pdf, {"operateur": cast.operator.pk}).status_code == 404
