"""The reports' panel of a landlord's home: the reports to answer, overdue first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from voisinage.core.home import HomePanel
from voisinage.reports.selectors import local_today, reports_to_answer
from voisinage.schemes.models import Capability

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme

SHOWN = 8


def home_panels(user: AnyUser, scheme: Scheme) -> list[HomePanel]:
    if not scheme.uses(Capability.REPORTS):
        return []
    today = local_today(scheme)
    waiting = reports_to_answer(user, scheme, today=today)
    rows = list(waiting[:SHOWN])
    total = len(rows) if len(rows) < SHOWN else waiting.count()
    late = sum(1 for r in rows if r.due_on is not None and r.due_on < today)
    if late == SHOWN:  # every row shown is late: count them all
        late = waiting.filter(due_on__lt=today).count()
    return [
        HomePanel(
            10,
            "reports/_home_panel.html",
            {"reports": rows, "total": total, "late": late, "today": today},
        )
    ]
