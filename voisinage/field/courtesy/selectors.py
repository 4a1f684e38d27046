"""Reads of courtesy visits for a user: who may create campaigns and manage their dwellings,
(one campaign or visit: ``access.py``), the campaigns with their progress,
a campaign's visits grouped by entrance, and who sees the tenants' names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from voisinage.accounts.access import (
    Grant,
    PerimeterKind,
    get_or_404,
    has_capability,
    is_platform_admin,
    may_read,
    scheme_grants,
)
from voisinage.field.courtesy.models import CourtesyCampaign, CourtesyVisit, VisitOutcome
from voisinage.schemes.models import MemberRole
from voisinage.territory.models import Entrance, Organisation
from voisinage.territory.selectors import member_organisations

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme

# A dwelling counts as done once met or refused; absent and "to visit again" call for a return.
DONE_OUTCOMES = (VisitOutcome.MET, VisitOutcome.REFUSED)


# --- Access ---------------------------------------------------------------------------------


def acting_landlord_ids(
    user: AnyUser, scheme: Scheme, *, whole_stock: bool = False
) -> set[int] | None:
    """Landlords of the scheme the user acts for (``None``: any, for platform administrators).

    A grant counts when it carries ``can_act_as_partner`` and its organisation is a landlord of
    the scheme (so the city's referent, who acts for the city, creates no campaign). With
    ``whole_stock``, only grants on the landlord's whole stock (or the whole scheme) count: a
    campaign spans the landlord's stock, which a perimeter of some neighbourhoods does not read.
    """
    if is_platform_admin(user):
        return None
    organisations = {
        g.organisation_id
        for g in scheme_grants(user, scheme.pk, require="can_act_as_partner")
        if not (whole_stock and g.perimeter == PerimeterKind.NEIGHBOURHOODS)
    }
    if not organisations:
        return set()
    return set(
        scheme.members.filter(role=MemberRole.LANDLORD, organisation_id__in=organisations)
        .values_list("organisation_id", flat=True)
        .distinct()
    )


def campaign_landlords(user: AnyUser, scheme: Scheme) -> list[Organisation]:
    """The landlords the user may create a campaign for (empty: no creation): members today
    (an ended membership is no longer offered)."""
    acting = acting_landlord_ids(user, scheme, whole_stock=True)
    qs = member_organisations(scheme, role=MemberRole.LANDLORD)
    if acting is not None:
        qs = qs.filter(pk__in=acting)
    return list(qs)


def tenant_section(grant: Grant) -> bool | Q:
    """Who reads the tenants' names of a campaign, grant by grant: the operator's staff
    (``sees_personal_data``) and the landlord concerned — through a grant that reads the
    campaign; not the city nor the state."""
    return True if grant.sees_personal_data else Q(landlord_id=grant.organisation_id)


def sees_tenant_names(user: AnyUser, campaign: CourtesyCampaign) -> bool:
    """Whether ``user`` reads the tenants' names of ``campaign`` (platform administrators do)."""
    return may_read(user, campaign, section=tenant_section)


def can_record_visits(user: AnyUser, scheme: Scheme) -> bool:
    return has_capability(user, scheme.pk, "can_record")


# --- Selectors ------------------------------------------------------------------------------


def _progress_annotations() -> dict[str, Any]:
    counts: dict[str, Any] = {"n_total": Count("visits")}
    for outcome in VisitOutcome.values:
        counts[f"n_{outcome}"] = Count("visits", filter=Q(visits__outcome=outcome))
    return counts


def scheme_courtesy_campaigns(user: AnyUser, scheme: Scheme) -> QuerySet[CourtesyCampaign]:
    """The campaigns the user sees, newest first, with their progress counts (one query)."""
    return (
        CourtesyCampaign.objects.visible_to(user)
        .filter(scheme=scheme)
        .select_related("landlord")
        .annotate(**_progress_annotations())
        .order_by("-starts_on", "landlord__name", "pk")
    )


@dataclass(frozen=True)
class Progress:
    total: int
    counts: dict[str, int]  # outcome → number of visits

    @property
    def done(self) -> int:
        return sum(self.counts.get(o, 0) for o in DONE_OUTCOMES)

    @property
    def visited(self) -> int:
        return self.total - self.counts.get(VisitOutcome.TO_VISIT, 0)

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def percent_visited(self) -> int:
        return round(100 * self.visited / self.total) if self.total else 0

    def rows(self) -> list[tuple[str, str, int]]:
        """(outcome, label, count) in the order of the outcomes."""
        return [
            (value, str(label), self.counts.get(value, 0)) for value, label in VisitOutcome.choices
        ]


def progress_of(campaign: CourtesyCampaign) -> Progress:
    """Progress from the annotations of :func:`scheme_courtesy_campaigns`, or one query."""
    if hasattr(campaign, "n_total"):
        counts = {o: getattr(campaign, f"n_{o}") for o in VisitOutcome.values}
        return Progress(total=campaign.n_total, counts=counts)
    rows = campaign.visits.values("outcome").annotate(n=Count("pk")).order_by()
    counts = {r["outcome"]: r["n"] for r in rows}
    return Progress(total=sum(counts.values()), counts=counts)


@dataclass(frozen=True)
class EntranceVisits:
    entrance: Entrance
    visits: list[CourtesyVisit]

    @property
    def remaining(self) -> int:
        return sum(1 for v in self.visits if v.outcome not in DONE_OUTCOMES)


def _dwelling_key(visit: CourtesyVisit) -> tuple[int, int | str]:
    # Natural order: dwelling 2 before dwelling 10; non-numeric labels after, alphabetically.
    text = visit.dwelling
    return (0, int(text)) if text.isdigit() else (1, text.lower())


def campaign_visits(campaign: CourtesyCampaign) -> list[EntranceVisits]:
    """The campaign's visits grouped by entrance (by entrance code, dwellings in natural order);
    one query. The caller went through ``access_courtesy_campaign``."""
    visits = list(
        campaign.visits.select_related("entrance", "entrance__residence", "visited_by").order_by(
            "entrance__code", "dwelling", "pk"
        )
    )
    groups: dict[int, EntranceVisits] = {}
    for visit in visits:
        group = groups.get(visit.entrance_id)
        if group is None:
            group = groups[visit.entrance_id] = EntranceVisits(entrance=visit.entrance, visits=[])
        group.visits.append(visit)
    for group in groups.values():
        group.visits.sort(key=_dwelling_key)
    return list(groups.values())


def entrance_remaining(campaign: CourtesyCampaign, entrance_id: int) -> int:
    """How many dwellings of one entrance of the campaign are not done yet."""
    return (
        campaign.visits.filter(entrance_id=entrance_id).exclude(outcome__in=DONE_OUTCOMES).count()
    )


def campaign_visit(campaign: CourtesyCampaign, visit_id: int) -> CourtesyVisit:
    """One visit of a campaign the caller already accessed (for writing); 404 otherwise."""
    return get_or_404(campaign.visits.select_related("entrance"), pk=visit_id)


def landlord_entrances(campaign: CourtesyCampaign) -> QuerySet[Entrance]:
    """The entrances a campaign may list: the landlord's active entrances in the scheme."""
    return Entrance.objects.filter(
        scheme_id=campaign.scheme_id, landlord_id=campaign.landlord_id, is_active=True
    ).order_by("code")
