"""Where a record happens: the location fields that interventions, calls, instructions, reports
and their occurrences share, and the one rule that fills them from an entrance.

A record is located at an entrance of the scheme — its neighbourhood (and landlord, where the
record keeps one) are then copied from it, so that the perimeter rules filter on the record's
own columns — or at another place, named or positioned, in a neighbourhood or none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from voisinage.schemes.models import Scheme
    from voisinage.territory.models import Entrance, Neighbourhood


class OtherPlaceKind(models.TextChoices):
    PUBLIC_SPACE = "public_space", _("Public space")
    SCHOOL = "school", _("School")
    SHOP = "shop", _("Shop")
    TRANSPORT = "transport", _("Public transport")
    OTHER = "other", _("Other place")


class Located(models.Model):
    """An entrance, or a neighbourhood (or none) for a record somewhere else."""

    entrance = models.ForeignKey(
        "territory.Entrance",
        verbose_name=_("entrance"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    neighbourhood = models.ForeignKey(
        "territory.Neighbourhood",
        verbose_name=_("neighbourhood"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True


class LandlordLocated(Located):
    """Located, with the landlord of the entrance copied too (the stock perimeter reads it)."""

    landlord = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("landlord"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True


class OtherPlaced(models.Model):
    """A place that is not an entrance: its kind and its name or address."""

    other_place_kind = models.CharField(
        _("other place"), max_length=20, choices=OtherPlaceKind.choices, blank=True
    )
    other_place_label = models.CharField(_("place name or address"), max_length=255, blank=True)

    class Meta:
        abstract = True


class Positioned(models.Model):
    """A position on the map (WGS 84), when there is one."""

    lat = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    lon = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        abstract = True


def entrance_place(scheme: Scheme, entrance: Entrance) -> dict[str, Any]:
    """The landlord and neighbourhood a record at ``entrance`` copies: the objects when they were
    loaded with the entrance (select_related), so that the caller can show the new record without
    reading them back, else their ids. A French error when the entrance is another scheme's."""
    from voisinage.territory.models import Entrance

    if entrance.scheme_id != scheme.pk:
        raise ValidationError({"entrance": _("This entrance is not in the scheme.")})
    place: dict[str, Any] = {}
    for name, descriptor in (
        ("landlord", Entrance.landlord),
        ("neighbourhood", Entrance.neighbourhood),
    ):
        if descriptor.is_cached(entrance):
            place[name] = getattr(entrance, name)
        else:
            place[f"{name}_id"] = getattr(entrance, f"{name}_id")
    return place


def checked_neighbourhood(scheme: Scheme, neighbourhood: Neighbourhood | None) -> None:
    if neighbourhood is not None and neighbourhood.scheme_id != scheme.pk:
        raise ValidationError({"neighbourhood": _("This neighbourhood is not in the scheme.")})


def place_fields(
    scheme: Scheme,
    entrance: Entrance | None,
    neighbourhood: Neighbourhood | None,
    other_place_kind: str,
) -> dict[str, Any]:
    """The location fields of a record at an entrance (landlord and neighbourhood follow it) or
    at another place of a given kind; a French error for neither, or for another scheme's."""
    if entrance is not None:
        return {"other_place_kind": "", **entrance_place(scheme, entrance)}
    if not other_place_kind:
        raise ValidationError({"entrance": _("Choose an entrance or another place.")})
    checked_neighbourhood(scheme, neighbourhood)
    return {
        "other_place_kind": other_place_kind,
        "landlord": None,
        "neighbourhood": neighbourhood,
    }
