""" "Ce soir pour moi" items of courtesy visits: each running campaign of the agent's perimeter
with dwellings still to visit, opening the campaign's remaining visits."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import ngettext

from voisinage.field.courtesy.models import VisitOutcome
from voisinage.field.courtesy.selectors import can_record_visits, scheme_courtesy_campaigns
from voisinage.field.phone.tonight import COURTESY, TonightItem

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme

DUE = (VisitOutcome.TO_VISIT, VisitOutcome.REVISIT)


def tonight_items(user: AnyUser, scheme: Scheme, night: date) -> list[TonightItem]:
    if not can_record_visits(user, scheme):
        return []
    campaigns = (
        scheme_courtesy_campaigns(user, scheme)
        .filter(starts_on__lte=night)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=night))
        .annotate(n_due=Count("visits", filter=Q(visits__outcome__in=DUE)))
        .filter(n_due__gt=0)
    )
    return [
        TonightItem(
            kind=COURTESY,
            title=campaign.name,
            place=campaign.landlord.name,
            detail=ngettext(
                "%(count)s dwelling to visit", "%(count)s dwellings to visit", campaign.n_due
            )
            % {"count": campaign.n_due},
            url=reverse("field:courtesy_campaign", args=[scheme.slug, campaign.pk]) + "?reste=1",
        )
        for campaign in campaigns
    ]
