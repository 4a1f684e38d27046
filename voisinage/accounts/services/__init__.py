"""Writes on accounts: API tokens, login throttling, memberships (invitations and the end of a
membership: ``people``)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from voisinage.accounts.access import PerimeterKind
from voisinage.accounts.models import (
    ApiToken,
    LoginFailure,
    Membership,
    PasswordResetRequest,
    Role,
    User,
)
from voisinage.lib import clock

TOKEN_PREFIX = "vsn"  # noqa: S105 - a public marker, not a secret


def token_hash(raw: str) -> str:
    """SHA-256 of a secret token (API tokens, calendar-feed links); only this is stored."""
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; returns it with its secret, which is never stored nor shown again."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the token a name, e.g. the system that will use it."))
    if len(name) > 100:
        raise ValidationError(_("The name is longer than 100 characters."))
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, key_hash=token_hash(raw))
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(raw: str) -> User | None:
    """The active user behind a bearer token, or None. Marks the token used (once a minute)."""
    if not raw.startswith(f"{TOKEN_PREFIX}_") or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def login_is_throttled(*, username: str, ip_address: str | None) -> bool:
    """Too many recent failures for this username, or (four times as many) from this address."""
    limit = settings.VOISINAGE_LOGIN_MAX_FAILURES
    since = clock.now() - timedelta(seconds=settings.VOISINAGE_LOGIN_WINDOW_SECONDS)
    recent = LoginFailure.objects.filter(at__gte=since)
    if recent.filter(username__iexact=username).count() >= limit:
        return True
    return bool(ip_address) and recent.filter(ip_address=ip_address).count() >= 4 * limit


def login_failure_record(*, username: str, ip_address: str | None) -> None:
    now = clock.now()
    LoginFailure.objects.filter(
        at__lt=now - timedelta(seconds=settings.VOISINAGE_LOGIN_WINDOW_SECONDS)
    ).delete()
    LoginFailure.objects.create(username=username[:150], ip_address=ip_address, at=now)


def login_failures_clear(*, username: str) -> None:
    LoginFailure.objects.filter(username__iexact=username).delete()


@transaction.atomic
def roles_ensure_defaults() -> None:
    """Create the default roles that are missing (the data migration does the same)."""
    from voisinage.accounts.roles import DEFAULT_ROLES

    for spec in DEFAULT_ROLES:
        values = dict(spec)
        code = str(values.pop("code"))
        Role.objects.get_or_create(code=code, defaults=values)


@transaction.atomic
def membership_grant(
    *,
    user: User,
    organisation_id: int,
    scheme_id: int,
    role_code: str,
    perimeter: str = PerimeterKind.SCHEME,
    neighbourhood_ids: list[int] | None = None,
) -> Membership:
    """Give a user a role in a scheme for an organisation (idempotent: the membership that is
    open or ends today or later is reused; one that ended before today stays as it was and a new
    one is made)."""
    role = Role.objects.get(code=role_code)
    membership = (
        Membership.objects.filter(
            user=user, organisation_id=organisation_id, scheme_id=scheme_id, role=role
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=clock.today()))
        .order_by("-pk")
        .first()
    )
    if membership is None:
        membership = Membership.objects.create(
            user=user,
            organisation_id=organisation_id,
            scheme_id=scheme_id,
            role=role,
            perimeter=perimeter,
        )
    if membership.perimeter != perimeter or not membership.is_active:
        membership.perimeter = perimeter
        membership.is_active = True
        membership.full_clean()
        membership.save(update_fields=["perimeter", "is_active"])
    if perimeter == PerimeterKind.NEIGHBOURHOODS:
        if not neighbourhood_ids:
            raise ValidationError(_("List at least one neighbourhood for this perimeter."))
        membership.neighbourhoods.set(neighbourhood_ids)
    else:
        membership.neighbourhoods.clear()
    return membership


def user_needs_second_factor(user: User) -> bool:
    """Partner and administrator roles need TOTP when the setting says so."""
    if not settings.VOISINAGE_REQUIRE_2FA:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return (
        Membership.objects.in_force()
        .filter(Q(role__side__in=["partner", "admin"]), user=user)
        .exists()
    )


def password_reset_request_allowed(*, email: str, ip_address: str | None) -> tuple[bool, bool]:
    """Record a request for a reset link; answers (address allowed, client allowed).

    At most VOISINAGE_RESET_MAX_PER_ADDRESS requests for one address and
    VOISINAGE_RESET_MAX_PER_CLIENT from one client within VOISINAGE_RESET_WINDOW_SECONDS. The
    work is the same whether an account has this address or not (nothing is looked up here).
    """
    now = clock.now()
    since = now - timedelta(seconds=settings.VOISINAGE_RESET_WINDOW_SECONDS)
    address_hash = token_hash(email.strip().lower())
    with transaction.atomic():
        PasswordResetRequest.objects.filter(at__lt=since).delete()
        recent = PasswordResetRequest.objects.filter(at__gte=since)
        address_ok = (
            recent.filter(address_hash=address_hash).count()
            < settings.VOISINAGE_RESET_MAX_PER_ADDRESS
        )
        client_ok = not ip_address or (
            recent.filter(ip_address=ip_address).count() < settings.VOISINAGE_RESET_MAX_PER_CLIENT
        )
        if client_ok:
            PasswordResetRequest.objects.create(
                address_hash=address_hash, ip_address=ip_address, at=now
            )
    return address_ok, client_ok


def password_reset_emails_send(*, user_ids: list[int]) -> None:
    for user_id in user_ids:
        password_reset_email_send(user_id=user_id)


def password_reset_email_send(*, user_id: int) -> None:
    """Send the password-reset e-mail. Links point at VOISINAGE_BASE_URL, never at the request's
    Host header (which a client controls)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.core.mail import EmailMessage
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from voisinage.lib.text import render_subject, render_text

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    protocol, _sep, domain = settings.BASE_URL.partition("://")
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": "Voisinage",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
    }
    subject = render_subject("accounts/password_reset_subject.txt", context)
    body = render_text("accounts/password_reset_email.txt", context)
    EmailMessage(subject=subject, body=body, to=[user.email]).send()


@transaction.atomic
def second_factor_disable(*, user: User) -> None:
    """Remove the user's TOTP devices, unless their role requires a second factor."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if user_needs_second_factor(user):
        raise ValidationError(_("Your role requires two-step verification."))
    TOTPDevice.objects.filter(user=user).delete()


@transaction.atomic
def second_factor_device_pending(*, user: User) -> Any:
    """The user's unconfirmed TOTP device, created on first call (the QR code to scan)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Voisinage", confirmed=False)
    return device


@transaction.atomic
def second_factor_confirm(*, device: Any, token: str) -> bool:
    """Confirm a pending device with a code from the app; False (nothing changed) if wrong."""
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


# First enrolment of a second factor: the password alone is not enough (whoever learnt it
# would enrol their own phone). A code is e-mailed to the account's address, derived from the
# pending device's secret and a 15-minute step, so nothing more is stored; it is valid during
# its step and the next one.
ENROLMENT_STEP_SECONDS = 15 * 60
ENROLMENT_DIGITS = 8


def _enrolment_code(device: Any, step: int) -> str:
    from django.utils.crypto import salted_hmac

    digest = salted_hmac(
        "voisinage.accounts.second-factor-enrolment",
        f"{device.pk}:{device.key}:{step}",
        algorithm="sha256",
    ).hexdigest()
    return f"{int(digest[:16], 16) % 10**ENROLMENT_DIGITS:0{ENROLMENT_DIGITS}d}"


def _enrolment_step() -> int:
    return int(clock.now().timestamp()) // ENROLMENT_STEP_SECONDS


def second_factor_enrolment_code(*, device: Any) -> str:
    """The code to e-mail now for this pending device."""
    return _enrolment_code(device, _enrolment_step())


def second_factor_enrolment_code_matches(*, device: Any, code: str) -> bool:
    from django.utils.crypto import constant_time_compare

    step = _enrolment_step()
    code = code.strip()
    return any(constant_time_compare(code, _enrolment_code(device, s)) for s in (step, step - 1))


def second_factor_enrolment_mail_send(*, user_id: int) -> None:
    """E-mail the enrolment code of the user's pending device to the account's address."""
    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = User.objects.filter(pk=user_id, is_active=True).first()
    device = TOTPDevice.objects.filter(user_id=user_id, confirmed=False).first()
    if user is None or device is None or not user.email:
        return
    context = {
        "user": user,
        "code": second_factor_enrolment_code(device=device),
        "minutes": ENROLMENT_STEP_SECONDS // 60,
    }
    subject = "".join(
        render_to_string("accounts/second_factor_code_subject.txt", context).splitlines()
    )
    body = render_to_string("accounts/second_factor_code_email.txt", context)
    EmailMessage(subject=subject, body=body, to=[user.email]).send()


def second_factor_enrolment_start(*, user: User) -> None:
    """Queue the e-mail holding the enrolment code (sent by a task after the commit)."""
    from voisinage.accounts.tasks import send_second_factor_enrolment_code

    transaction.on_commit(lambda: send_second_factor_enrolment_code.enqueue(user_id=user.pk))
