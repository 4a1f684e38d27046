"""The one access mechanism (docs/authorization.md).

A user acts through memberships; each active membership becomes a ``Grant``: a scheme, a role
with its capabilities, and a perimeter (whole scheme, a landlord's stock, or listed
neighbourhoods). Every queryset's ``visible_to(user)`` turns the user's grants into one ``Q``
through :func:`grants_q`; every single object is fetched through an ``access_<entity>()``
function built on :func:`get_or_404`, which answers 404 alike for "missing" and "not yours".
Nothing else filters by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from voisinage.accounts.models import User

    type AnyUser = User | AnonymousUser

# Capabilities a role may carry; ``require=`` in visible_to() names one of them.
CAPABILITIES = (
    "can_record",
    "can_supervise",
    "can_manage",
    "can_act_as_partner",
    "sees_sensitive",
    "sees_personal_data",
)


class PerimeterKind(models.TextChoices):
    SCHEME = "scheme", _("Whole scheme")
    LANDLORD = "landlord", _("A landlord's housing stock")
    NEIGHBOURHOODS = "neighbourhoods", _("Listed neighbourhoods")


class RoleSide(models.TextChoices):
    OPERATOR = "operator", _("Operator staff")
    PARTNER = "partner", _("Partner")
    ADMIN = "admin", _("Administration")


@dataclass(frozen=True)
class Grant:
    membership_id: int
    scheme_id: int
    organisation_id: int
    role_code: str
    side: str
    perimeter: str
    neighbourhood_ids: frozenset[int]
    can_record: bool
    can_supervise: bool
    can_manage: bool
    can_act_as_partner: bool
    sees_sensitive: bool
    sees_personal_data: bool

    def has(self, capability: str | None) -> bool:
        if capability is None:
            return True
        if capability not in CAPABILITIES:
            raise ValueError(f"unknown capability {capability!r}")
        return bool(getattr(self, capability))


_CACHE_ATTR = "_voisinage_grants"


def is_platform_admin(user: AnyUser) -> bool:
    """Platform administrators (Django superusers) see every scheme."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def grants_for(user: AnyUser) -> tuple[Grant, ...]:
    """The user's active grants, computed once per user object (two small queries)."""
    if not user.is_authenticated or not user.is_active:
        return ()
    cached: tuple[Grant, ...] | None = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from voisinage.accounts.models import Membership

    memberships = (
        Membership.objects.filter(user_id=user.pk, is_active=True, scheme__is_active=True)
        .select_related("role")
        .prefetch_related("neighbourhoods")
    )
    grants = tuple(
        Grant(
            membership_id=m.pk,
            scheme_id=m.scheme_id,
            organisation_id=m.organisation_id,
            role_code=m.role.code,
            side=m.role.side,
            perimeter=m.perimeter,
            neighbourhood_ids=frozenset(n.pk for n in m.neighbourhoods.all()),
            can_record=m.role.can_record,
            can_supervise=m.role.can_supervise,
            can_manage=m.role.can_manage,
            can_act_as_partner=m.role.can_act_as_partner,
            sees_sensitive=m.role.sees_sensitive,
            sees_personal_data=m.role.sees_personal_data,
        )
        for m in memberships
    )
    setattr(user, _CACHE_ATTR, grants)
    return grants


def grants_q(
    user: AnyUser,
    rule: Callable[[Grant], models.Q],
    *,
    require: str | None = None,
) -> models.Q:
    """OR together ``rule(grant)`` over the user's grants that carry ``require``.

    A platform administrator matches everything; a user without grants matches nothing.
    """
    if is_platform_admin(user):
        return models.Q()
    q = models.Q(pk__in=[])
    for grant in grants_for(user):
        if grant.has(require):
            q |= rule(grant)
    return q


def scheme_grants(
    user: AnyUser, scheme_id: int, *, require: str | None = None
) -> tuple[Grant, ...]:
    return tuple(g for g in grants_for(user) if g.scheme_id == scheme_id and g.has(require))


def has_capability(user: AnyUser, scheme_id: int, capability: str | None = None) -> bool:
    """Whether the user holds ``capability`` somewhere in the scheme (for showing buttons)."""
    return is_platform_admin(user) or bool(scheme_grants(user, scheme_id, require=capability))


class ReaderKind(models.TextChoices):
    """What a user mostly is in a scheme, from their strongest grant: the menu's profile and the
    home page follow it."""

    MANAGER = "manager"
    SUPERVISOR = "supervisor"
    AGENT = "agent"
    FUNDER = "funder"  # a partner over the whole scheme
    LANDLORD = "landlord"  # a landlord's referent (their stock)
    NEIGHBOURHOOD = "neighbourhood"  # a partner over listed neighbourhoods


def reader_kind(user: AnyUser, scheme_id: int) -> ReaderKind:
    """The kind of the user's strongest grant in the scheme (operator staff first, then partners
    over the whole scheme, then a landlord's stock, then neighbourhoods)."""
    grants = scheme_grants(user, scheme_id)
    if is_platform_admin(user) or any(g.can_manage for g in grants):
        return ReaderKind.MANAGER
    operator = [g for g in grants if g.side == RoleSide.OPERATOR]
    if any(g.can_supervise for g in operator):
        return ReaderKind.SUPERVISOR
    if any(g.can_record for g in operator):
        return ReaderKind.AGENT
    if any(g.perimeter == PerimeterKind.SCHEME for g in grants):
        return ReaderKind.FUNDER
    if any(g.perimeter == PerimeterKind.LANDLORD for g in grants):
        return ReaderKind.LANDLORD
    return ReaderKind.NEIGHBOURHOOD


class AuthenticatedRequest(HttpRequest):
    """A request behind login_required: its user is a real User (for type checkers)."""

    user: User


def get_or_404[M: models.Model](queryset: models.QuerySet[M], **lookup: Any) -> M:
    """One object from an already-scoped queryset; 404 for missing and forbidden alike."""
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
