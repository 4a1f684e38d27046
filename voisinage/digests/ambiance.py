"""Ambiance summaries: the mood of each neighbourhood for a night, a week or a month.

The level is computed from the residence climates coded in the logbook, by this rule
(docs/digests.md):

* **red** when at least one intervention of the period was coded red — a serious incident is
  never averaged away;
* **orange** when at least one was coded orange, or when yellow codes are at least 3 and at
  least half of the coded interventions;
* **yellow** when at least one was coded yellow;
* **green** when interventions were coded and all were green;
* no level when nothing was coded: no information is not calm.

The supervisor may override a week's or a month's level with a reason; the override is shown
with the computed level beside it. The trend compares the level, then the number of orange and
red codes, with the previous period of the same length.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q

from voisinage.field.logbook.scales import scale_labels
from voisinage.field.models import Climate, Intervention, Scale
from voisinage.territory.models import Neighbourhood

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from voisinage.schemes.models import Scheme

LEVELS = ["green", "yellow", "orange", "red"]
RANK = {level: rank for rank, level in enumerate(LEVELS)}


def level_from_counts(green: int, yellow: int, orange: int, red: int) -> str:
    """The documented rule above; "" when nothing was coded."""
    coded = green + yellow + orange + red
    if red:
        return "red"
    if orange or (yellow >= 3 and 2 * yellow >= coded):
        return "orange"
    if yellow:
        return "yellow"
    return "green" if coded else ""


@dataclass
class NeighbourhoodAmbiance:
    neighbourhood_id: int
    neighbourhood: str
    interventions: int
    counts: dict[str, int]
    computed: str
    level: str  # the override's when there is one
    override_reason: str = ""
    previous: str = ""
    trend: str = ""  # "better", "same", "worse" or "" without comparison
    notable: int = 0  # interventions coded orange or red, or with an emergency service alerted
    labels: dict[str, str] = field(default_factory=dict)  # the scheme's wording of the levels

    @property
    def level_label(self) -> str:
        if not self.level:
            return ""
        return self.labels.get(self.level) or str(Climate(self.level).label)

    def as_json(self) -> dict[str, Any]:
        return {
            "neighbourhood_id": self.neighbourhood_id,
            "neighbourhood": self.neighbourhood,
            "interventions": self.interventions,
            "counts": self.counts,
            "computed": self.computed,
            "level": self.level,
            "level_label": str(self.level_label),
            "override_reason": self.override_reason,
            "previous": self.previous,
            "trend": self.trend,
            "notable": self.notable,
        }


def _counts(
    scheme: Scheme, start: date, end: date, interventions: QuerySet[Intervention] | None = None
) -> dict[int, dict[str, int]]:
    """Per neighbourhood: interventions, each climate, notable ones — one grouped query."""
    qs = interventions if interventions is not None else Intervention.objects.all()
    emergency = Intervention.actions.through.objects.filter(intervention_id=OuterRef("pk")).exclude(
        fieldcode__emergency_number=""
    )
    rows = (
        qs.filter(scheme=scheme, night__gte=start, night__lte=end, neighbourhood__isnull=False)
        .annotate(alerted=Exists(emergency))
        .values("neighbourhood_id")
        .annotate(
            total=Count("pk"),
            green=Count("pk", filter=Q(climate="green")),
            yellow=Count("pk", filter=Q(climate="yellow")),
            orange=Count("pk", filter=Q(climate="orange")),
            red=Count("pk", filter=Q(climate="red")),
            notable=Count("pk", filter=Q(climate__in=["orange", "red"]) | Q(alerted=True)),
        )
        .order_by()
    )
    out: dict[int, dict[str, int]] = {}
    for row in rows:
        values: dict[str, Any] = dict(row)
        out[values.pop("neighbourhood_id")] = values
    return out


def _trend(level: str, previous: str, counts: dict[str, int], before: dict[str, int]) -> str:
    if not level or not previous:
        return ""
    if RANK[level] != RANK[previous]:
        return "worse" if RANK[level] > RANK[previous] else "better"
    now_bad = counts.get("orange", 0) + counts.get("red", 0)
    then_bad = before.get("orange", 0) + before.get("red", 0)
    if now_bad == then_bad:
        return "same"
    return "worse" if now_bad > then_bad else "better"


def ambiance(
    scheme: Scheme,
    start: date,
    end: date,
    *,
    period: str = "",
    interventions: QuerySet[Intervention] | None = None,
    neighbourhoods: QuerySet[Neighbourhood] | None = None,
) -> list[NeighbourhoodAmbiance]:
    """The ambiance of each neighbourhood over the nights ``start``…``end`` (inclusive),
    compared with the same number of nights just before. ``interventions`` and
    ``neighbourhoods`` restrict it to a reader's perimeter (their ``visible_to``)."""
    from voisinage.digests.models import AmbianceOverride

    length = (end - start).days + 1
    now = _counts(scheme, start, end, interventions)
    before = _counts(
        scheme, start - timedelta(days=length), start - timedelta(days=1), interventions
    )
    overrides = {}
    if period:
        overrides = {
            o.neighbourhood_id: o
            for o in AmbianceOverride.objects.filter(scheme=scheme, period=period, starts_on=start)
        }
    hoods = neighbourhoods if neighbourhoods is not None else Neighbourhood.objects.all()
    labels = scale_labels(scheme).labels(Scale.CLIMATE)
    out = []
    for hood in hoods.filter(scheme=scheme).order_by("name"):
        counts = now.get(hood.pk, {})
        then = before.get(hood.pk, {})
        if not counts and hood.pk not in overrides:
            continue
        computed = level_from_counts(*(counts.get(level, 0) for level in LEVELS))
        previous = level_from_counts(*(then.get(level, 0) for level in LEVELS))
        override = overrides.get(hood.pk)
        level = override.level if override else computed
        out.append(
            NeighbourhoodAmbiance(
                neighbourhood_id=hood.pk,
                neighbourhood=hood.name,
                interventions=counts.get("total", 0),
                counts={level: counts.get(level, 0) for level in LEVELS},
                computed=computed,
                level=level,
                override_reason=override.reason if override else "",
                previous=previous,
                trend=_trend(level, previous, counts, then),
                notable=counts.get("notable", 0),
                labels=labels,
            )
        )
    return out


def ambiance_for_night(scheme: Scheme, night: date) -> list[dict[str, Any]]:
    """The night's ambiance per neighbourhood, as the digest stores it."""
    return [a.as_json() for a in ambiance(scheme, night, night)]


def period_bounds(period: str, day: date) -> tuple[date, date]:
    """The week (Monday–Sunday) or the month containing ``day``."""
    if period == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    start = day.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return start, following - timedelta(days=1)
