"""The governance access rules, used by every governance queryset (docs/governance.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Self

from django.db import models

from voisinage.accounts.access import Grant, PerimeterKind, grants_q
from voisinage.schemes.models import MemberRole, SchemeMember

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser


def member_rule(scheme_field: str) -> Callable[[Grant], models.Q]:
    """Any grant in the scheme sees its governance (scheme-level objects ignore perimeters)."""

    def rule(grant: Grant) -> models.Q:
        return models.Q(**{scheme_field: grant.scheme_id})

    return rule


def editor_rule(scheme_field: str) -> Callable[[Grant], models.Q]:
    """Who may edit meetings, minutes, attendance and the decision log of a scheme: a grant with
    ``can_manage`` or ``can_supervise``, or ``can_act_as_partner`` for the scheme's coordinator."""

    def rule(grant: Grant) -> models.Q:
        q = models.Q(**{scheme_field: grant.scheme_id})
        if grant.can_manage or grant.can_supervise:
            return q
        if grant.can_act_as_partner:
            coordinated = SchemeMember.objects.filter(
                organisation_id=grant.organisation_id, role=MemberRole.COORDINATOR
            ).values("scheme_id")
            return q & models.Q(**{f"{scheme_field}__in": coordinated})
        return models.Q(pk__in=[])

    return rule


# The organisations to whom the operator owes its obligations (attendance quotas): those that
# fund the scheme or coordinate its purchasing group.
FUNDING_ROLES = (MemberRole.FUNDER, MemberRole.COORDINATOR)


def compliance_rule(scheme_field: str) -> Callable[[Grant], models.Q]:
    """Who reads the compliance page (docs/authorization.md): governance editors, and — read
    only — a whole-scheme grant of an organisation that funds or coordinates the scheme (the
    City, the Préfet's delegate), whatever its role. Not a landlord's or a neighbourhood's
    perimeter, not the agents."""
    editor = editor_rule(scheme_field)

    def rule(grant: Grant) -> models.Q:
        if grant.perimeter != PerimeterKind.SCHEME:
            return editor(grant)
        funded = SchemeMember.objects.filter(
            organisation_id=grant.organisation_id, role__in=FUNDING_ROLES
        ).values("scheme_id")
        reader = models.Q(**{scheme_field: grant.scheme_id}) & models.Q(
            **{f"{scheme_field}__in": funded}
        )
        return editor(grant) | reader

    return rule


class SchemeScopedQuerySet[M: models.Model](models.QuerySet[M]):
    """``visible_to`` for scheme members and ``editable_by`` for governance editors."""

    scheme_field = "scheme_id"

    def visible_to(self, user: AnyUser, *, require: str | None = None) -> Self:
        return self.filter(grants_q(user, member_rule(self.scheme_field), require=require))

    def editable_by(self, user: AnyUser) -> Self:
        return self.filter(grants_q(user, editor_rule(self.scheme_field)))
