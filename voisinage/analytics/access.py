"""Access to a scheme's roadmap for a user (lists and figures: ``analytics.selectors``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch

from voisinage.analytics.models import (
    Roadmap,
    RoadmapAction,
    RoadmapAxis,
    RoadmapObjective,
)

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def access_roadmap(
    user: AnyUser, scheme: Scheme, year: int, *, write: bool = False
) -> Roadmap | None:
    """The scheme's roadmap of the year (None when there is none yet)."""
    qs = Roadmap.objects.editable_by(user) if write else Roadmap.objects.visible_to(user)
    return (
        qs.filter(scheme=scheme, year=year)
        .prefetch_related(
            Prefetch(
                "axes",
                RoadmapAxis.objects.prefetch_related(
                    Prefetch(
                        "objectives",
                        RoadmapObjective.objects.prefetch_related(
                            Prefetch(
                                "actions", RoadmapAction.objects.order_by("month", "due_on", "pk")
                            )
                        ),
                    )
                ),
            )
        )
        .first()
    )
