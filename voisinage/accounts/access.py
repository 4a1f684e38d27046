"""The one access mechanism (docs/authorization.md).

A user acts through memberships; each membership active today becomes a ``Grant``: a scheme, a
role with its capabilities, and a perimeter (whole scheme, a landlord's stock, or listed
neighbourhoods). Every queryset's ``visible_to(user)`` turns the user's grants into one ``Q``
through :func:`grants_q`; every single object is fetched through an ``access_<entity>()``
function built on :func:`get_or_404`, which answers 404 alike for "missing" and "not yours".
Nothing else filters by hand.

The other way round, :func:`readers` answers who may read an object (or a section of it, such
as a caller's details) from the same grants and the model's own ``visible_to``: every e-mail's
recipients come from it, and :func:`may_read` asks it for one user.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import batched
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from voisinage.accounts.models import Membership, MembershipQuerySet, User

    type AnyUser = User | AnonymousUser

# Capabilities a role may carry; ``require=`` in visible_to() names one of them.
CAPABILITIES = (
    "can_record",
    "can_supervise",
    "can_manage",
    "can_act_as_partner",
    "sees_sensitive",
    "sees_personal_data",
    "reads_access_log",
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
    reads_access_log: bool = False
    # An operator's grant bounded to the sites the operator holds (ADR 0048): what is the
    # operator's own (its rota) is read for its organisation only.
    bounded_by_sites: bool = False

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


def _grant(m: Membership, held: dict[tuple[int, int], frozenset[int]] | None = None) -> Grant:
    perimeter = m.perimeter
    neighbourhood_ids: frozenset[int] = (
        frozenset(n.pk for n in m.neighbourhoods.all())
        if perimeter == PerimeterKind.NEIGHBOURHOODS
        else frozenset()
    )
    if getattr(m, "operator_bounded", False):
        # The people of an operator that holds sites see only the sites it holds (ADR 0048):
        # the whole scheme becomes those neighbourhoods, listed ones are cut to them.
        sites = (held or {}).get((m.scheme_id, m.organisation_id), frozenset())
        if perimeter == PerimeterKind.SCHEME:
            perimeter, neighbourhood_ids = PerimeterKind.NEIGHBOURHOODS, sites
        elif perimeter == PerimeterKind.NEIGHBOURHOODS:
            neighbourhood_ids &= sites
    return Grant(
        membership_id=m.pk,
        scheme_id=m.scheme_id,
        organisation_id=m.organisation_id,
        role_code=m.role.code,
        side=m.role.side,
        perimeter=perimeter,
        neighbourhood_ids=neighbourhood_ids,
        can_record=m.role.can_record,
        can_supervise=m.role.can_supervise,
        can_manage=m.role.can_manage,
        can_act_as_partner=m.role.can_act_as_partner,
        sees_sensitive=m.role.sees_sensitive,
        sees_personal_data=m.role.sees_personal_data,
        reads_access_log=m.role.reads_access_log,
        bounded_by_sites=bool(getattr(m, "operator_bounded", False)),
    )


def _grants_of(memberships: MembershipQuerySet, on: date | None = None) -> list[tuple[int, Grant]]:
    """(user id, grant) for each membership: one query, two more only when some membership
    needs them — the neighbourhoods of those whose perimeter is listed neighbourhoods (the
    others never read them), the sites their operator holds on ``on``."""
    from voisinage.accounts.models import OperatorSite

    bounded = OperatorSite.objects.filter(
        scheme_id=models.OuterRef("scheme_id"), operator_id=models.OuterRef("organisation_id")
    )
    rows = list(
        memberships.select_related("role").annotate(operator_bounded=models.Exists(bounded))
    )
    listed = [m for m in rows if m.perimeter == PerimeterKind.NEIGHBOURHOODS]
    if listed:
        prefetch_related_objects(listed, "neighbourhoods")
    held: dict[tuple[int, int], frozenset[int]] = {}
    pairs = {(m.scheme_id, m.organisation_id) for m in rows if m.operator_bounded}
    if pairs:
        sites: dict[tuple[int, int], set[int]] = {pair: set() for pair in pairs}
        for scheme_id, operator_id, hood_id in (
            OperatorSite.objects.held_on(on)
            .filter(scheme_id__in={s for s, _o in pairs}, operator_id__in={o for _s, o in pairs})
            .values_list("scheme_id", "operator_id", "neighbourhood_id")
        ):
            if (scheme_id, operator_id) in sites:
                sites[(scheme_id, operator_id)].add(hood_id)
        held = {pair: frozenset(ids) for pair, ids in sites.items()}
    return [(m.user_id, _grant(m, held)) for m in rows]


def grants_for(user: AnyUser, *, on: date | None = None) -> tuple[Grant, ...]:
    """The user's grants: their memberships in force on ``on`` (today by default: active, in
    an active scheme, within their first and last day). Today's are computed once per user
    object (two small queries; a third when an operator of theirs holds sites)."""
    if not user.is_authenticated or not user.is_active:
        return ()
    if on is None:
        cached: tuple[Grant, ...] | None = getattr(user, _CACHE_ATTR, None)
        if cached is not None:
            return cached
    from voisinage.accounts.models import Membership

    memberships = Membership.objects.in_force(on).filter(user_id=user.pk)
    grants = tuple(g for _uid, g in _grants_of(memberships, on))
    if on is None:
        setattr(user, _CACHE_ATTR, grants)
    return grants


def forget_grants(user: AnyUser) -> None:
    """Drop the cached grants (after memberships changed within the same request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


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


# --- Who may read an object: the inverse of visible_to --------------------------------------


def _holder(user_id: int, grant: Grant | None) -> User:
    """A stand-in for a user holding only ``grant``: asking the model's ``visible_to`` about it
    applies the model's own rule to that grant alone."""
    from voisinage.accounts.models import User

    holder = User(pk=user_id, is_active=True, is_superuser=False)
    setattr(holder, _CACHE_ATTR, (grant,) if grant else ())
    return holder


# A section of an object some grants may not read (a caller's details, a social situation's
# description): for a grant, True (wherever the grant reads the object), False (nowhere), or a
# Q that narrows the grant's rule (e.g. "the landlord concerned": Q(landlord_id=...)).
type Section = Callable[[Grant], bool | models.Q]


def _narrowed(
    manager: Any, user_id: int, grant: Grant, require: str | None, section: Section | None
) -> models.QuerySet[Any] | None:
    """What ``grant`` alone lets read (of the section); None when it reads none of it."""
    narrow = True if section is None else section(grant)
    if narrow is False or not grant.has(require):
        return None
    qs = manager.visible_to(_holder(user_id, grant), require=require)
    return qs.filter(narrow) if isinstance(narrow, models.Q) else qs


def _covering(
    obj: models.Model,
    held: Sequence[tuple[int, Grant]],
    require: str | None,
    section: Section | None,
) -> list[bool]:
    """For each (user id, grant), whether that grant reads ``obj`` (or its section): one query
    per hundred grants (an EXISTS over ``visible_to`` for each)."""
    manager: Any = type(obj)._default_manager
    answers: list[bool] = []
    for chunk in batched(held, 100):
        checks = {}
        for i, (user_id, grant) in enumerate(chunk):
            qs = _narrowed(manager, user_id, grant, require, section)
            if qs is not None:
                checks[f"g{i}"] = models.Exists(qs.filter(pk=models.OuterRef("pk")))
        row = manager.filter(pk=obj.pk).annotate(**checks).values(*checks).first() if checks else {}
        answers += [bool(row and row.get(f"g{i}")) for i in range(len(chunk))]
    return answers


def _scheme_id(obj: models.Model) -> int:
    scheme_id = getattr(obj, "scheme_id", None)
    if scheme_id is None:
        raise ValueError(f"{type(obj).__name__} has no scheme: pass scheme_id")
    return int(scheme_id)


def readers(
    obj: models.Model,
    *,
    require: str | None = None,
    section: Section | None = None,
    organisations: Iterable[int] | None = None,
    scheme_id: int | None = None,
    on: date | None = None,
) -> list[User]:
    """The users who may read ``obj``: the inverse of ``Model.objects.visible_to``.

    From the grants of the scheme's members in force on ``on`` (today), keep those that carry
    ``require`` and whose perimeter covers ``obj`` — decided by the model's own ``visible_to``,
    grant by grant, so that the two directions never disagree — and, with ``section``, that
    read that part of it (see ``Section``). ``organisations`` keeps the members of these
    organisations (the recipients configured for a digest, a meeting's invitees). Platform
    administrators read everything but are members of nothing: they receive nothing. Active
    users only, by primary key.
    """
    from voisinage.accounts.models import Membership, User

    memberships = Membership.objects.in_force(on).filter(
        scheme_id=scheme_id if scheme_id is not None else _scheme_id(obj), user__is_active=True
    )
    if organisations is not None:
        memberships = memberships.filter(organisation_id__in=list(organisations))
    held = _grants_of(memberships, on)
    covered = _covering(obj, held, require, section)
    user_ids = {uid for (uid, _g), covers in zip(held, covered, strict=True) if covers}
    return list(User.objects.filter(pk__in=user_ids).order_by("pk"))


def narrowed(user: AnyUser, scheme_id: int, neighbourhood_ids: Iterable[int]) -> User:
    """A stand-in for ``user`` that reads, in the scheme, what the user's whole-scheme grants
    read within these neighbourhoods (an operator's sites, ADR 0048): asking any model's
    ``visible_to`` about it gives one operator's rows, so figures per operator come from the
    same rules as everything else. A platform administrator reads as a whole-scheme grant
    carrying every capability; a user without a whole-scheme grant reads nothing."""
    ids = frozenset(neighbourhood_ids)
    if is_platform_admin(user):
        every = dict.fromkeys(CAPABILITIES, True)
        base = [
            Grant(0, scheme_id, 0, "", RoleSide.ADMIN, PerimeterKind.SCHEME, frozenset(), **every)
        ]
    else:
        base = [g for g in scheme_grants(user, scheme_id) if g.perimeter == PerimeterKind.SCHEME]
    grants = [
        replace(g, perimeter=PerimeterKind.NEIGHBOURHOODS, neighbourhood_ids=ids) for g in base
    ]
    holder = _holder(int(user.pk or 0), None)
    setattr(holder, _CACHE_ATTR, tuple(grants))
    return holder


def may_read(
    user: AnyUser,
    obj: models.Model,
    *,
    require: str | None = None,
    section: Section | None = None,
) -> bool:
    """Whether ``user`` may read ``obj`` (or its ``section``): :func:`readers` for one user,
    with the user's grants of today. Platform administrators read everything."""
    if is_platform_admin(user):
        return True
    if not user.is_authenticated:
        return False
    held = [(int(user.pk), g) for g in grants_for(user)]
    return any(_covering(obj, held, require, section))


def readable[M: models.Model](
    user: AnyUser, queryset: models.QuerySet[M], *, section: Section, require: str | None = None
) -> models.QuerySet[M]:
    """The objects of ``queryset`` whose ``section`` the user may read, in one query (for
    lists: which rows may show the person)."""
    if is_platform_admin(user):
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    q = models.Q(pk__in=[])
    for grant in grants_for(user):
        qs = _narrowed(queryset.model._default_manager, int(user.pk), grant, require, section)
        if qs is not None:
            q |= models.Q(pk__in=qs.values("pk"))
    return queryset.filter(q)


def holds_whole_scheme(user: AnyUser, scheme_id: int, capability: str | None = None) -> bool:
    """Whether the user holds a grant on the whole scheme (carrying ``capability``), or is a
    platform administrator: for what spans every perimeter of a scheme (the night's own
    ambiance in a digest, a patrol plan's neighbourhoods, a review deck stored as a file)."""
    return is_platform_admin(user) or any(
        g.perimeter == PerimeterKind.SCHEME
        for g in scheme_grants(user, scheme_id, require=capability)
    )


def is_field_agent(user: AnyUser, scheme_id: int) -> bool:
    """Whether the user records in the scheme without supervising it: a field agent, whose home
    is the phone app's "Ce soir pour moi" (supervisors reach the same items on the live board)."""
    return has_capability(user, scheme_id, "can_record") and not has_capability(
        user, scheme_id, "can_supervise"
    )


class AuthenticatedRequest(HttpRequest):
    """A request behind login_required: its user is a real User (for type checkers)."""

    user: User


def get_or_404[M: models.Model](queryset: models.QuerySet[M], **lookup: Any) -> M:
    """One object from an already-scoped queryset; 404 for missing and forbidden alike."""
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
