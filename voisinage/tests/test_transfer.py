"""When an entrance changes landlord, the landlord at the time owns the past.

A housing-stock import moves HN-2 (Les Prés) from Habitat Nord to Logis Sud. Everything
recorded there before — interventions and their roll-ups, the digest's lines, calls (with the
caller), instructions (with the tenant), reports, planned passages, courtesy visits (with the
tenant) — stays Habitat Nord's and Logis Sud reads none of it; what is recorded or planned there
afterwards is Logis Sud's (docs/authorization.md, "When an entrance changes landlord")."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from voisinage.analytics.models import InterventionRollup
from voisinage.analytics.rollup import rollup_refresh
from voisinage.desk.access import sees_person
from voisinage.desk.models import Call, CallNature, Instruction
from voisinage.desk.services import call_natures_ensure_defaults, call_record, instruction_submit
from voisinage.digests.compile import compile_night, reading_for
from voisinage.field.courtesy.selectors import sees_tenant_names
from voisinage.field.courtesy.services import courtesy_campaign_create, courtesy_visit_add
from voisinage.field.logbook.services import field_codes_ensure_defaults, intervention_record
from voisinage.field.models import CourtesyCampaign, CourtesyVisit, Intervention, PatrolPlanEntry
from voisinage.field.patrols.services import patrol_entry_add, patrol_plan_create
from voisinage.reports.models import CategoryGroup, PlaceKind, Report, ReportCategory, RoutingRule
from voisinage.reports.services import Place, report_create, report_settings_for
from voisinage.territory.models import Entrance
from voisinage.territory.services import housing_stock_import
from voisinage.territory.stockfile import COLUMNS

PARIS = ZoneInfo("Europe/Paris")
BEFORE = date(2026, 1, 13)  # a Tuesday: the night before the transfer
AFTER = date(2026, 1, 15)


def evening(day: date, hour: int = 21) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=PARIS)


def _stock_file(cast, moved: str, to) -> bytes:
    """The scheme's stock as exported, with ``moved`` now owned by ``to``."""
    lines = [";".join(COLUMNS)]
    for e in Entrance.objects.filter(scheme=cast.scheme).select_related(
        "landlord", "neighbourhood"
    ):
        landlord = to.name if e.code == moved else e.landlord.name
        lines.append(
            ";".join(
                [
                    e.code,
                    e.address,
                    landlord,
                    e.neighbourhood.name,
                    "",
                    str(e.dwellings),
                    str(e.lat),
                    str(e.lon),
                ]
            )
        )
    return "\r\n".join(lines).encode()


@pytest.fixture
def transferred(cast, clock):
    scheme = cast.scheme
    hn2 = cast.north_entrances[1]
    field_codes_ensure_defaults(scheme=scheme)
    call_natures_ensure_defaults(scheme=scheme)
    report_settings_for(scheme)
    for position, landlord in enumerate((cast.north, cast.south), start=1):
        RoutingRule.objects.create(
            scheme=scheme,
            position=position,
            category_group=CategoryGroup.TECHNICAL,
            place=PlaceKind.HOUSING,
            landlord=landlord,
            recipient=landlord,
            deadline_days=5,
        )
    nature = CallNature.objects.filter(scheme=scheme).first()
    clock.set(evening(BEFORE, 16))
    instruction, _ = instruction_submit(
        scheme=scheme,
        user=cast.north_referent,
        landlord=cast.north,
        nature=nature,
        entrance=hn2,
        tenant_name="M. Ancien",
        at=evening(BEFORE, 16),
    )
    clock.set(evening(BEFORE, 22))
    intervention, _ = intervention_record(
        scheme=scheme, author=cast.agent, started_at=evening(BEFORE), origin="patrol", entrance=hn2
    )
    call, _ = call_record(
        scheme=scheme,
        user=cast.supervisor,
        nature=nature,
        received_at=evening(BEFORE, 21),
        entrance=hn2,
        caller_name="Mme Avant",
    )
    report = report_create(
        scheme=scheme,
        author=cast.agent,
        category=ReportCategory.objects.get(scheme=scheme, code="ascenseur"),
        description="Ascenseur en panne.",
        place=Place(entrance=hn2),
        at=evening(BEFORE, 21),
        notify=False,
    ).report
    plan = patrol_plan_create(
        scheme=scheme,
        month=date(2026, 1, 1),
        neighbourhood_ids=[cast.pres.pk],
        weekly_target=1,
        created_by=cast.supervisor,
        today=date(2026, 1, 10),
    )
    patrol_entry_add(plan=plan, expected_version=plan.version, night=BEFORE, entrance=hn2)
    entry = PatrolPlanEntry.objects.get(plan=plan, night=BEFORE, entrance=hn2)
    campaign = courtesy_campaign_create(
        scheme=scheme,
        landlord=cast.north,
        name="Présentation",
        starts_on=BEFORE,
        created_by=cast.north_referent,
    )
    visit = courtesy_visit_add(
        campaign=campaign, entrance_code="HN-2", dwelling="4", tenant_name="Mme Locataire"
    )
    digest = compile_night(scheme, BEFORE)

    clock.set(evening(AFTER, 9))
    result = housing_stock_import(
        scheme=scheme, data=_stock_file(cast, "HN-2", cast.south), filename="stock.csv"
    )
    assert result.updated == 1
    hn2.refresh_from_db()
    assert hn2.landlord == cast.south
    cast.before = {
        Intervention: intervention,
        Call: call,
        Instruction: instruction,
        Report: report,
        PatrolPlanEntry: entry,
        CourtesyCampaign: campaign,
    }
    cast.visit, cast.plan, cast.digest, cast.hn2 = visit, plan, digest, hn2
    return cast


def _reads(user, obj) -> bool:
    return type(obj).objects.visible_to(user).filter(pk=obj.pk).exists()


def test_the_former_landlord_keeps_the_past_and_the_new_one_reads_none_of_it(transferred):
    cast = transferred
    for model, obj in cast.before.items():
        assert _reads(cast.north_referent, obj), model.__name__
        assert not _reads(cast.south_referent, obj), model.__name__
        assert _reads(cast.supervisor, obj), model.__name__
    # The people recorded then stay Habitat Nord's.
    assert sees_person(cast.north_referent, cast.before[Call])
    assert sees_person(cast.north_referent, cast.before[Instruction])
    assert sees_tenant_names(cast.north_referent, cast.before[CourtesyCampaign])
    assert CourtesyVisit.objects.filter(campaign=cast.before[CourtesyCampaign]).count() == 1
    # The roll-ups the dashboards read (rebuilt after the transfer), and the digest's lines,
    # say the same.
    rollup_refresh(cast.scheme.pk)
    rollups = InterventionRollup.objects.filter(scheme=cast.scheme, night=BEFORE)
    assert sum(r.interventions for r in rollups.visible_to(cast.north_referent)) == 1
    assert sum(r.interventions for r in rollups.visible_to(cast.south_referent)) == 0
    assert len(reading_for(cast.digest, cast.north_referent, cast.scheme.pk).interventions) == 1
    assert reading_for(cast.digest, cast.south_referent, cast.scheme.pk).interventions == []


def test_what_happens_there_afterwards_is_the_new_landlord_s(transferred, client):
    cast = transferred
    intervention, _ = intervention_record(
        scheme=cast.scheme,
        author=cast.agent,
        started_at=evening(AFTER),
        origin="patrol",
        entrance=cast.hn2,
    )
    cast.plan.refresh_from_db()
    patrol_entry_add(
        plan=cast.plan, expected_version=cast.plan.version, night=AFTER, entrance=cast.hn2
    )
    entry = PatrolPlanEntry.objects.get(plan=cast.plan, night=AFTER, entrance=cast.hn2)
    for obj in (intervention, entry):
        assert _reads(cast.south_referent, obj)
        assert not _reads(cast.north_referent, obj)
    # Through the pages too: Logis Sud's logbook lists the new intervention, not the old one.
    client.force_login(cast.south_referent)
    api = client.get(reverse("api:list_interventions", args=["rivebourg"])).json()
    assert [i["id"] for i in api["items"]] == [intervention.pk]
    client.force_login(cast.north_referent)
    api = client.get(reverse("api:list_interventions", args=["rivebourg"])).json()
    assert [i["id"] for i in api["items"]] == [cast.before[Intervention].pk]
