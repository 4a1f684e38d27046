"""Fixtures of the desk's tests: the cast with the natures and a rota. Tests that depend on
the moment take the shared ``clock`` fixture (held at ``paris(TUESDAY, 21, 0)``)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from voisinage.desk.models import CallNature
from voisinage.desk.services import call_natures_ensure_defaults
from voisinage.field.logbook.services import field_codes_ensure_defaults
from voisinage.field.models import DutyAssignment

PARIS = ZoneInfo("Europe/Paris")
# A Tuesday in winter: Rivebourg's hours are then 17:00–00:00, Monday to Saturday.
TUESDAY = date(2026, 1, 13)


def paris(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


@pytest.fixture
def desk(cast):
    """The cast's scheme with the default natures and field codes, and Yanis and Sonia on the
    rota on Tuesday night (team "A")."""
    call_natures_ensure_defaults(scheme=cast.scheme)
    field_codes_ensure_defaults(scheme=cast.scheme)
    for person, position in ((cast.agent, "agent"), (cast.supervisor, "supervisor")):
        DutyAssignment.objects.create(
            scheme=cast.scheme, night=TUESDAY, user=person, position=position, team="A"
        )
    return cast


def nature(cast, code: str = "regroupement-hall") -> CallNature:
    return CallNature.objects.get(scheme=cast.scheme, code=code)
