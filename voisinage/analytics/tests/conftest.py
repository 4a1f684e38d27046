"""The hand-built dataset of the analytics tests (Rivebourg, March 2026; exact figures).

Interventions in March 2026 (winter hours 17:00–00:00):

| entrance | landlord | neighbourhood | night | origin | result | climate | people | situation |
|---|---|---|---|---|---|---|---|---|
| HN-1 | Habitat Nord | Les Prés | 3 | patrol | resolved | green | 2 adults | behaviour |
| HN-1 | Habitat Nord | Les Prés | 4 | patrol | resolved | yellow | 1 young | — |
| HN-1 | Habitat Nord | Les Prés | 5 | phone call | handed over | orange | 1 minor | — |
| HN-2 | Habitat Nord | Les Prés | 10 | patrol | not resolved | red | 1 adult | material |
| LS-1 | Logis Sud | Centre | 3 | instruction | resolved | green | 3 adults | behaviour |
| LS-2 | Logis Sud | Centre | 12 | own initiative | — | — | — | — |

plus one patrol at HN-1 on 10 February 2026 (previous period), one at LS-1 on 5 March 2025
(same period last year, red), one in Autreville (another scheme); two courtesy visits (met,
absent) in March; one technical committee on 17 March 2026 with the operator present; a funding
agreement of 365 000 € a year.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from voisinage.factories import UserFactory, grant
from voisinage.field.logbook.services import field_codes_ensure_defaults, intervention_record
from voisinage.field.models import CodeKind, CourtesyCampaign, CourtesyVisit, FieldCode, Origin
from voisinage.funding.models import Agreement, AgreementCost
from voisinage.governance.models import Attendance, Body, Meeting
from voisinage.schemes.services import activity_referential_apply_preset

PARIS = ZoneInfo("Europe/Paris")
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


@dataclass
class Dataset:
    cast: object
    behaviour: FieldCode
    material: FieldCode


@pytest.fixture
def dataset(cast):
    scheme, agent = cast.scheme, cast.agent
    scheme.weekly_patrol_target = 2
    scheme.save(update_fields=["weekly_patrol_target"])
    field_codes_ensure_defaults(scheme=scheme)
    activity_referential_apply_preset(scheme=scheme, preset="xp-x60-600")
    behaviour = FieldCode.objects.filter(scheme=scheme, kind=CodeKind.BEHAVIOUR).first()
    material = FieldCode.objects.filter(scheme=scheme, kind=CodeKind.MATERIAL).first()
    hn1, hn2, _hn3 = cast.north_entrances
    ls1, ls2 = cast.south_entrances

    def rec(entrance, moment, origin, **kw):
        return intervention_record(
            scheme=scheme, author=agent, entrance=entrance, started_at=moment, origin=origin, **kw
        )[0]

    activity = scheme.activities.order_by("position").first()
    rec(
        hn1,
        at(date(2026, 3, 3), 20),
        Origin.PATROL,
        result="resolved",
        climate="green",
        adults=2,
        situation_ids=[behaviour.pk],
        activity_ids=[activity.pk],
    )
    rec(
        hn1,
        at(date(2026, 3, 4), 21),
        Origin.PATROL,
        result="resolved",
        climate="yellow",
        young_people=1,
    )
    rec(
        hn1,
        at(date(2026, 3, 5), 19),
        Origin.PHONE_CALL,
        result="handed_over",
        climate="orange",
        minors=1,
    )
    rec(
        hn2,
        at(date(2026, 3, 10), 18),
        Origin.PATROL,
        result="not_resolved",
        climate="red",
        adults=1,
        situation_ids=[material.pk],
    )
    rec(
        ls1,
        at(date(2026, 3, 3), 22),
        Origin.LANDLORD_INSTRUCTION,
        result="resolved",
        climate="green",
        adults=3,
        situation_ids=[behaviour.pk],
    )
    rec(ls2, at(date(2026, 3, 12), 19), Origin.OWN_INITIATIVE)
    rec(hn1, at(date(2026, 2, 10), 19), Origin.PATROL, result="resolved", climate="green")
    rec(ls1, at(date(2025, 3, 5), 19), Origin.PATROL, climate="red")
    other_agent = UserFactory.create(username="autre-agent")
    grant(other_agent, cast.other_scheme, cast.other_scheme.operator, "agent")
    intervention_record(
        scheme=cast.other_scheme,
        author=other_agent,
        entrance=cast.other_entrance,
        started_at=at(date(2026, 3, 3), 19),
        origin=Origin.PATROL,
    )
    campaign = CourtesyCampaign.objects.create(
        scheme=scheme,
        landlord=cast.north,
        name="Visites",
        starts_on=date(2026, 3, 1),
        created_by=cast.supervisor,
    )
    CourtesyVisit.objects.create(
        campaign=campaign,
        entrance=hn1,
        dwelling="12",
        outcome="met",
        visited_at=at(date(2026, 3, 3), 18),
    )
    CourtesyVisit.objects.create(
        campaign=campaign,
        entrance=hn2,
        dwelling="3",
        outcome="absent",
        visited_at=at(date(2026, 3, 4), 18),
    )
    CourtesyVisit.objects.create(campaign=campaign, entrance=hn2, dwelling="4")
    body = Body.objects.create(
        scheme=scheme, kind="technical", name="Comité technique", frequency="monthly"
    )
    meeting = Meeting.objects.create(
        scheme=scheme,
        body=body,
        title="CT de mars",
        starts_at=at(date(2026, 3, 17), 14),
        ends_at=at(date(2026, 3, 17), 16),
    )
    Attendance.objects.create(
        meeting=meeting, organisation=cast.operator, user=cast.supervisor, status="present"
    )
    agreement = Agreement.objects.create(
        scheme=scheme, title="Convention", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    AgreementCost.objects.create(
        agreement=agreement, starts_on=date(2026, 1, 1), annual_cost_cents=365_000_00
    )
    return Dataset(cast, behaviour, material)
