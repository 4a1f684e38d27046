"""The settings area's writes on the territory: neighbourhoods, residences, entrances and the
organisations they name (each logged in the scheme's change log)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from voisinage.schemes.changes import setting_change_record
from voisinage.schemes.models import MemberRole
from voisinage.territory.models import (
    Entrance,
    Neighbourhood,
    NeighbourhoodKind,
    Organisation,
    Residence,
)

if TYPE_CHECKING:
    from voisinage.accounts.models import User
    from voisinage.schemes.models import Scheme


NEIGHBOURHOODS = "quartiers"
ENTRANCES = "entrees"


def _landlord_of(scheme: Scheme, landlord: Organisation) -> Organisation:
    landlords = scheme.members.in_force().filter(organisation=landlord, role=MemberRole.LANDLORD)
    if not landlords.exists():
        raise ValidationError({"landlord": _("This organisation is not a landlord of the scheme.")})
    return landlord


def _neighbourhood_of(
    scheme: Scheme, neighbourhood: Neighbourhood, *, in_service: bool = True
) -> Neighbourhood:
    if neighbourhood.scheme_id != scheme.pk:
        raise ValidationError({"neighbourhood": _("This neighbourhood is not in the scheme.")})
    if in_service and not neighbourhood.is_active:
        raise ValidationError(
            {"neighbourhood": _("This neighbourhood is retired: bring it back first.")}
        )
    return neighbourhood


def _name_free(scheme: Scheme, name: str, *, exclude: int = 0) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give a name.")})
    clash = Neighbourhood.objects.filter(scheme=scheme, name__iexact=name).exclude(pk=exclude)
    if clash.exists():
        raise ValidationError(
            {"name": _("The scheme already has a neighbourhood named “%(name)s”.") % {"name": name}}
        )
    return name


@transaction.atomic
def neighbourhood_create(
    *,
    scheme: Scheme,
    author: User | None,
    name: str,
    kind: str = NeighbourhoodKind.OTHER,
    lat: float | None = None,
    lon: float | None = None,
) -> Neighbourhood:
    neighbourhood = Neighbourhood(
        scheme=scheme, name=_name_free(scheme, name), kind=kind, lat=lat, lon=lon
    )
    neighbourhood.full_clean()
    neighbourhood.save()
    setting_change_record(
        scheme=scheme,
        author=author,
        section=NEIGHBOURHOODS,
        subject=neighbourhood.name,
        before="",
        after=neighbourhood.get_kind_display(),
    )
    return neighbourhood


@transaction.atomic
def neighbourhood_update(
    *, neighbourhood: Neighbourhood, author: User | None, name: str, kind: str
) -> Neighbourhood:
    locked = Neighbourhood.objects.select_for_update().get(pk=neighbourhood.pk)
    before = f"{locked.name} ({locked.get_kind_display()})"
    locked.name = _name_free(locked.scheme, name, exclude=locked.pk)
    locked.kind = kind
    locked.full_clean()
    locked.save(update_fields=["name", "kind"])
    after = f"{locked.name} ({locked.get_kind_display()})"
    if after != before:
        setting_change_record(
            scheme=locked.scheme,
            author=author,
            section=NEIGHBOURHOODS,
            subject=locked.name,
            before=before,
            after=after,
        )
    return locked


@transaction.atomic
def residence_create(
    *,
    scheme: Scheme,
    author: User | None,
    landlord: Organisation,
    neighbourhood: Neighbourhood,
    name: str,
) -> Residence:
    name = name.strip()
    if Residence.objects.filter(scheme=scheme, landlord=landlord, name__iexact=name).exists():
        raise ValidationError(
            {"name": _("This landlord already has a residence named “%(name)s”.") % {"name": name}}
        )
    residence = Residence(
        scheme=scheme,
        landlord=_landlord_of(scheme, landlord),
        neighbourhood=_neighbourhood_of(scheme, neighbourhood),
        name=name,
    )
    residence.full_clean()
    residence.save()
    setting_change_record(
        scheme=scheme,
        author=author,
        section=ENTRANCES,
        subject=residence.name,
        before="",
        after=f"{landlord} — {neighbourhood}",
    )
    return residence


def _entrance_text(entrance: Entrance) -> str:
    state = "" if entrance.is_active else f" ({_('retired')})"
    return (
        f"{entrance.address} — {entrance.neighbourhood} — {entrance.landlord} — "
        f"{entrance.dwellings}{state}"
    )


@transaction.atomic
def entrance_create(
    *,
    scheme: Scheme,
    author: User | None,
    code: str,
    address: str,
    landlord: Organisation,
    neighbourhood: Neighbourhood,
    residence: Residence | None = None,
    dwellings: int = 0,
    lat: float | None = None,
    lon: float | None = None,
) -> Entrance:
    code = code.strip()
    if Entrance.objects.filter(scheme=scheme, code__iexact=code).exists():
        raise ValidationError(
            {
                "code": _("The scheme already has an entrance with the code “%(code)s”.")
                % {"code": code}
            }
        )
    if residence is not None and residence.scheme_id != scheme.pk:
        raise ValidationError({"residence": _("This residence is not in the scheme.")})
    if residence is not None and not residence.is_active:
        raise ValidationError({"residence": _("This residence is retired: bring it back first.")})
    entrance = Entrance(
        scheme=scheme,
        code=code,
        address=address.strip(),
        landlord=_landlord_of(scheme, landlord),
        neighbourhood=_neighbourhood_of(scheme, neighbourhood),
        residence=residence,
        dwellings=dwellings,
        lat=lat,
        lon=lon,
    )
    entrance.full_clean()
    entrance.save()
    setting_change_record(
        scheme=scheme,
        author=author,
        section=ENTRANCES,
        subject=entrance.code,
        before="",
        after=_entrance_text(entrance),
    )
    return entrance


@transaction.atomic
def entrance_update(
    *,
    entrance: Entrance,
    author: User | None,
    address: str,
    neighbourhood: Neighbourhood,
    dwellings: int,
    is_active: bool = True,
) -> Entrance:
    """Edit, move (to another neighbourhood) or retire an entrance. What was recorded at it
    keeps the neighbourhood and landlord it had then."""
    locked = Entrance.objects.select_for_update().get(pk=entrance.pk)
    before = _entrance_text(locked)
    locked.address = address.strip()
    locked.neighbourhood = _neighbourhood_of(locked.scheme, neighbourhood, in_service=is_active)
    locked.dwellings = dwellings
    locked.is_active = is_active
    locked.full_clean()
    locked.save(update_fields=["address", "neighbourhood", "dwellings", "is_active", "updated_at"])
    after = _entrance_text(locked)
    if after != before:
        setting_change_record(
            scheme=locked.scheme,
            author=author,
            section=ENTRANCES,
            subject=locked.code,
            before=before,
            after=after,
        )
    return locked


@transaction.atomic
def organisation_ensure(*, name: str, kind: str) -> Organisation:
    """The organisation of this name, created with ``kind`` when missing (an organisation is
    shared by every scheme it takes part in)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give a name.")})
    found = Organisation.objects.filter(name__iexact=name).first()
    if found is not None:
        return found
    organisation = Organisation(name=name, kind=kind)
    organisation.full_clean()
    organisation.save()
    return organisation
