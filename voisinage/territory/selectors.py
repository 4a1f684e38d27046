"""Reads of the territory for a user; everything goes through visible_to (one entrance:
``territory.access``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Avg, Count, Q, QuerySet, Sum

from voisinage.schemes.models import SchemeMember
from voisinage.territory.models import (
    Entrance,
    Neighbourhood,
    NeighbourhoodKind,
    Organisation,
    Residence,
)

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def scheme_entrances(
    user: AnyUser,
    scheme: Scheme,
    *,
    landlord: int | None = None,
    neighbourhood: int | None = None,
    q: str = "",
    active_only: bool = True,
) -> QuerySet[Entrance]:
    qs = Entrance.objects.visible_to(user).filter(scheme=scheme)
    if active_only:
        qs = qs.filter(is_active=True)
    if landlord is not None:
        qs = qs.filter(landlord_id=landlord)
    if neighbourhood is not None:
        qs = qs.filter(neighbourhood_id=neighbourhood)
    if q:
        for word in q.split()[:5]:
            qs = qs.filter(
                Q(code__icontains=word)
                | Q(address__icontains=word)
                | Q(residence__name__icontains=word)
                | Q(neighbourhood__name__icontains=word)
            )
    return qs.select_related("landlord", "neighbourhood", "residence").order_by("code")


def entrances_centre(user: AnyUser, scheme: Scheme) -> tuple[float, float] | None:
    """The mean position of the entrances ``user`` may see in the scheme (where a map opens),
    None when none has a position."""
    centre = (
        Entrance.objects.visible_to(user)
        .filter(scheme=scheme, lat__isnull=False, lon__isnull=False)
        .aggregate(lat=Avg("lat"), lon=Avg("lon"))
    )
    if centre["lat"] is None or centre["lon"] is None:
        return None
    return centre["lat"], centre["lon"]


def in_service[M: (Neighbourhood, Residence)](
    queryset: QuerySet[M], keep: Iterable[object] = ()
) -> QuerySet[M]:
    """Neighbourhoods or residences to offer for a new entry: those in service, and those an
    edited record already names (``keep``: objects or ids) even if retired since."""
    kept = [getattr(k, "pk", k) for k in keep if k]
    return queryset.filter(Q(is_active=True) | Q(pk__in=kept))


def member_organisations(
    scheme: Scheme, keep: Iterable[object] = (), *, role: str | None = None
) -> QuerySet[Organisation]:
    """The organisations to offer for a new entry: the scheme's members today (in ``role`` when
    given; a membership ended is no longer offered), and those an edited record already names
    (``keep``)."""
    kept = [getattr(k, "pk", k) for k in keep if k]
    members = SchemeMember.objects.in_force().filter(scheme=scheme)
    if role is not None:
        members = members.filter(role=role)
    return (
        Organisation.objects.filter(Q(pk__in=members.values("organisation_id")) | Q(pk__in=kept))
        .distinct()
        .order_by("name")
    )


def scheme_neighbourhoods(user: AnyUser, scheme: Scheme) -> QuerySet[Neighbourhood]:
    return Neighbourhood.objects.visible_to(user).filter(scheme=scheme).order_by("kind", "name")


@dataclass(frozen=True)
class Tally:
    entrances: int
    dwellings: int


@dataclass(frozen=True)
class Share:
    """A line of a breakdown: counts and whole-percent shares of the visible total."""

    id: int
    name: str
    kind: str
    entrances: int
    dwellings: int
    entrances_share: int
    dwellings_share: int


@dataclass(frozen=True)
class StockTableRow:
    label: str
    kind: str  # the neighbourhood kind; "" for subtotal rows
    is_subtotal: bool
    cells: list[Tally]  # one per landlord, in the order of HousingStock.landlords
    total: Tally


@dataclass(frozen=True)
class HousingStock:
    entrances: int
    dwellings: int
    by_landlord: list[Share]
    by_neighbourhood: list[Share]
    landlords: list[Share]
    rows: list[StockTableRow]  # kind subtotal, then its neighbourhoods, for each kind


def _percent(part: int, whole: int) -> int:
    """Whole percent, rounded half up (as the seed's table does)."""
    return (200 * part + whole) // (2 * whole) if whole else 0


def housing_stock(user: AnyUser, scheme: Scheme) -> HousingStock:
    """Entrances and dwellings per landlord × neighbourhood, over what the user may see.

    One aggregate query; the pivot is done on the aggregated cells (at most landlords ×
    neighbourhoods of them).
    """
    cells: list[dict[str, Any]] = [
        dict(row)
        for row in Entrance.objects.visible_to(user)
        .filter(scheme=scheme, is_active=True)
        .values("landlord_id", "neighbourhood_id")
        .annotate(entrances=Count("id"), dwellings=Sum("dwellings"))
        .order_by()
    ]
    landlord_ids = {c["landlord_id"] for c in cells}
    neighbourhood_ids = {c["neighbourhood_id"] for c in cells}
    landlords = {o.pk: o for o in Organisation.objects.filter(pk__in=landlord_ids)}
    neighbourhoods = {n.pk: n for n in Neighbourhood.objects.filter(pk__in=neighbourhood_ids)}
    total_e = sum(c["entrances"] for c in cells)
    total_d = sum(c["dwellings"] or 0 for c in cells)

    def breakdown(key: str, names: dict[int, str], kinds: dict[int, str]) -> list[Share]:
        sums: dict[int, list[int]] = {}
        for c in cells:
            acc = sums.setdefault(c[key], [0, 0])
            acc[0] += c["entrances"]
            acc[1] += c["dwellings"] or 0
        return sorted(
            (
                Share(
                    id=pk,
                    name=names[pk],
                    kind=kinds.get(pk, ""),
                    entrances=e,
                    dwellings=d,
                    entrances_share=_percent(e, total_e),
                    dwellings_share=_percent(d, total_d),
                )
                for pk, (e, d) in sums.items()
            ),
            key=lambda s: s.name.lower(),
        )

    by_landlord = breakdown("landlord_id", {pk: o.display_name for pk, o in landlords.items()}, {})
    kind_order = {k: i for i, k in enumerate(NeighbourhoodKind.values)}
    by_neighbourhood = sorted(
        breakdown(
            "neighbourhood_id",
            {pk: n.name for pk, n in neighbourhoods.items()},
            {pk: n.kind for pk, n in neighbourhoods.items()},
        ),
        key=lambda s: (kind_order.get(s.kind, 99), s.name.lower()),
    )
    landlord_order = [s.id for s in by_landlord]
    grid = {(c["neighbourhood_id"], c["landlord_id"]): c for c in cells}

    rows: list[StockTableRow] = []
    for kind, kind_label in NeighbourhoodKind.choices:
        members = [s for s in by_neighbourhood if s.kind == kind]
        if not members:
            continue
        sub_cells = []
        for lid in landlord_order:
            e = sum(grid[(n.id, lid)]["entrances"] for n in members if (n.id, lid) in grid)
            d = sum(grid[(n.id, lid)]["dwellings"] or 0 for n in members if (n.id, lid) in grid)
            sub_cells.append(Tally(e, d))
        rows.append(
            StockTableRow(
                label=str(kind_label),
                kind="",
                is_subtotal=True,
                cells=sub_cells,
                total=Tally(sum(m.entrances for m in members), sum(m.dwellings for m in members)),
            )
        )
        for n in members:
            row_cells = [
                Tally(grid[(n.id, lid)]["entrances"], grid[(n.id, lid)]["dwellings"] or 0)
                if (n.id, lid) in grid
                else Tally(0, 0)
                for lid in landlord_order
            ]
            rows.append(
                StockTableRow(
                    label=n.name,
                    kind=kind,
                    is_subtotal=False,
                    cells=row_cells,
                    total=Tally(n.entrances, n.dwellings),
                )
            )
    return HousingStock(
        entrances=total_e,
        dwellings=total_d,
        by_landlord=by_landlord,
        by_neighbourhood=by_neighbourhood,
        landlords=by_landlord,
        rows=rows,
    )


def housing_stock_export_rows(user: AnyUser, scheme: Scheme) -> list[list[object]]:
    """The visible entrances in the import file's column order, so export → import round-trips."""
    return [
        [
            e.code,
            e.address,
            e.landlord.name,
            e.neighbourhood.name,
            e.residence.name if e.residence else "",
            e.dwellings,
            e.lat,
            e.lon,
        ]
        for e in scheme_entrances(user, scheme, active_only=False)
    ]


def nearest_entrances(
    user: AnyUser, scheme: Scheme, *, lat: float, lon: float, limit: int = 10
) -> list[Entrance]:
    """The visible entrances closest to a point, closest first (equirectangular distance,
    computed in the database: accurate enough at a neighbourhood's scale)."""
    import math

    from django.db.models import F, Value
    from django.db.models.functions import Power

    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return []
    shrink = math.cos(math.radians(lat))
    distance = Power(F("lat") - Value(lat), 2) + Power((F("lon") - Value(lon)) * Value(shrink), 2)
    return list(
        scheme_entrances(user, scheme)
        .filter(lat__isnull=False, lon__isnull=False)
        .annotate(distance=distance)
        .order_by("distance", "code")[: max(1, min(limit, 50))]
    )


def distance_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    import math

    radius = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(a))
