"""What several parts of the field app (and the desk) share: the operator's field staff."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from voisinage.accounts.models import User
    from voisinage.schemes.models import Scheme


def field_staff(scheme: Scheme) -> QuerySet[User]:
    """The people who may be recorded as agents: active operator-side members who record."""
    from voisinage.accounts.models import Membership, User

    return User.objects.filter(
        pk__in=Membership.objects.filter(
            scheme=scheme, is_active=True, role__side="operator", role__can_record=True
        ).values("user_id")
    ).order_by("first_name", "username")
