"""People: invitations and the end of a membership, logged."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from voisinage.accounts.models import Invitation, Membership
from voisinage.accounts.services.people import (
    invitation_create,
    membership_change,
    membership_end,
    shared_mailbox_add,
)
from voisinage.schemes.changes import setting_change_record
from voisinage.schemes.models import (
    Scheme,
)

if TYPE_CHECKING:
    from voisinage.accounts.models import User
from voisinage.schemes.services.keys import PEOPLE


@transaction.atomic
def person_invite(
    *,
    scheme: Scheme,
    inviter: User,
    email: str,
    organisation_id: int,
    role_code: str,
    perimeter: str,
    neighbourhood_ids: Iterable[int] = (),
) -> Invitation:
    """Invite a person (``accounts``' rules: never wider than the inviter) to an organisation
    that is a member of the scheme; logged."""
    if not scheme.members.in_force().filter(organisation_id=organisation_id).exists():
        raise ValidationError(
            {"organisation": _("This organisation is not a member of the scheme.")}
        )
    nids = list(neighbourhood_ids)
    if scheme.neighbourhoods.filter(pk__in=nids).count() != len(set(nids)):
        raise ValidationError({"neighbourhoods": _("This neighbourhood is not in the scheme.")})
    invitation = invitation_create(
        inviter=inviter,
        scheme_id=scheme.pk,
        email=email,
        organisation_id=organisation_id,
        role_code=role_code,
        perimeter=perimeter,
        neighbourhood_ids=nids,
    )
    setting_change_record(
        scheme=scheme,
        author=inviter,
        section=PEOPLE,
        subject=invitation.email,
        before="",
        after=f"{invitation.role.label} — {invitation.organisation} — "
        f"{invitation.get_perimeter_display()}",
    )
    return invitation


@transaction.atomic
def person_membership_end(
    *, scheme: Scheme, author: User, membership: Membership, last_day: date
) -> Membership:
    """End a membership of the scheme from a date (``accounts.membership_end``); logged."""
    if membership.scheme_id != scheme.pk:
        raise ValidationError(_("This membership is not in the scheme."))
    before = membership.ends_on
    ended = membership_end(membership=membership, last_day=last_day)
    setting_change_record(
        scheme=scheme,
        author=author,
        section=PEOPLE,
        subject=f"{ended.user} — {ended.role.label}",
        before=before.strftime("%d/%m/%Y") if before else "",
        after=last_day.strftime("%d/%m/%Y"),
    )
    return ended


@transaction.atomic
def person_access_change(
    *,
    scheme: Scheme,
    author: User,
    membership: Membership,
    role_code: str,
    perimeter: str,
    neighbourhood_ids: Iterable[int] = (),
) -> Membership:
    """Change a person's role or perimeter (``accounts.membership_change``: the past stays,
    never wider than the author's access, never without a manager); logged."""
    if membership.scheme_id != scheme.pk:
        raise ValidationError(_("This membership is not in the scheme."))
    nids = list(neighbourhood_ids)
    if scheme.neighbourhoods.filter(pk__in=nids).count() != len(set(nids)):
        raise ValidationError({"neighbourhoods": _("This neighbourhood is not in the scheme.")})
    before = _access_text(membership)
    changed = membership_change(
        changer=author,
        membership=membership,
        role_code=role_code,
        perimeter=perimeter,
        neighbourhood_ids=nids,
    )
    setting_change_record(
        scheme=scheme,
        author=author,
        section=PEOPLE,
        subject=str(changed.user),
        before=before,
        after=_access_text(changed),
    )
    return changed


def _access_text(membership: Membership) -> str:
    text = f"{membership.role.label} — {membership.get_perimeter_display()}"
    names = sorted(membership.neighbourhoods.values_list("name", flat=True))
    return f"{text} ({', '.join(names)})" if names else text


@transaction.atomic
def shared_address_add(
    *,
    scheme: Scheme,
    author: User,
    email: str,
    organisation_id: int,
    role_code: str,
    perimeter: str,
    neighbourhood_ids: Iterable[int] = (),
) -> Membership:
    """Add a shared address (« adresse commune ») to an organisation member of the scheme
    (``accounts.shared_mailbox_add``); logged."""
    if not scheme.members.in_force().filter(organisation_id=organisation_id).exists():
        raise ValidationError(
            {"organisation": _("This organisation is not a member of the scheme.")}
        )
    nids = list(neighbourhood_ids)
    if scheme.neighbourhoods.filter(pk__in=nids).count() != len(set(nids)):
        raise ValidationError({"neighbourhoods": _("This neighbourhood is not in the scheme.")})
    membership = shared_mailbox_add(
        inviter=author,
        scheme_id=scheme.pk,
        email=email,
        organisation_id=organisation_id,
        role_code=role_code,
        perimeter=perimeter,
        neighbourhood_ids=nids,
    )
    setting_change_record(
        scheme=scheme,
        author=author,
        section=PEOPLE,
        subject=membership.user.email,
        before="",
        after=f"{_('shared address')} — {membership.organisation} — {_access_text(membership)}",
    )
    return membership
