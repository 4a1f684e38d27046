"""Who may change and create agreements; the scheme's agreement list."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from voisinage.accounts.access import (
    RoleSide,
    is_platform_admin,
    scheme_grants,
)
from voisinage.funding.models import (
    Agreement,
    AgreementCost,
)
from voisinage.lib import clock
from voisinage.schemes.models import MemberRole, SchemeMember

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def may_write_agreement(user: AnyUser, agreement: Agreement) -> bool:
    return Agreement.objects.manageable_by(user).filter(pk=agreement.pk).exists()


def may_create_agreement(user: AnyUser, scheme: Scheme) -> bool:
    """Scheme administrators, platform administrators, and the referents of the scheme's
    coordinator (who then become the new agreement's coordinator party)."""
    if is_platform_admin(user):
        return True
    grants = scheme_grants(user, scheme.pk)
    if any(g.side == RoleSide.ADMIN and g.can_manage for g in grants):
        return True
    return bool(coordinator_organisations(user, scheme))


def coordinator_organisations(user: AnyUser, scheme: Scheme) -> list[int]:
    """Organisations the user acts for that coordinate the scheme (one query, or none)."""
    acting = {
        g.organisation_id for g in scheme_grants(user, scheme.pk, require="can_act_as_partner")
    }
    if not acting:
        return []
    return list(
        SchemeMember.objects.filter(
            scheme=scheme, role=MemberRole.COORDINATOR, organisation_id__in=acting
        ).values_list("organisation_id", flat=True)
    )


def scheme_agreements(
    user: AnyUser, scheme: Scheme, *, today: date | None = None
) -> QuerySet[Agreement]:
    """The scheme's agreements the user may see, with the annual cost in force today (or the
    first one, for an agreement not begun) and their parties (one query more, not per row)."""
    today = today or clock.today()
    costs = AgreementCost.objects.filter(agreement=OuterRef("pk"))
    in_force = costs.filter(starts_on__lte=today).order_by("-starts_on").values("annual_cost_cents")
    first = costs.order_by("starts_on").values("annual_cost_cents")
    return (
        Agreement.objects.visible_to(user)
        .filter(scheme=scheme)
        .annotate(current_cost_cents=Coalesce(Subquery(in_force[:1]), Subquery(first[:1])))
        .prefetch_related("parties__organisation")
        .order_by("-starts_on", "title")
    )


def has_visible_agreement(user: AnyUser, scheme: Scheme) -> bool:
    """For the menu: no query at all for someone without a grant in the scheme."""
    if not is_platform_admin(user) and not scheme_grants(user, scheme.pk):
        return False
    return Agreement.objects.visible_to(user).filter(scheme=scheme).exists()
