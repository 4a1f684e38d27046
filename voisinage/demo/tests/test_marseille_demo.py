"""Marseille's urban social mediation in the demo (seed 002's shape): 40 sites, about 24 000
dwellings, 5 operators, 85 mediators of whom 13 supervisors. An operator's manager reads only
its own sites, the State reads all five operators, and compliance is counted per operator.
Loaded once (with every app's activity), checked, then loaded again: nothing changes."""

import html
import re
from collections import Counter
from datetime import time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse

from voisinage.accounts.models import Membership, OperatorSite, User
from voisinage.analytics.indicators import Filters
from voisinage.analytics.operators import operator_table
from voisinage.analytics.periods import Period
from voisinage.analytics.selectors import dashboard
from voisinage.demo.marseille import FRAMEWORK_FROM, HANDED_OVER, LATER_DEADLINE, OPERATORS
from voisinage.digests.deadlines import scheme_deadline
from voisinage.digests.models import OperatorDeadline
from voisinage.field.logbook.models import Intervention
from voisinage.governance.compliance import compliance_report
from voisinage.governance.models import Meeting
from voisinage.lib import clock
from voisinage.schemes.models import MemberRole, Scheme
from voisinage.territory.models import Entrance, Neighbourhood

pytestmark = pytest.mark.time_sensitive


def _scale(marseille: Scheme) -> None:
    operators = marseille.members.filter(role=MemberRole.OPERATOR)
    assert operators.count() == 5
    assert Neighbourhood.objects.filter(scheme=marseille).count() == 40
    dwellings = Entrance.objects.filter(scheme=marseille).aggregate(n=Sum("dwellings"))["n"]
    assert 24_000 <= dwellings <= 24_500
    staff = Membership.objects.in_force().filter(
        scheme=marseille, organisation__in=operators.values("organisation")
    )
    roles = Counter(
        staff.filter(user__username__regex=r"-\d\d$").values_list("role__code", flat=True)
    )
    assert roles == {"agent": 72, "supervisor": 13}
    # Every site is held by one operator today; one changed hands with the framework contract.
    held = OperatorSite.objects.held_on().filter(scheme=marseille)
    assert held.count() == 40
    assert held.values("neighbourhood").distinct().count() == 40
    site, before, after = HANDED_OVER
    history = OperatorSite.objects.filter(scheme=marseille, neighbourhood__name=site)
    assert [(s.operator.name, s.ends_on) for s in history.order_by("starts_on")] == [
        (before, FRAMEWORK_FROM - timedelta(days=1)),
        (after, None),
    ]
    # One operator's contract wants the digest by 09:00; the others keep the scheme's 08:00.
    own = OperatorDeadline.objects.filter(scheme=marseille)
    assert [(d.operator.name, d.deadline) for d in own] == [(LATER_DEADLINE, time(9, 0))]
    assert scheme_deadline(marseille) == time(8, 0)


def test_marseille_an_operators_manager_reads_its_sites_the_state_reads_all_five(db, client):
    out = StringIO()
    call_command("load_demo", "--scenario", "marseille", stdout=out)
    assert "marseille-operateur" in out.getvalue()
    assert "marseille-etat" in out.getvalue()
    marseille = Scheme.objects.get(slug="marseille")
    _scale(marseille)

    manager = User.objects.get(username="marseille-operateur")
    state = User.objects.get(username="marseille-etat")
    lead = marseille.operator
    own_sites = set(
        OperatorSite.objects.held_on()
        .filter(scheme=marseille, operator=lead)
        .values_list("neighbourhood_id", flat=True)
    )
    assert len(own_sites) == len(OPERATORS[0].sites) == 10
    # The operator's manager: its own sites' entrances and logbook, nothing of the others'.
    seen = Entrance.objects.visible_to(manager).filter(scheme=marseille)
    assert set(seen.values_list("neighbourhood_id", flat=True)) == own_sites
    assert seen.count() == 50
    everything = Intervention.objects.filter(scheme=marseille)
    mine = Intervention.objects.visible_to(manager).filter(scheme=marseille)
    assert 0 < mine.count() < everything.count()
    assert set(mine.values_list("neighbourhood_id", flat=True)) <= own_sites
    client.force_login(manager)
    listed = client.get(reverse("api:list_interventions", args=["marseille"]), {"limit": 500})
    assert listed.json()["count"] == mine.count()
    other = everything.exclude(neighbourhood_id__in=own_sites).first()
    one = reverse("api:get_intervention", args=["marseille", other.pk])
    assert client.get(one).status_code == 404
    # The State: every entrance and the logbook of all five operators.
    assert Entrance.objects.visible_to(state).filter(scheme=marseille).count() == 200
    theirs = Intervention.objects.visible_to(state).filter(scheme=marseille)
    assert theirs.count() == everything.count()
    authors = Membership.objects.filter(
        scheme=marseille, user__in=theirs.values("author"), role__code="supervisor"
    ).values("organisation")
    assert authors.distinct().count() == 5
    client.force_login(state)
    listed = client.get(reverse("api:list_interventions", args=["marseille"]), {"limit": 500})
    assert listed.json()["count"] == everything.count()

    # Compliance, counted per operator: each operator's own attendances, side by side.
    now = clock.now()
    year = clock.local_today(marseille.time_zone).year
    report = compliance_report(state, marseille, year, now=now)
    assert report.operators[0].operator == lead
    assert len(report.operators) == 5
    attended = [block.quotas[0].attended for block in report.operators]
    assert len(set(attended)) > 1, attended
    page = client.get(reverse("governance:compliance", args=["marseille"]), {"year": year})
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="quotas"') == 5
    for spec in OPERATORS:
        assert spec.name.split(" (")[0] in html.unescape(page.content.decode())

    # The State's dashboard: the five operators side by side and the total, from the same
    # indicators; an operator's manager reads its own figures only, no such table.
    period = Period("custom", clock.today() - timedelta(days=30), clock.today())
    table = operator_table(
        state, marseille, period, dashboard(state, marseille, period, Filters()).values
    )
    assert [o.name for o in table.operators] == sorted(spec.name for spec in OPERATORS)
    row = next(r for r in table.rows if r.total.indicator.code == "interventions")
    per_operator = [v.value for _operator, v in row.cells]
    assert all(per_operator)
    assert sum(per_operator) == row.total.value == everything.count()
    assert operator_table(manager, marseille, period, []) is None
    url = reverse("analytics:dashboard", args=["marseille"])
    query = {"du": period.first.isoformat(), "au": period.last.isoformat()}
    board = client.get(url, query).content.decode()
    assert 'data-testid="operators-table"' in board
    assert "Citadelle Médiation" in board
    client.force_login(manager)
    assert 'data-testid="operators-table"' not in client.get(url, query).content.decode()

    # One digest a morning for the scheme; each operator's punctuality read against its own
    # deadline: the morning it left at about 08:20 is late for four operators, not for the one
    # whose contract says 09:00.
    client.force_login(state)
    listing = client.get(reverse("digests:list", args=["marseille"])).content.decode()
    lines = re.findall(
        r'<li data-operator="\d+">([^<]+?) : (\d+) sur (\d+) à l’heure \(heure limite : (\d+) h\)',
        html.unescape(listing),
    )
    assert len(lines) == 5, lines
    for name, on_time, sent, limit in lines:
        if name == LATER_DEADLINE.split(" (")[0]:
            assert (int(on_time), limit) == (int(sent), "9")
        else:
            assert (int(on_time), limit) == (int(sent) - 1, "8")

    counts = (
        Intervention.objects.count(),
        Meeting.objects.count(),
        OperatorSite.objects.count(),
        Membership.objects.count(),
    )
    call_command("load_demo", "--scenario", "marseille", stdout=StringIO())
    assert (
        Intervention.objects.count(),
        Meeting.objects.count(),
        OperatorSite.objects.count(),
        Membership.objects.count(),
    ) == counts
