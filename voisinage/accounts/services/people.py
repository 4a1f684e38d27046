"""People: invitations by e-mail (a signed, single-use link that expires) and the end of a
membership from a date."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from voisinage.accounts.access import (
    Grant,
    PerimeterKind,
    is_platform_admin,
    scheme_grants,
)
from voisinage.accounts.models import Invitation, Membership, Role, User
from voisinage.lib import clock

INVITATION_SALT = "voisinage.accounts.invitation"
INVITATION_VALID_DAYS = 7


def _within(grant: Grant, role: Role, perimeter: str, organisation_id: int, nids: set[int]) -> bool:
    """Whether ``grant`` is a manager's whose perimeter covers the perimeter to be given (the
    role is any: a manager invites partners, whose roles carry what operator staff's do not)."""
    if not grant.can_manage:
        return False
    if grant.perimeter == PerimeterKind.SCHEME:
        return True
    if grant.perimeter == PerimeterKind.LANDLORD:
        return perimeter == PerimeterKind.LANDLORD and organisation_id == grant.organisation_id
    return (
        perimeter == PerimeterKind.NEIGHBOURHOODS and bool(nids) and nids <= grant.neighbourhood_ids
    )


def access_within_inviter(
    *,
    inviter: User,
    scheme_id: int,
    role: Role,
    perimeter: str,
    organisation_id: int,
    neighbourhood_ids: set[int],
) -> bool:
    """Whether the inviter may give this access: a manager of the scheme whose own perimeter is
    at least as wide. Platform administrators may give any."""
    if is_platform_admin(inviter):
        return True
    return any(
        _within(g, role, perimeter, organisation_id, neighbourhood_ids)
        for g in scheme_grants(inviter, scheme_id)
    )


@transaction.atomic
def invitation_create(
    *,
    inviter: User,
    scheme_id: int,
    email: str,
    organisation_id: int,
    role_code: str,
    perimeter: str = PerimeterKind.SCHEME,
    neighbourhood_ids: Iterable[int] = (),
) -> Invitation:
    """Invite a person by e-mail; the link is sent by a task after commit. Refused (nothing
    written) for an address already a member of the scheme, or an access wider than the
    inviter's own."""
    email = email.strip().lower()
    nids = set(neighbourhood_ids)
    role = Role.objects.filter(code=role_code).first()
    if role is None:
        raise ValidationError({"role": _("Unknown role.")})
    if perimeter not in PerimeterKind.values:
        raise ValidationError({"perimeter": _("Unknown perimeter.")})
    if perimeter == PerimeterKind.NEIGHBOURHOODS and not nids:
        raise ValidationError(
            {"neighbourhoods": _("List at least one neighbourhood for this perimeter.")}
        )
    if perimeter != PerimeterKind.NEIGHBOURHOODS:
        nids = set()
    already = Membership.objects.in_force().filter(scheme_id=scheme_id, user__email__iexact=email)
    if already.exists():
        raise ValidationError({"email": _("This address is already a member of the scheme.")})
    if not access_within_inviter(
        inviter=inviter,
        scheme_id=scheme_id,
        role=role,
        perimeter=perimeter,
        organisation_id=organisation_id,
        neighbourhood_ids=nids,
    ):
        raise ValidationError(_("You cannot give an access wider than your own."))
    now = clock.now()
    invitation = Invitation(
        scheme_id=scheme_id,
        email=email,
        organisation_id=organisation_id,
        role=role,
        perimeter=perimeter,
        invited_by=inviter,
        nonce=secrets.token_hex(16),
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_VALID_DAYS),
    )
    invitation.full_clean(exclude=["neighbourhoods"])
    invitation.save()
    if nids:
        invitation.neighbourhoods.set(nids)
    from voisinage.accounts.tasks import send_invitation

    transaction.on_commit(lambda: send_invitation.enqueue(invitation.pk))
    return invitation


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=INVITATION_SALT)


def invitation_for_token(token: str) -> Invitation | None:
    """The pending invitation of a link: None when the signature is wrong, or the invitation
    was used, revoked or has expired (single use)."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return (
        Invitation.objects.pending(clock.now())
        .select_related("scheme", "organisation", "role")
        .filter(pk=data.get("i") or 0, nonce=data.get("n") or "")
        .first()
    )


def invitation_mail_send(*, invitation_id: int) -> None:
    """Send the invitation's link (built here, in the worker: the secret is not queued)."""
    from django.core.mail import EmailMessage
    from django.urls import reverse

    from voisinage.lib.text import render_subject, render_text

    invitation = (
        Invitation.objects.pending(clock.now())
        .select_related("scheme", "organisation", "role", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return
    link = settings.BASE_URL + reverse(
        "accounts:invitation_accept", args=[invitation_token(invitation)]
    )
    context = {"invitation": invitation, "link": link}
    subject = render_subject("accounts/invitation_subject.txt", context)
    body = render_text("accounts/invitation_email.txt", context)
    EmailMessage(subject=subject, body=body, to=[invitation.email]).send()


@transaction.atomic
def invitation_accept(
    *, token: str, user: User | None = None, username: str = "", password: str = ""
) -> User:
    """Accept an invitation: as ``user`` (already a person of the platform, logged in with the
    invitation's address) or as a new person choosing a username and a password. The membership
    starts today; the link cannot be used again."""
    invitation = invitation_for_token(token)
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid, used or expired."))
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation link is not valid, used or expired."))
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(_("An account has this address: log in first."))
        username = username.strip()
        if not username or User.objects.filter(username__iexact=username).exists():
            raise ValidationError({"username": _("Choose another username.")})
        user = User(username=username, email=invitation.email)
        validate_password(password, user)
        user.set_password(password)
        user.full_clean()
        user.save()
    elif (user.email or "").lower() != invitation.email:
        raise ValidationError(_("This invitation was sent to another address."))
    from voisinage.accounts.services import membership_grant

    membership = membership_grant(
        user=user,
        organisation_id=invitation.organisation_id,
        scheme_id=invitation.scheme_id,
        role_code=invitation.role.code,
        perimeter=invitation.perimeter,
        neighbourhood_ids=list(invitation.neighbourhoods.values_list("pk", flat=True)),
    )
    today = clock.today()
    membership.starts_on = membership.starts_on if membership.ends_on is None else today
    if membership.starts_on is None or membership.ends_on is not None:
        membership.starts_on = today
    membership.ends_on = None
    membership.full_clean()
    membership.save(update_fields=["starts_on", "ends_on"])
    invitation.accepted_at = clock.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


def _managers_after(scheme_id: int, day: date, *, without: int) -> int:
    """How many memberships with ``can_manage`` are in force in the scheme on ``day``, this
    one left out."""
    return (
        Membership.objects.in_force(day)
        .filter(scheme_id=scheme_id, role__can_manage=True)
        .exclude(pk=without)
        .count()
    )


@transaction.atomic
def membership_end(*, membership: Membership, last_day: date) -> Membership:
    """End a membership from a date: it grants nothing after ``last_day``. The past is not
    rewritten (a last day before today is refused), and the scheme keeps at least one
    manager."""
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if last_day < clock.today():
        raise ValidationError(
            {"last_day": _("A membership ends today or later: the past is not rewritten.")}
        )
    if locked.starts_on and last_day < locked.starts_on:
        raise ValidationError({"last_day": _("The last day cannot be before the first.")})
    if locked.role.can_manage and not _managers_after(
        locked.scheme_id, last_day + timedelta(days=1), without=locked.pk
    ):
        raise ValidationError(_("This is the scheme's last manager: invite another one first."))
    locked.ends_on = last_day
    locked.full_clean()
    locked.save(update_fields=["ends_on"])
    return locked


@transaction.atomic
def memberships_end_for_organisation(
    *, scheme_id: int, organisation_id: int, last_day: date
) -> list[Membership]:
    """End, on ``last_day``, the memberships an organisation's people hold in a scheme (those
    that run later), when the organisation leaves it. The past is not rewritten; refused when
    the scheme would be left without a manager. A membership that would only start later is
    deactivated. Returns the memberships changed."""
    if last_day < clock.today():
        raise ValidationError(
            {"last_day": _("A membership ends today or later: the past is not rewritten.")}
        )
    rows = list(
        Membership.objects.select_for_update()
        .select_related("role")
        .filter(scheme_id=scheme_id, organisation_id=organisation_id, is_active=True)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=last_day))
    )
    day_after = last_day + timedelta(days=1)
    if (
        any(m.role.can_manage for m in rows)
        and not Membership.objects.in_force(day_after)
        .filter(scheme_id=scheme_id, role__can_manage=True)
        .exclude(pk__in=[m.pk for m in rows])
        .exists()
    ):
        raise ValidationError(
            _("The scheme would be left without a manager: invite another one first.")
        )
    for membership in rows:
        if membership.starts_on and membership.starts_on > last_day:
            membership.is_active = False
            membership.save(update_fields=["is_active"])
        else:
            membership.ends_on = last_day
            membership.full_clean()
            membership.save(update_fields=["ends_on"])
    return rows


@transaction.atomic
def membership_change(
    *,
    changer: User,
    membership: Membership,
    role_code: str,
    perimeter: str,
    neighbourhood_ids: Iterable[int] = (),
) -> Membership:
    """Change a person's role or perimeter in a scheme without rewriting the past: the current
    membership ends yesterday and a new one starts today (one that started today is changed in
    place: it has no past). Never wider than the changer's own access (as for an invitation),
    never leaving the scheme without a manager. Returns the membership in force from today."""
    locked = Membership.objects.select_for_update().select_related("role").get(pk=membership.pk)
    today = clock.today()
    if not locked.is_active or (locked.ends_on is not None and locked.ends_on < today):
        raise ValidationError(_("This membership has ended: invite the person again."))
    role = Role.objects.filter(code=role_code).first()
    if role is None:
        raise ValidationError({"role": _("Unknown role.")})
    if perimeter not in PerimeterKind.values:
        raise ValidationError({"perimeter": _("Unknown perimeter.")})
    nids = set(neighbourhood_ids) if perimeter == PerimeterKind.NEIGHBOURHOODS else set()
    if perimeter == PerimeterKind.NEIGHBOURHOODS and not nids:
        raise ValidationError(
            {"neighbourhoods": _("List at least one neighbourhood for this perimeter.")}
        )
    current = set(locked.neighbourhoods.values_list("pk", flat=True))
    if (role.pk, perimeter, nids) == (locked.role_id, locked.perimeter, current):
        raise ValidationError(_("Nothing changes: choose another role or perimeter."))
    if not access_within_inviter(
        inviter=changer,
        scheme_id=locked.scheme_id,
        role=role,
        perimeter=perimeter,
        organisation_id=locked.organisation_id,
        neighbourhood_ids=nids,
    ):
        raise ValidationError(_("You cannot give an access wider than your own."))
    clash = (
        Membership.objects.in_force(today)
        .filter(
            user_id=locked.user_id,
            organisation_id=locked.organisation_id,
            scheme_id=locked.scheme_id,
            role=role,
        )
        .exclude(pk=locked.pk)
    )
    if clash.exists():
        raise ValidationError({"role": _("This person already holds this role.")})
    if locked.starts_on == today:
        changed = locked
        changed.role = role
        changed.perimeter = perimeter
        changed.full_clean()
        changed.save(update_fields=["role", "perimeter"])
    else:
        ends_on = locked.ends_on
        locked.ends_on = today - timedelta(days=1)
        locked.full_clean()
        locked.save(update_fields=["ends_on"])
        changed = Membership(
            user_id=locked.user_id,
            organisation_id=locked.organisation_id,
            scheme_id=locked.scheme_id,
            role=role,
            perimeter=perimeter,
            starts_on=today,
            ends_on=ends_on,
        )
        changed.full_clean()
        changed.save()
    changed.neighbourhoods.set(nids)
    if not (
        Membership.objects.in_force(today)
        .filter(scheme_id=locked.scheme_id, role__can_manage=True)
        .exists()
    ):
        raise ValidationError(
            _("The scheme would be left without a manager: invite another one first.")
        )
    return changed


@transaction.atomic
def shared_mailbox_add(
    *,
    inviter: User,
    scheme_id: int,
    email: str,
    organisation_id: int,
    role_code: str,
    perimeter: str = PerimeterKind.SCHEME,
    neighbourhood_ids: Iterable[int] = (),
) -> Membership:
    """Give a shared address (« adresse commune ») a membership of the scheme, so it receives
    what the members of its organisation receive (the digest), cut to its perimeter. The
    address is a user marked ``is_shared_mailbox``, with no usable password: it never logs in
    and no reset link is sent to it. The same rules as an invitation: never wider than the
    inviter, never an address already a member; the address of a person's account is refused.
    A shared address may serve several schemes."""
    from django.core.validators import validate_email

    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from exc
    role = Role.objects.filter(code=role_code).first()
    if role is None:
        raise ValidationError({"role": _("Unknown role.")})
    if role.can_manage or role.can_record or role.can_supervise:
        raise ValidationError({"role": _("A shared address only reads: choose a reading role.")})
    if perimeter not in PerimeterKind.values:
        raise ValidationError({"perimeter": _("Unknown perimeter.")})
    nids = set(neighbourhood_ids) if perimeter == PerimeterKind.NEIGHBOURHOODS else set()
    if perimeter == PerimeterKind.NEIGHBOURHOODS and not nids:
        raise ValidationError(
            {"neighbourhoods": _("List at least one neighbourhood for this perimeter.")}
        )
    already = Membership.objects.in_force().filter(scheme_id=scheme_id, user__email__iexact=email)
    if already.exists():
        raise ValidationError({"email": _("This address is already a member of the scheme.")})
    if not access_within_inviter(
        inviter=inviter,
        scheme_id=scheme_id,
        role=role,
        perimeter=perimeter,
        organisation_id=organisation_id,
        neighbourhood_ids=nids,
    ):
        raise ValidationError(_("You cannot give an access wider than your own."))
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and not user.is_shared_mailbox:
        raise ValidationError(
            {"email": _("This is the address of a person's account: invite the person instead.")}
        )
    if user is None:
        username = email[:150]
        if User.objects.filter(username__iexact=username).exists():
            username = f"{email[:140]}-{secrets.token_hex(4)}"
        user = User(username=username, email=email, is_shared_mailbox=True)
        user.set_unusable_password()
        user.full_clean()
        user.save()
    from voisinage.accounts.services import membership_grant

    membership = membership_grant(
        user=user,
        organisation_id=organisation_id,
        scheme_id=scheme_id,
        role_code=role.code,
        perimeter=perimeter,
        neighbourhood_ids=sorted(nids),
    )
    membership.starts_on = clock.today()
    membership.full_clean()
    membership.save(update_fields=["starts_on"])
    return membership
