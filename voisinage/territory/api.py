from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.views.decorators.gzip import gzip_page
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from voisinage.apiauth import caller
from voisinage.apitypes import Id, Paginated
from voisinage.lib import bounds
from voisinage.schemes.access import access_scheme
from voisinage.territory import settings_api
from voisinage.territory.models import Entrance, Neighbourhood, Residence
from voisinage.territory.selectors import (
    distance_metres,
    housing_stock,
    nearest_entrances,
    scheme_entrances,
    scheme_neighbourhoods,
)

router = Router(tags=["territory"])


class NeighbourhoodOut(Schema):
    id: int
    name: str
    kind: str
    lat: float | None
    lon: float | None


class Ref(Schema):
    id: int
    name: str


class EntranceOut(Schema):
    id: int
    code: str
    address: str
    landlord: Ref
    neighbourhood: Ref
    residence: Ref | None
    dwellings: int
    lat: float | None
    lon: float | None


class EntranceFilters(Schema):
    landlord: Id | None = Field(None, description="Landlord organisation id")
    neighbourhood: Id | None = Field(None, description="Neighbourhood id")
    q: str = Field("", max_length=100, description="Words to find in code, address, residence")


class StockLine(Schema):
    id: int
    name: str
    entrances: int
    dwellings: int
    entrances_share: int = Field(description="Whole percent of the visible entrances")
    dwellings_share: int = Field(description="Whole percent of the visible dwellings")


class NeighbourhoodStockLine(StockLine):
    kind: str


class HousingStockOut(Schema):
    entrances: int
    dwellings: int
    by_landlord: list[StockLine]
    by_neighbourhood: list[NeighbourhoodStockLine]


@router.get("/{slug}/neighbourhoods", response=list[NeighbourhoodOut], summary="Neighbourhoods")
@paginate(Paginated)
def list_neighbourhoods(request: HttpRequest, slug: str) -> QuerySet[Neighbourhood]:
    return scheme_neighbourhoods(caller(request), access_scheme(caller(request), slug))


@router.get("/{slug}/entrances", response=list[EntranceOut], summary="Entrances")
@paginate(Paginated)
def list_entrances(
    request: HttpRequest, slug: str, filters: Query[EntranceFilters]
) -> QuerySet[Entrance]:
    scheme = access_scheme(caller(request), slug)
    return scheme_entrances(
        caller(request),
        scheme,
        landlord=filters.landlord,
        neighbourhood=filters.neighbourhood,
        q=filters.q,
    )


class NearestEntranceOut(EntranceOut):
    distance_m: int = Field(description="Distance from the given point, in metres")


@router.get(
    "/{slug}/entrances/nearest",
    response=list[NearestEntranceOut],
    summary="Entrances nearest to a point (for recording on a phone)",
)
def nearest_entrances_api(
    request: HttpRequest,
    slug: str,
    lat: float = Query(..., ge=-90, le=90),
    lon: float = Query(..., ge=-180, le=180),
    limit: int = Query(10, ge=1, le=50),
) -> list[dict[str, Any]]:
    scheme = access_scheme(caller(request), slug)
    return [
        {
            **EntranceOut.from_orm(e).dict(),
            "distance_m": round(distance_metres(lat, lon, e.lat or 0.0, e.lon or 0.0)),
        }
        for e in nearest_entrances(caller(request), scheme, lat=lat, lon=lon, limit=limit)
    ]


@router.get(
    "/{slug}/housing-stock",
    response=HousingStockOut,
    summary="Entrances and dwellings the caller can see, by landlord and neighbourhood",
)
def get_housing_stock(request: HttpRequest, slug: str) -> dict[str, Any]:
    stock = housing_stock(caller(request), access_scheme(caller(request), slug))
    return {
        "entrances": stock.entrances,
        "dwellings": stock.dwellings,
        "by_landlord": stock.by_landlord,
        "by_neighbourhood": stock.by_neighbourhood,
    }


@router.get(
    "/{slug}/entrances.geojson",
    summary="Entrances as GeoJSON (FeatureCollection)",
    response=dict[str, Any],
)
def entrances_geojson(
    request: HttpRequest, slug: str, filters: Query[EntranceFilters]
) -> dict[str, Any]:
    scheme = access_scheme(caller(request), slug)
    rows = (
        scheme_entrances(
            caller(request),
            scheme,
            landlord=filters.landlord,
            neighbourhood=filters.neighbourhood,
            q=filters.q,
        )
        .filter(lat__isnull=False, lon__isnull=False)
        .values_list(
            "id",
            "code",
            "address",
            "landlord__name",
            "neighbourhood__name",
            "dwellings",
            "lat",
            "lon",
        )
    )
    features = [
        {
            "type": "Feature",
            "id": pk,
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {
                "code": code,
                "address": address,
                "landlord": landlord,
                "neighbourhood": neighbourhood,
                "dwellings": dwellings,
            },
        }
        for pk, code, address, landlord, neighbourhood, dwellings, lat, lon in rows
    ]
    return {"type": "FeatureCollection", "features": features}


OFFLINE_PAGE = 5000


class OfflineEntrancesOut(Schema):
    columns: list[str] = Field(
        description="Names of each row's values: id, code, address, residence, landlord id, "
        "neighbourhood id, lat, lon"
    )
    rows: list[list[Any]]
    landlords: dict[str, str] = Field(description="Names of the landlords the rows refer to")
    neighbourhoods: dict[str, str] = Field(description="Names of their neighbourhoods")
    next_after: int | None = Field(description="Pass as ?after= for the next page; null at the end")


@router.get(
    "/{slug}/entrances/offline",
    response=OfflineEntrancesOut,
    summary="The caller's entrances, compact, for a phone to search offline (by id, in pages)",
)
# Compressed when the phone accepts it: on a 3G network the perimeter of a large scheme is
# several times faster to fetch (docs/performance.md, "The field app on a phone").
@decorate_view(gzip_page)
def offline_entrances(
    request: HttpRequest,
    slug: str,
    after: int = Query(0, ge=0, le=bounds.MAX_ID, description="Last id of the previous page"),
    limit: int = Query(OFFLINE_PAGE, ge=1, le=OFFLINE_PAGE),
) -> dict[str, Any]:
    scheme = access_scheme(caller(request), slug)
    rows = list(
        scheme_entrances(caller(request), scheme)
        .filter(pk__gt=after)
        .order_by("pk")
        .values_list(
            "pk",
            "code",
            "address",
            "residence__name",
            "landlord_id",
            "neighbourhood_id",
            "lat",
            "lon",
            "landlord__name",
            "neighbourhood__name",
        )[: limit + 1]
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "columns": [
            "id",
            "code",
            "address",
            "residence",
            "landlord",
            "neighbourhood",
            "lat",
            "lon",
        ],
        "rows": [[*row[:3], row[3] or "", *row[4:8]] for row in rows],
        "landlords": {str(row[4]): row[8] for row in rows},
        "neighbourhoods": {str(row[5]): row[9] for row in rows},
        "next_after": rows[-1][0] if more else None,
    }


# --- Retiring neighbourhoods and residences (the scheme's managers only) ---------------------


class RetireIn(Schema):
    retire: bool = Field(True, description="False brings it back")
    with_entrances: bool = Field(
        False, description="Retire its entrances in service with it (otherwise refused)"
    )


class RetiredOut(Schema):
    id: int
    name: str
    is_active: bool


def _retire(request: HttpRequest, slug: str, model: Any, pk: int, payload: RetireIn) -> Any:
    from django.core.exceptions import ValidationError
    from ninja.errors import HttpError

    from voisinage.accounts.access import get_or_404
    from voisinage.territory import services

    user = caller(request)
    scheme = access_scheme(user, slug, write=True)
    row = get_or_404(model.objects.filter(scheme=scheme), pk=pk)
    try:
        if model is Neighbourhood:
            row = services.neighbourhood_retire(
                neighbourhood=row,
                author=user,
                retire=payload.retire,
                with_entrances=payload.with_entrances,
            )
        else:
            row = services.residence_retire(
                residence=row,
                author=user,
                retire=payload.retire,
                with_entrances=payload.with_entrances,
            )
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    return {"id": row.pk, "name": row.name, "is_active": row.is_active}


@router.post(
    "/{slug}/settings/neighbourhoods/{neighbourhood_id}/retire",
    response=RetiredOut,
    summary="Retire a neighbourhood (with its entrances when asked) or bring it back",
)
def retire_neighbourhood(
    request: HttpRequest, slug: str, neighbourhood_id: Id, payload: RetireIn
) -> Any:
    return _retire(request, slug, Neighbourhood, neighbourhood_id, payload)


@router.post(
    "/{slug}/settings/residences/{residence_id}/retire",
    response=RetiredOut,
    summary="Retire a residence (with its entrances when asked) or bring it back",
)
def retire_residence(request: HttpRequest, slug: str, residence_id: Id, payload: RetireIn) -> Any:
    return _retire(request, slug, Residence, residence_id, payload)


router.add_router("", settings_api.router)
