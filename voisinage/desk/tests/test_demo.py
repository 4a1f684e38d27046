"""The Besançon demo of the desk: past calls handled and called back (some linked to one
event), instructions from each landlord with their outcome, open items tonight, a serious
incident and complaints; idempotent."""

import pytest
from django.db.models import Count

from voisinage.demo.scenario import load_besancon
from voisinage.desk import demo
from voisinage.desk.models import (
    Call,
    Event,
    Instruction,
    PoliceComplaint,
    SatisfactionSurvey,
    SeriousIncident,
)
from voisinage.field.models import Intervention
from voisinage.field.staffing import demo as demo_staffing

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = pytest.mark.time_sensitive


def counts():
    return [
        m.objects.count()
        for m in (Call, Event, Instruction, SeriousIncident, PoliceComplaint, Intervention)
    ]


def test_the_besancon_desk_demo(db):
    """One test: the demo goes through the services (and the logbook's)."""
    besancon = load_besancon()
    demo_staffing.load()
    demo.load()
    first = counts()
    demo.load()
    assert counts() == first

    calls = Call.objects.filter(scheme=besancon)
    assert calls.filter(status="called_back").count() >= 30
    assert calls.exclude(status="called_back").exists()  # the board has something tonight
    assert Event.objects.annotate(n=Count("calls")).filter(n__gt=1).exists()
    answered = SatisfactionSurvey.objects.filter(answered_at__isnull=False)
    assert answered.count() >= 30
    # Each answer is on its call too (ADR 0030), which the desk's figures read.
    assert set(calls.exclude(satisfaction="").values_list("pk", "satisfaction")) == set(
        answered.values_list("call", "satisfied")
    )
    landlords = set(
        Instruction.objects.filter(scheme=besancon, status="handled").values_list(
            "landlord__name", flat=True
        )
    )
    assert len(landlords) == 3
    assert SeriousIncident.objects.filter(agent_withdrawn=True).count() == 1
    assert PoliceComplaint.objects.count() == 2
