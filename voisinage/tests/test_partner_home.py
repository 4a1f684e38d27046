"""A landlord's referent opens the product for what waits for them: their home is the reports to
answer (overdue first), tonight's instructions and last night's outcome, and last night's
digest — each cut to their own perimeter; the housing stock and its map are one link away.
Everyone else's home is still the housing stock."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from voisinage.desk.services import instruction_handle, instruction_submit
from voisinage.desk.tests.conftest import TUESDAY, desk, nature, paris  # noqa: F401
from voisinage.digests.services import digest_dispatch
from voisinage.digests.tests.conftest import at, scripted_night  # noqa: F401
from voisinage.reports.models import Report, ReportStatus
from voisinage.reports.tests.conftest import reporting  # noqa: F401
from voisinage.reports.tests.helpers import make_report
from voisinage.schemes.models import Capability
from voisinage.schemes.services import scheme_capabilities_set

pytestmark = pytest.mark.django_db

HOME = reverse("territory:overview", args=["rivebourg"])


def _report(cast, reporting, code, entrance, due_on):  # noqa: F811
    report = make_report(cast, reporting, code, entrance=entrance, at=paris(TUESDAY, 10)).report
    Report.objects.filter(pk=report.pk).update(due_on=due_on)
    return report


@pytest.fixture
def waiting(desk, reporting, clock):  # noqa: F811
    """Habitat Nord has two reports to answer (one overdue), one answered; Logis Sud one."""
    cast = desk
    clock.set(paris(TUESDAY, 15, 0))
    late = _report(cast, reporting, "ascenseur", cast.north_entrances[0], TUESDAY - timedelta(3))
    soon = _report(cast, reporting, "eclairage", cast.north_entrances[1], TUESDAY + timedelta(2))
    done = _report(cast, reporting, "fuite", cast.north_entrances[2], TUESDAY - timedelta(5))
    Report.objects.filter(pk=done.pk).update(status=ReportStatus.DONE)
    south = _report(cast, reporting, "ascenseur", cast.south_entrances[0], TUESDAY - timedelta(9))
    return {"late": late, "soon": soon, "done": done, "south": south}


def _instruction(cast, landlord, entrance, when):
    return instruction_submit(
        scheme=cast.scheme,
        user=cast.supervisor,
        landlord=landlord,
        nature=nature(cast),
        entrance=entrance,
        at=when,
    )[0]


def test_the_referent_s_home_lists_the_reports_to_answer_overdue_first(waiting, desk, client):  # noqa: F811
    client.force_login(desk.north_referent)
    page = client.get(HOME).content.decode()
    assert 'data-testid="partner-home"' in page
    panel = page.split('data-testid="home-reports"')[1].split("</section>")[0]
    shown = [int(part.split('"')[0]) for part in panel.split('data-report="')[1:]]
    assert shown == [waiting["late"].pk, waiting["soon"].pk]  # not the answered, not Logis Sud's
    assert "2 signalements attendent votre réponse" in panel
    assert "1 en retard" in panel
    # The housing stock is one link away, with its map.
    stock = client.get(HOME, {"vue": "patrimoine"}).content.decode()
    assert 'data-testid="map"' in stock
    assert 'data-testid="partner-home"' not in stock


def test_tonight_s_instructions_and_last_night_s_outcome(desk, client, clock):  # noqa: F811
    cast = desk
    monday = TUESDAY - timedelta(days=1)
    clock.set(paris(monday, 15, 0))
    yesterday = _instruction(cast, cast.north, cast.north_entrances[0], paris(monday, 15, 0))
    instruction_handle(
        instruction=yesterday,
        user=cast.supervisor,
        outcome="Hall calme, locataire rassurée.",
        at=paris(monday, 21, 0),
    )
    clock.set(paris(TUESDAY, 15, 0))
    tonight = _instruction(cast, cast.north, cast.north_entrances[1], paris(TUESDAY, 15, 0))
    other = _instruction(cast, cast.south, cast.south_entrances[0], paris(TUESDAY, 15, 1))
    client.force_login(cast.north_referent)
    panel = client.get(HOME).content.decode().split('data-testid="home-instructions"')[1]
    panel = panel.split("</section>")[0]
    assert f'data-testid="home-instruction" data-instruction="{tonight.pk}"' in panel
    assert f'data-instruction="{other.pk}"' not in panel
    assert f'data-testid="home-outcome" data-instruction="{yesterday.pk}"' in panel
    assert "Hall calme, locataire rassurée." in panel
    assert 'data-testid="home-new-instruction"' in panel


def test_last_night_s_digest_is_cut_to_the_referent_s_stock(
    scripted_night,  # noqa: F811
    client,
    django_capture_on_commit_callbacks,
):
    cast = scripted_night.cast
    with django_capture_on_commit_callbacks(execute=True):
        digest_dispatch(scheme=cast.scheme, night=scripted_night.night, now=at(15, 7, 30))
    client.force_login(cast.north_referent)
    panel = client.get(HOME).content.decode().split('data-testid="home-digest"')[1]
    panel = panel.split("</section>")[0]
    # Habitat Nord's two interventions of the night, not Logis Sud's nor the public space's.
    assert "2 interventions dans votre patrimoine" in panel
    assert "1 fait marquant" in panel  # the call at 00:30, orange, police alerted
    assert reverse("digests:detail", args=["rivebourg", date(2025, 6, 14).isoformat()]) in panel


def test_a_scheme_without_reports_or_instructions_leaves_their_panels_out(desk, client):  # noqa: F811
    scheme_capabilities_set(scheme=desk.scheme, author=None, capabilities=[Capability.PATROLS])
    client.force_login(desk.north_referent)
    page = client.get(HOME).content.decode()
    assert 'data-testid="partner-home"' in page
    assert 'data-testid="home-reports"' not in page
    assert 'data-testid="home-instructions"' not in page
    assert 'data-testid="home-digest"' in page


@pytest.mark.parametrize("persona", ["supervisor", "city_officer", "pres_viewer", "admin"])
def test_everyone_else_s_home_is_still_the_housing_stock(desk, client, persona):  # noqa: F811
    client.force_login(desk.personas()[persona])
    page = client.get(HOME).content.decode()
    assert 'data-testid="partner-home"' not in page
    assert 'data-testid="kpi-entrances"' in page


def test_the_referent_s_home_costs_a_fixed_number_of_queries(
    waiting,
    desk,  # noqa: F811
    client,
    django_assert_max_num_queries,
):
    client.force_login(desk.north_referent)
    with django_assert_max_num_queries(30):
        assert client.get(HOME).status_code == 200
