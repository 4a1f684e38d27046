"""The operator's staff in a scheme, from its memberships: read by the logbook (agents present),
staffing (who may be on the rota) and the desk (the team sent)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from voisinage.accounts.access import RoleSide
from voisinage.accounts.models import Membership, User

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from voisinage.schemes.models import Scheme


def field_staff(scheme: Scheme) -> QuerySet[User]:
    """The people who may be recorded as agents: operator-side members who record (memberships
    in force today)."""
    return User.objects.filter(
        pk__in=Membership.objects.in_force()
        .filter(scheme=scheme, role__side="operator", role__can_record=True)
        .values("user_id")
    ).order_by("first_name", "username")


def operator_member_ids(scheme: Scheme) -> QuerySet[Membership, int]:
    """The ids of the operator's staff: operator-side memberships of the scheme in force today."""
    return (
        Membership.objects.in_force()
        .filter(scheme=scheme, role__side=RoleSide.OPERATOR)
        .values_list("user_id", flat=True)
    )
