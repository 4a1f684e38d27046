"""Retiring neighbourhoods and residences, like entrances: a retired one leaves the choices of
new entries and the forms, stays on what was recorded with it and in the statistics, and can be
brought back. One with entrances in service is retired only with them (``with_entrances``),
never leaving an entrance in service in a retired neighbourhood or residence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from voisinage.schemes.changes import setting_change_record
from voisinage.territory.models import Entrance, Neighbourhood, Residence

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from voisinage.accounts.models import User


def _state(active: bool) -> str:
    return str(_("in service")) if active else str(pgettext("neighbourhood", "retired"))


def _retire_entrances(
    entrances: QuerySet[Entrance], author: User | None, with_entrances: bool
) -> None:
    """Retire the entrances in service of a neighbourhood or residence being retired — only when
    asked (``with_entrances``); otherwise refuse, saying how many there are."""
    from voisinage.territory.services.places import entrance_update

    active = list(entrances.filter(is_active=True).select_related("neighbourhood"))
    if active and not with_entrances:
        raise ValidationError(
            ngettext(
                "%(count)d entrance is still in service here: retire it first, or retire "
                "with the entrances.",
                "%(count)d entrances are still in service here: retire them first, or retire "
                "with the entrances.",
                len(active),
            )
            % {"count": len(active)}
        )
    for entrance in active:
        entrance_update(
            entrance=entrance,
            author=author,
            address=entrance.address,
            neighbourhood=entrance.neighbourhood,
            dwellings=entrance.dwellings,
            is_active=False,
        )


@transaction.atomic
def neighbourhood_retire(
    *,
    neighbourhood: Neighbourhood,
    author: User | None,
    retire: bool = True,
    with_entrances: bool = False,
) -> Neighbourhood:
    """Retire a neighbourhood (with its entrances and residences in service when
    ``with_entrances``), or bring it back (``retire=False``; its entrances and residences stay
    retired and are brought back one by one). Logged."""
    from voisinage.territory.services.places import NEIGHBOURHOODS

    locked = Neighbourhood.objects.select_for_update().get(pk=neighbourhood.pk)
    if locked.is_active == (not retire):
        return locked
    if retire:
        _retire_entrances(
            Entrance.objects.filter(neighbourhood=locked), author, with_entrances=with_entrances
        )
        for residence in Residence.objects.filter(neighbourhood=locked, is_active=True):
            residence_retire(residence=residence, author=author, with_entrances=with_entrances)
    locked.is_active = not retire
    locked.save(update_fields=["is_active"])
    setting_change_record(
        scheme=locked.scheme,
        author=author,
        section=NEIGHBOURHOODS,
        subject=locked.name,
        before=_state(retire),
        after=_state(not retire),
    )
    return locked


@transaction.atomic
def residence_retire(
    *,
    residence: Residence,
    author: User | None,
    retire: bool = True,
    with_entrances: bool = False,
) -> Residence:
    """Retire a residence (with its entrances in service when ``with_entrances``), or bring it
    back (not while its neighbourhood is retired). Logged."""
    from voisinage.territory.services.places import NEIGHBOURHOODS

    locked = (
        Residence.objects.select_for_update().select_related("neighbourhood").get(pk=residence.pk)
    )
    if locked.is_active == (not retire):
        return locked
    if retire:
        _retire_entrances(
            Entrance.objects.filter(residence=locked), author, with_entrances=with_entrances
        )
    elif not locked.neighbourhood.is_active:
        raise ValidationError(
            _("Its neighbourhood %(name)s is retired: bring it back first.")
            % {"name": locked.neighbourhood.name}
        )
    locked.is_active = not retire
    locked.save(update_fields=["is_active"])
    setting_change_record(
        scheme=locked.scheme,
        author=author,
        section=NEIGHBOURHOODS,
        subject=locked.name,
        before=_state(retire),
        after=_state(not retire),
    )
    return locked
