"""Access to a courtesy campaign or visit for a user; 404 alike for missing and forbidden."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from voisinage.accounts.access import get_or_404
from voisinage.field.courtesy.models import CourtesyCampaign, CourtesyVisit
from voisinage.field.courtesy.selectors import acting_landlord_ids

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def access_courtesy_campaign(
    user: AnyUser, scheme: Scheme, pk: int, *, write: bool = False
) -> CourtesyCampaign:
    """A campaign the user may see (``write``: whose dwellings list they manage, i.e. they act
    for its landlord); 404 otherwise."""
    qs = CourtesyCampaign.objects.visible_to(user, require="can_act_as_partner" if write else None)
    campaign = get_or_404(qs.select_related("landlord", "scheme"), scheme=scheme, pk=pk)
    if write:
        acting = acting_landlord_ids(user, scheme, whole_stock=True)
        if acting is not None and campaign.landlord_id not in acting:
            raise Http404
    return campaign


def access_courtesy_visit(
    user: AnyUser, scheme: Scheme, campaign_pk: int, pk: int, *, write: bool = False
) -> CourtesyVisit:
    """A visit of a campaign the user may see (``write``: record its outcome, which needs
    ``can_record``); 404 otherwise."""
    campaigns = CourtesyCampaign.objects.visible_to(user, require="can_record" if write else None)
    qs = CourtesyVisit.objects.filter(campaign__in=campaigns.filter(scheme=scheme))
    return get_or_404(
        qs.select_related("campaign", "campaign__scheme", "entrance"),
        campaign_id=campaign_pk,
        pk=pk,
    )
