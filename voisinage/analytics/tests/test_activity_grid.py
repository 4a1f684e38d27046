"""The referential's month grid (activities × months, and the interventions given no activity)
read from the month roll-ups over whole months: the same figures as the interventions, kept by
every write that gives, changes or removes an intervention's activities (ADR 0028)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext as _

from voisinage.analytics.documents.sections import activities_by_month
from voisinage.analytics.indicators import Scope
from voisinage.analytics.periods import Period, PeriodKind
from voisinage.analytics.rollup import rollup_refresh
from voisinage.field.logbook.services import intervention_update
from voisinage.field.models import Intervention

pytestmark = pytest.mark.django_db

YEAR = Period.around(PeriodKind.YEAR, date(2026, 1, 1))


def grids(cast, username: str = "admin"):
    """The year's grid from the roll-ups (reading neither the interventions nor their
    activities, once the roll-up is up to date) and from the interventions."""
    rollup_refresh(cast.scheme.pk)
    user = getattr(cast, username)
    with CaptureQueriesContext(connection) as queries:
        rolled = activities_by_month(Scope(user, cast.scheme, YEAR))
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert '"field_intervention' not in read, read
    return rolled, activities_by_month(Scope(user, cast.scheme, YEAR), rollup=False)


def bare(grid) -> tuple[str, str] | None:
    """March's figure and the year's total of the "no activity given" row (None: no such row)."""
    row = next((r for r in grid.rows if r.label == _("No activity given")), None)
    return None if row is None else (row.cells[2], row.cells[-1])


@pytest.mark.parametrize("username", ["admin", "north_referent", "pres_viewer"])
def test_the_grid_from_the_rollup_is_the_grid_from_the_interventions(dataset, username):
    rolled, raw = grids(dataset.cast, username)
    assert rolled == raw
    assert rolled is not None
    assert bare(rolled) is not None


def test_giving_changing_and_removing_activities_moves_the_no_activity_row(dataset):
    cast = dataset.cast
    rolled, raw = grids(cast)
    assert rolled == raw
    # Six interventions in March, one of them given an activity (the dataset); one in February.
    assert bare(rolled) == ("5", "6")
    first, second = cast.scheme.activities.order_by("position")[:2]
    given = Intervention.objects.get(activities=first)
    plain = Intervention.objects.filter(night=date(2026, 3, 12)).get()

    # An activity given afterwards: one fewer without.
    intervention_update(
        intervention=plain, user=cast.supervisor, can_supervise=True, activity_ids=[first.pk]
    )
    rolled, raw = grids(cast)
    assert (rolled, bare(rolled)) == (raw, ("4", "5"))

    # Changed for another: still one fewer without, counted under the other activity.
    intervention_update(
        intervention=Intervention.objects.get(pk=plain.pk),
        user=cast.supervisor,
        can_supervise=True,
        activity_ids=[second.pk],
    )
    rolled, raw = grids(cast)
    assert (rolled, bare(rolled)) == (raw, ("4", "5"))

    # Removed through the service, then straight on the relation: back without.
    intervention_update(
        intervention=Intervention.objects.get(pk=plain.pk),
        user=cast.supervisor,
        can_supervise=True,
        activity_ids=[],
    )
    Intervention.objects.get(pk=given.pk).activities.clear()
    rolled, raw = grids(cast)
    assert (rolled, bare(rolled)) == (raw, ("6", "7"))

    # Deleted: gone from the row.
    Intervention.objects.get(pk=plain.pk).delete()
    rolled, raw = grids(cast)
    assert (rolled, bare(rolled)) == (raw, ("5", "6"))
