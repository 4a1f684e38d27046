"""The patrol rotation: which entrances to visit on which service night. Pure, no database.

The generator (``rotation``) works ISO week by ISO week over the service nights of a month:

* each week gets its share of the weekly target — all of it when the whole week lies in the
  month, pro rata to its service nights when the week straddles two months (rounded up, so the
  two monthly plans together reach the target);
* the entrances not visited (nor planned) for the longest time come first, never-visited ones
  before all others, ties broken by entrance code;
* the week's entrances are put in walking order (residences along a Hilbert curve, entrances
  of a residence together) and cut into contiguous runs, one per service night, as even as
  possible (sizes differ by at most one), so each night's team walks a compact area;
* the result depends only on the input: same input, same plan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

type IsoWeek = tuple[int, int]

HILBERT_ORDER = 10  # a 1024 × 1024 grid over the area's bounding box


@dataclass(frozen=True)
class Candidate:
    """An entrance the generator may plan, with when it was last visited or planned."""

    entrance_id: int
    code: str
    last_seen: date | None = None
    group: str = ""  # the residence (entrances of one residence are walked together)
    lat: float | None = None
    lon: float | None = None


def iso_week(day: date) -> IsoWeek:
    year, week, _weekday = day.isocalendar()
    return (year, week)


def _hilbert(size: int, x: int, y: int) -> int:
    """Distance of cell (x, y) along the Hilbert curve filling a size × size grid."""
    d = 0
    s = size // 2
    while s > 0:
        rx = 1 if x & s else 0
        ry = 1 if y & s else 0
        d += s * s * ((3 * rx) ^ ry)
        if ry == 0:
            if rx == 1:
                x, y = size - 1 - x, size - 1 - y
            x, y = y, x
        s //= 2
    return d


def walking_order[T](items: Sequence[T], place: Callable[[T], Candidate]) -> list[T]:
    """``items`` sorted so that neighbours in the list are neighbours on the ground.

    Residences are ordered along a Hilbert curve by the centroid of their entrances, entrances
    within a residence by their own position then code; entrances without coordinates come
    last, by residence and code.
    """
    placed = [(item, place(item)) for item in items]
    located = [c for _item, c in placed if c.lat is not None and c.lon is not None]
    if not located:
        return [item for item, _c in sorted(placed, key=lambda p: (p[1].group, p[1].code))]
    lats = [c.lat for c in located if c.lat is not None]
    lons = [c.lon for c in located if c.lon is not None]
    lat0, lon0 = min(lats), min(lons)
    span = max(max(lats) - lat0, max(lons) - lon0) or 1.0
    size = 1 << HILBERT_ORDER

    def cell(lat: float, lon: float) -> int:
        x = min(size - 1, int((lon - lon0) / span * (size - 1)))
        y = min(size - 1, int((lat - lat0) / span * (size - 1)))
        return _hilbert(size, x, y)

    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for c in located:
        acc = sums[c.group or f"#{c.entrance_id}"]
        acc[0] += c.lat or 0.0
        acc[1] += c.lon or 0.0
        acc[2] += 1
    centre = {name: cell(a[0] / a[2], a[1] / a[2]) for name, a in sums.items()}

    def position(pair: tuple[T, Candidate]) -> tuple[int, int, str, int, str, int]:
        c = pair[1]
        if c.lat is None or c.lon is None:
            return (1, 0, c.group, 0, c.code, c.entrance_id)
        group = c.group or f"#{c.entrance_id}"
        return (0, centre[group], group, cell(c.lat, c.lon), c.code, c.entrance_id)

    return [item for item, _c in sorted(placed, key=position)]


def split_evenly[T](items: Sequence[T], parts: int) -> list[list[T]]:
    """Cut ``items`` into ``parts`` contiguous runs whose sizes differ by at most one."""
    base, extra = divmod(len(items), parts)
    runs, start = [], 0
    for i in range(parts):
        size = base + (1 if i < extra else 0)
        runs.append(list(items[start : start + size]))
        start += size
    return runs


def week_quota(target: int, nights_in_month: int, nights_in_week: int) -> int:
    """The part of the weekly target falling to a month holding some of the week's nights."""
    if nights_in_week <= 0:
        return 0
    return -(-target * nights_in_month // nights_in_week)


def rotation(
    candidates: Sequence[Candidate],
    *,
    month_nights: Sequence[date],
    fill_from: date,
    week_nights: Mapping[IsoWeek, int],
    target: int,
    kept: Iterable[tuple[date, int]] = (),
) -> list[tuple[date, int]]:
    """Propose ``(night, entrance_id)`` pairs for the month's service nights from ``fill_from``.

    ``month_nights`` are the month's service nights; ``week_nights`` gives, per ISO week, the
    number of service nights of the whole week (including days in the neighbouring months);
    ``kept`` are entries that stay in the plan (earlier nights, passages already recorded):
    they count towards their week's quota and are not planned twice in it.
    """
    ids = {c.entrance_id for c in candidates}
    last_seen = {c.entrance_id: c.last_seen for c in candidates}
    kept_by_week: dict[IsoWeek, set[int]] = defaultdict(set)
    for night, entrance_id in kept:
        if entrance_id in ids:
            kept_by_week[iso_week(night)].add(entrance_id)
            seen = last_seen.get(entrance_id)
            if seen is None or seen < night:
                last_seen[entrance_id] = night
    nights_by_week: dict[IsoWeek, list[date]] = defaultdict(list)
    for night in sorted(set(month_nights)):
        nights_by_week[iso_week(night)].append(night)

    def staleness(c: Candidate) -> tuple[date, str, int]:
        return (last_seen[c.entrance_id] or date.min, c.code, c.entrance_id)

    proposal: list[tuple[date, int]] = []
    for week, nights in nights_by_week.items():
        to_fill = [n for n in nights if n >= fill_from]
        if not to_fill:
            continue
        quota = min(len(ids), week_quota(target, len(nights), week_nights.get(week, len(nights))))
        already = kept_by_week.get(week, set())
        wanted = max(0, quota - len(already))
        pool = sorted((c for c in candidates if c.entrance_id not in already), key=staleness)
        walk = walking_order(pool[:wanted], lambda c: c)
        for night, run in zip(to_fill, split_evenly(walk, len(to_fill)), strict=True):
            for c in run:
                proposal.append((night, c.entrance_id))
                last_seen[c.entrance_id] = night
    return proposal
