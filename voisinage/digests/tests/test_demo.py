"""On the Besançon demo scenario: the digest Néolia's referent reads holds no loge.GBM entrance."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from voisinage.accounts.models import User
from voisinage.demo.scenario import load_besancon
from voisinage.digests.compile import compile_night, reading_for
from voisinage.field.logbook.services import field_codes_ensure_defaults, intervention_record
from voisinage.territory.models import Entrance

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = pytest.mark.time_sensitive

NIGHT = date(2026, 3, 10)  # a Tuesday: winter hours 17:00–00:00


def test_neolias_digest_holds_no_logegbm_entrance(db):
    scheme = load_besancon()
    field_codes_ensure_defaults(scheme=scheme)
    agent = User.objects.get(username="agent")
    paris = ZoneInfo("Europe/Paris")
    entrances = {
        landlord: list(Entrance.objects.filter(scheme=scheme, landlord__name=landlord)[:2])
        for landlord in ("Néolia", "loge.GBM", "Habitat 25")
    }
    minute = 0
    for chosen in entrances.values():
        for entrance in chosen:
            minute += 7
            intervention_record(
                scheme=scheme,
                author=agent,
                origin="patrol",
                started_at=datetime(2026, 3, 10, 20, minute, tzinfo=paris),
                entrance=entrance,
            )
    content = compile_night(scheme, NIGHT)
    assert len(content["interventions"]) == 6
    neolia = reading_for(content, User.objects.get(username="neolia"), scheme.pk)
    assert {line["landlord"] for line in neolia.interventions} == {"Néolia"}
    assert {line["entrance"] for line in neolia.interventions} == {
        e.code for e in entrances["Néolia"]
    }
    ville = reading_for(content, User.objects.get(username="ville"), scheme.pk)
    assert len(ville.interventions) == 6
