"""The housing-stock import: a CSV or XLSX file checked whole (all or nothing), the landlords
and neighbourhoods it names created through the settings area's services when asked."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from voisinage.lib import clock
from voisinage.schemes.models import MemberRole
from voisinage.territory.models import (
    Entrance,
    Neighbourhood,
    NeighbourhoodKind,
    Organisation,
    OrganisationKind,
    Residence,
)
from voisinage.territory.services.places import neighbourhood_create, organisation_ensure
from voisinage.territory.stockfile import (
    COLUMN_LABELS,
    FileRejected,
    Problem,
    RawRow,
    normalise_header,
    read_rows,
    unescape_cell,
)

if TYPE_CHECKING:
    from voisinage.accounts.models import User
    from voisinage.schemes.models import Scheme


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    residences_created: int = 0
    codes: list[str] = field(default_factory=list)
    # Names created because the import was asked to create what was missing.
    neighbourhoods_created: list[str] = field(default_factory=list)
    landlords_created: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(frozen=True)
class _CleanRow:
    line: int
    code: str
    address: str
    landlord: Organisation
    neighbourhood: Neighbourhood
    residence: str
    dwellings: int
    lat: float | None
    lon: float | None


def _number(text: str) -> float:
    return float(text.replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", "."))


def _clean_rows(
    scheme: Scheme, rows: list[RawRow], *, create_missing: bool = False
) -> list[_CleanRow]:
    """The file's rows checked, every problem listed by line and column. With
    ``create_missing``, an unknown landlord or neighbourhood is not a problem: the row carries
    an unsaved ``Organisation`` or ``Neighbourhood`` of that name (one per name), created by
    the import."""
    landlords: dict[str, Organisation] = {}
    in_force = scheme.members.in_force().filter(role=MemberRole.LANDLORD)
    for org in Organisation.objects.filter(pk__in=in_force.values("organisation_id")):
        landlords[normalise_header(org.name)] = org
        if org.short_name:
            landlords[normalise_header(org.short_name)] = org
    neighbourhoods = {
        normalise_header(n.name): n for n in Neighbourhood.objects.filter(scheme=scheme)
    }
    problems: list[Problem] = []
    clean: list[_CleanRow] = []
    seen: dict[str, int] = {}

    def problem(line: int, column: str, message: str) -> None:
        problems.append(Problem(line, str(COLUMN_LABELS.get(column, column)), message))

    for row in rows:
        v = row.values
        before = len(problems)
        code = v.get("code", "")
        if not code:
            problem(row.line, "code", _("the code is required."))
        elif len(code) > 40:
            problem(row.line, "code", _("the code is longer than 40 characters."))
        elif code in seen:
            problem(
                row.line,
                "code",
                _("the code %(code)s already appears on line %(line)s.")
                % {"code": code, "line": seen[code]},
            )
        else:
            seen[code] = row.line
        address = v.get("adresse", "")
        if not address:
            problem(row.line, "adresse", _("the address is required."))
        elif len(address) > 255:
            problem(row.line, "adresse", _("the address is longer than 255 characters."))
        landlord = landlords.get(normalise_header(v.get("bailleur", "")))
        landlord_name = v.get("bailleur", "").strip()
        hood_name = v.get("quartier", "").strip()
        if landlord is None and create_missing and 0 < len(landlord_name) <= 200:
            landlord = Organisation(name=landlord_name, kind=OrganisationKind.LANDLORD)
            landlords[normalise_header(landlord_name)] = landlord
        hood_unknown = normalise_header(hood_name) not in neighbourhoods
        if create_missing and hood_unknown and 0 < len(hood_name) <= 120:
            neighbourhoods[normalise_header(hood_name)] = Neighbourhood(
                scheme=scheme, name=hood_name, kind=NeighbourhoodKind.OTHER
            )
        if landlord is None:
            problem(
                row.line,
                "bailleur",
                _("“%(value)s” is not a landlord of this scheme.") % {"value": v.get("bailleur")},
            )
        neighbourhood = neighbourhoods.get(normalise_header(v.get("quartier", "")))
        if neighbourhood is None:
            problem(
                row.line,
                "quartier",
                _("“%(value)s” is not a neighbourhood of this scheme.")
                % {"value": v.get("quartier")},
            )
        residence = v.get("residence", "")
        if len(residence) > 160:
            problem(row.line, "residence", _("the residence name is longer than 160 characters."))
        dwellings = 0
        try:
            dwellings_value = _number(v.get("logements", ""))
            if dwellings_value < 0 or not dwellings_value.is_integer():
                raise ValueError
            dwellings = int(dwellings_value)
        except ValueError:
            problem(
                row.line,
                "logements",
                _("“%(value)s” is not a whole number of dwellings.")
                % {"value": v.get("logements")},
            )
        coords: dict[str, float | None] = {"latitude": None, "longitude": None}
        coords_invalid = False
        for column, limit in (("latitude", 90), ("longitude", 180)):
            text = unescape_cell(v.get(column, ""))
            if not text:
                continue
            try:
                value = _number(text)
                if not -limit <= value <= limit:
                    raise ValueError
                coords[column] = value
            except ValueError:
                coords_invalid = True
                problem(
                    row.line,
                    column,
                    _("“%(value)s” is not a valid %(column)s.")
                    % {"value": text, "column": COLUMN_LABELS[column]},
                )
        if not coords_invalid and (coords["latitude"] is None) != (coords["longitude"] is None):
            problem(row.line, "", _("give both latitude and longitude, or neither."))
        if len(problems) == before and landlord is not None and neighbourhood is not None:
            clean.append(
                _CleanRow(
                    line=row.line,
                    code=code,
                    address=address,
                    landlord=landlord,
                    neighbourhood=neighbourhood,
                    residence=residence,
                    dwellings=dwellings,
                    lat=coords["latitude"],
                    lon=coords["longitude"],
                )
            )
    if problems:
        raise FileRejected(problems)
    return clean


def housing_stock_import(
    *,
    scheme: Scheme,
    data: bytes,
    filename: str,
    create_missing: bool = False,
    author: User | None = None,
) -> ImportResult:
    """Create or update the scheme's entrances from a CSV or XLSX file, matched by code.

    All or nothing: any problem raises FileRejected listing every problem (line, column,
    reason) and writes nothing. Entrances absent from the file are left as they are. With
    ``create_missing``, the landlords (an organisation of kind landlord, made a landlord member
    of the scheme) and neighbourhoods the file names and the scheme lacks are created in the
    same transaction, each logged in the change log and listed in the result.
    """
    rows = read_rows(data, filename)
    clean = _clean_rows(scheme, rows, create_missing=create_missing)
    result = ImportResult()
    with transaction.atomic():
        clean = _create_missing(scheme, clean, author, result)
        existing = {e.code: e for e in Entrance.objects.select_for_update().filter(scheme=scheme)}
        residences = {(r.landlord_id, r.name): r for r in Residence.objects.filter(scheme=scheme)}
        to_create: list[Entrance] = []
        to_update: list[Entrance] = []
        now = clock.now()  # bulk_update does not apply auto_now
        for row in clean:
            residence = None
            if row.residence:
                residence = residences.get((row.landlord.pk, row.residence))
                if residence is None:
                    residence = Residence.objects.create(
                        scheme=scheme,
                        landlord=row.landlord,
                        neighbourhood=row.neighbourhood,
                        name=row.residence,
                    )
                    residences[(row.landlord.pk, row.residence)] = residence
                    result.residences_created += 1
            values = {
                "address": row.address,
                "landlord_id": row.landlord.pk,
                "neighbourhood_id": row.neighbourhood.pk,
                "residence_id": residence.pk if residence else None,
                "dwellings": row.dwellings,
                "lat": row.lat,
                "lon": row.lon,
            }
            entrance = existing.get(row.code)
            if entrance is None:
                to_create.append(Entrance(scheme=scheme, code=row.code, **values))
                result.created += 1
            elif any(getattr(entrance, k) != val for k, val in values.items()):
                for k, val in values.items():
                    setattr(entrance, k, val)
                entrance.updated_at = now
                to_update.append(entrance)
                result.updated += 1
            else:
                result.unchanged += 1
            result.codes.append(row.code)
        Entrance.objects.bulk_create(to_create, batch_size=500)
        Entrance.objects.bulk_update(
            to_update,
            [
                "address",
                "landlord_id",
                "neighbourhood_id",
                "residence_id",
                "dwellings",
                "lat",
                "lon",
                "updated_at",
            ],
            batch_size=500,
        )
    return result


def _create_missing(
    scheme: Scheme, clean: list[_CleanRow], author: User | None, result: ImportResult
) -> list[_CleanRow]:
    """Create the unsaved landlords and neighbourhoods the rows carry (through the settings
    area's services, so each is logged); the rows returned name the saved ones."""
    from dataclasses import replace

    from voisinage.schemes.services import scheme_member_add

    hoods: dict[str, Neighbourhood] = {}
    orgs: dict[str, Organisation] = {}
    for row in clean:
        if row.neighbourhood.pk is None and row.neighbourhood.name not in hoods:
            hoods[row.neighbourhood.name] = neighbourhood_create(
                scheme=scheme, author=author, name=row.neighbourhood.name
            )
            result.neighbourhoods_created.append(row.neighbourhood.name)
        if row.landlord.pk is None and row.landlord.name not in orgs:
            organisation = organisation_ensure(
                name=row.landlord.name, kind=OrganisationKind.LANDLORD
            )
            scheme_member_add(
                scheme=scheme,
                author=author,
                organisation_id=organisation.pk,
                role=MemberRole.LANDLORD,
            )
            orgs[row.landlord.name] = organisation
            result.landlords_created.append(organisation.name)
    return [
        replace(
            row,
            landlord=orgs.get(row.landlord.name, row.landlord)
            if row.landlord.pk is None
            else row.landlord,
            neighbourhood=hoods.get(row.neighbourhood.name, row.neighbourhood)
            if row.neighbourhood.pk is None
            else row.neighbourhood,
        )
        for row in clean
    ]
