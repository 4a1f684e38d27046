"""Operators and their sites: which operator holds which site (a neighbourhood) of the scheme,
from a date to a date. An operator's people see only the sites it holds (ADR 0048)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from voisinage.accounts.models import OperatorSite
from voisinage.lib import clock
from voisinage.schemes.changes import setting_change_record
from voisinage.schemes.models import MemberRole, Scheme, SchemeMember
from voisinage.schemes.services.keys import SITES

if TYPE_CHECKING:
    from voisinage.accounts.models import User


def _period(site: OperatorSite) -> str:
    start = date_format(site.starts_on, "SHORT_DATE_FORMAT")
    if site.ends_on is None:
        return _("%(operator)s, from %(start)s") % {"operator": site.operator, "start": start}
    return _("%(operator)s, from %(start)s to %(end)s") % {
        "operator": site.operator,
        "start": start,
        "end": date_format(site.ends_on, "SHORT_DATE_FORMAT"),
    }


def _held(site: OperatorSite) -> str:
    """The period, and the weekly patrol target when there is one (the change log's line)."""
    if site.weekly_patrol_target is None:
        return _period(site)
    return _("%(period)s; %(target)s entrances patrolled a week") % {
        "period": _period(site),
        "target": number_format(site.weekly_patrol_target, force_grouping=True),
    }


def _refuse_overlap(
    *, scheme: Scheme, neighbourhood_id: int, starts_on: date, ends_on: date | None, exclude: int
) -> None:
    clash = (
        OperatorSite.objects.filter(scheme=scheme, neighbourhood_id=neighbourhood_id)
        .overlapping(starts_on, ends_on)
        .exclude(pk=exclude)
        .select_related("operator", "neighbourhood")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            _("The site %(site)s is already held by %(period)s: one operator at a time.")
            % {"site": clash.neighbourhood, "period": _period(clash)}
        )


@transaction.atomic
def operator_site_add(
    *,
    scheme: Scheme,
    author: User | None,
    operator_id: int,
    neighbourhood_id: int,
    starts_on: date,
    ends_on: date | None = None,
    weekly_patrol_target: int | None = None,
) -> OperatorSite:
    """An operator holds a site of the scheme from ``starts_on`` (to ``ends_on``, included),
    with its weekly patrol target there (entrances a week; None: none). Refused: an
    organisation that is not an operator of the scheme, a neighbourhood of another scheme,
    dates out of order, a site held by an operator for a period that meets this one, a target
    below zero or above 100 000."""
    Scheme.objects.select_for_update().get(pk=scheme.pk)
    if not SchemeMember.objects.filter(
        scheme=scheme, organisation_id=operator_id, role=MemberRole.OPERATOR
    ).exists():
        raise ValidationError({"operator_id": _("Choose one of the scheme's operators.")})
    neighbourhood = scheme.neighbourhoods.filter(pk=neighbourhood_id, is_active=True).first()
    if neighbourhood is None:
        raise ValidationError({"neighbourhood_id": _("Choose one of the scheme's neighbourhoods.")})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The last day cannot be before the first.")})
    _refuse_overlap(
        scheme=scheme,
        neighbourhood_id=neighbourhood_id,
        starts_on=starts_on,
        ends_on=ends_on,
        exclude=0,
    )
    site = OperatorSite(
        scheme=scheme,
        operator_id=operator_id,
        neighbourhood=neighbourhood,
        starts_on=starts_on,
        ends_on=ends_on,
        weekly_patrol_target=weekly_patrol_target,
    )
    site.full_clean()
    site.save()
    setting_change_record(
        scheme=scheme,
        author=author,
        section=SITES,
        subject=str(neighbourhood),
        before="",
        after=_held(site),
    )
    return site


@transaction.atomic
def operator_site_end(*, site: OperatorSite, author: User | None, last_day: date) -> OperatorSite:
    """The operator gives up a site from a date: ``last_day`` is the last day it holds it
    (today or later — what it held before stays as it was); another operator may hold it from
    the next day."""
    Scheme.objects.select_for_update().get(pk=site.scheme_id)
    locked = (
        OperatorSite.objects.select_related("operator", "neighbourhood", "scheme")
        .select_for_update(of=("self",))
        .get(pk=site.pk)
    )
    if last_day < locked.starts_on:
        raise ValidationError({"last_day": _("The last day cannot be before the first.")})
    if last_day < clock.today():
        raise ValidationError(
            {"last_day": _("A site is given up today or later: the past is not rewritten.")}
        )
    if locked.ends_on is not None and last_day > locked.ends_on:
        raise ValidationError({"last_day": _("The site is already given up before that day.")})
    before = _period(locked)
    locked.ends_on = last_day
    locked.full_clean()
    locked.save(update_fields=["ends_on"])
    setting_change_record(
        scheme=locked.scheme,
        author=author,
        section=SITES,
        subject=str(locked.neighbourhood),
        before=before,
        after=_period(locked),
    )
    return locked
