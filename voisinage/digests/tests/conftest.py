"""A scripted service night for the digest tests.

Saturday 14 June 2025 in Rivebourg (summer hours 18:00–01:00, Europe/Paris, UTC+2): five
interventions — two at Habitat Nord's entrances (one after midnight, sensitive), one at Logis
Sud's, one in public space in Les Prés, one at Habitat Nord the night before (not in the
digest). The recipients are Habitat Nord, Logis Sud and the city.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from voisinage.digests.models import DigestRecipient
from voisinage.field.logbook.services import field_codes_ensure_defaults, intervention_record
from voisinage.field.models import FieldCode, Intervention
from voisinage.schemes.models import Activity
from voisinage.schemes.services import activity_referential_apply_preset

PARIS = ZoneInfo("Europe/Paris")
NIGHT = date(2025, 6, 14)


def at(day: int, hour: int, minute: int = 0, month: int = 6, year: int = 2025) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def codes(scheme, *names: str) -> list[int]:
    return list(
        FieldCode.objects.filter(scheme=scheme, code__in=names).values_list("pk", flat=True)
    )


def record(cast, started_at: datetime, **kwargs) -> Intervention:
    kwargs.setdefault("origin", "patrol")
    kwargs.setdefault("entrance", cast.north_entrances[0])
    intervention, _created = intervention_record(
        scheme=cast.scheme, author=cast.agent, started_at=started_at, **kwargs
    )
    return intervention


@dataclass
class Night:
    cast: object
    night: date
    north_late: Intervention
    north_sensitive: Intervention
    south: Intervention
    public: Intervention


@pytest.fixture
def scripted_night(cast) -> Night:
    scheme = cast.scheme
    field_codes_ensure_defaults(scheme=scheme)
    activity_referential_apply_preset(scheme=scheme, preset="xp-x60-600")
    presence = list(Activity.objects.filter(scheme=scheme).values_list("pk", flat=True)[:1])
    for org in (cast.north, cast.south, cast.city):
        DigestRecipient.objects.create(scheme=scheme, organisation=org)
    record(cast, at(13, 22), climate="green")  # the night before
    north_late = record(
        cast,
        at(14, 21, 10),
        ended_at=at(14, 21, 40),
        situation_ids=codes(scheme, "regroupement-hall"),
        action_ids=codes(scheme, "dialogue"),
        activity_ids=presence,
        young_people=4,
        result="resolved",
        climate="yellow",
        narrative="Groupe dispersé après échange.",
    )
    north_sensitive = record(
        cast,
        at(15, 0, 30),  # after midnight: still Saturday's night
        entrance=cast.north_entrances[2],
        origin="phone_call",
        situation_ids=codes(scheme, "conflit-voisinage"),
        action_ids=codes(scheme, "mediation", "police-17"),
        result="handed_over",
        climate="orange",
        narrative="Mme X., 3e étage, menacée par son voisin.",
        sensitive=True,
    )
    south = record(
        cast,
        at(14, 19, 5),
        entrance=cast.south_entrances[0],
        situation_ids=codes(scheme, "eclairage"),
        action_ids=codes(scheme, "signalement-bailleur"),
        result="not_resolved",
        climate="green",
    )
    public = record(
        cast,
        at(14, 23, 50),
        entrance=None,
        other_place_kind="public_space",
        other_place_label="Square des Tilleuls",
        neighbourhood=cast.pres,
        origin="own_initiative",
        climate="yellow",
    )
    return Night(cast, NIGHT, north_late, north_sensitive, south, public)
