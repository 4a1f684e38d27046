from __future__ import annotations

import base64
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from voisinage.accounts import services as account_services
from voisinage.accounts.access import AuthenticatedRequest, get_or_404
from voisinage.accounts.forms import (
    OtpTokenForm,
    QueuedPasswordResetForm,
    SecondFactorSetupForm,
    ThrottledLoginForm,
    TokenForm,
    client_ip,
)
from voisinage.accounts.models import ApiToken, Membership
from voisinage.accounts.services import (
    api_token_create,
    api_token_revoke,
    login_failure_record,
    login_failures_clear,
    login_is_throttled,
    user_needs_second_factor,
)
from voisinage.lib import clock


class LogoutView(auth_views.LogoutView):
    """Logging out also tells the browser to delete what this site keeps on the device: the
    field app's offline pages, its entrances and waiting entries, its service worker (the phone
    script starts deleting them, after warning about unsent entries; docs/field.md)."""

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = ThrottledLoginForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = QueuedPasswordResetForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        # The throttling message promises that a reset lets the person back in.
        login_failures_clear(username=form.user.get_username())
        return response


def _safe_next(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


@login_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    memberships = (
        Membership.objects.visible_to(user)
        .filter(user=user, is_active=True)
        .select_related("organisation", "scheme", "role")
        .prefetch_related("neighbourhoods")
    )
    new_token = request.session.pop("new_api_token", None)
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": memberships,
            "tokens": ApiToken.objects.filter(user=user),
            "token_form": TokenForm(),
            "new_token": new_token,
            "has_device": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "needs_device": user_needs_second_factor(user),
        },
    )


@login_required
@require_POST
def token_create(request: AuthenticatedRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _token, raw = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            # Shown once, on the next page; never stored in clear.
            request.session["new_api_token"] = raw
            messages.success(request, _("Token created. Copy it now: it will not be shown again."))
    else:
        messages.error(request, _("Give the token a name."))
    return redirect("accounts:profile")


@login_required
@require_POST
def token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    token = get_or_404(ApiToken.objects.filter(user=request.user), pk=pk)
    api_token_revoke(token=token)
    messages.success(request, _("Token revoked."))
    return redirect("accounts:profile")


def _qr_data_uri(text: str) -> str:
    svg = segno.make(text, error="m").svg_inline(scale=5)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


ENROLMENT_MAILED_AT = "second_factor_enrolment_mailed_at"
RESEND_SECONDS = 60


def _masked(address: str) -> str:
    """n…@example.org: enough for the person to recognise their address, not more."""
    local, _sep, domain = address.partition("@")
    return f"{local[:1]}…@{domain}"


def _mail_enrolment_code(request: AuthenticatedRequest) -> None:
    account_services.second_factor_enrolment_start(user=request.user)
    request.session[ENROLMENT_MAILED_AT] = clock.now().timestamp()


@login_required
def second_factor_setup(request: AuthenticatedRequest) -> HttpResponse:
    """First enrolment: the QR code to scan, a code e-mailed to the account's address, and both
    codes to enter (the password alone, known to an intruder, must not be enough)."""
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:profile")
    template = "accounts/second_factor_setup.html"
    if not user.email:
        return render(request, template, {"no_email": True})
    device = account_services.second_factor_device_pending(user=user)
    mailed_at = request.session.get(ENROLMENT_MAILED_AT)
    elapsed = clock.now().timestamp() - mailed_at if mailed_at is not None else None
    if request.method == "POST" and "resend" in request.POST:
        if elapsed is None or elapsed >= RESEND_SECONDS:
            _mail_enrolment_code(request)
            messages.success(
                request, _("A new code was sent to %(email)s.") % {"email": _masked(user.email)}
            )
        else:
            messages.error(request, _("Wait a minute before asking for another code."))
        return redirect("accounts:second_factor_setup")
    if elapsed is None or elapsed > account_services.ENROLMENT_STEP_SECONDS:
        _mail_enrolment_code(request)
    form = SecondFactorSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip_address = client_ip(request)
        username = user.get_username()
        if login_is_throttled(username=username, ip_address=ip_address):
            form.add_error(None, _("Too many wrong codes. Wait a few minutes, then retry."))
        elif not account_services.second_factor_enrolment_code_matches(
            device=device, code=form.cleaned_data["email_code"]
        ):
            login_failure_record(username=username, ip_address=ip_address)
            form.add_error(
                "email_code",
                _("This is not the code of the last e-mail, or it has expired: ask for a new one."),
            )
        elif account_services.second_factor_confirm(
            device=device, token=form.cleaned_data["token"].strip()
        ):
            otp_login(request, device)
            request.session.pop(ENROLMENT_MAILED_AT, None)
            messages.success(request, _("Two-step verification is on."))
            return redirect("home")
        else:
            form.add_error(
                "token", _("This code is not valid. Check your phone's clock and retry.")
            )
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        template,
        {
            "form": form,
            "qr": _qr_data_uri(device.config_url),
            "secret": secret,
            "email": _masked(user.email),
        },
    )


@login_required
def second_factor(request: AuthenticatedRequest) -> HttpResponse:
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("token", _("This code is not valid."))
    return render(
        request, "accounts/second_factor.html", {"form": form, "next": _safe_next(request)}
    )


@login_required
@require_POST
def second_factor_disable(request: AuthenticatedRequest) -> HttpResponse:
    try:
        account_services.second_factor_disable(user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Two-step verification is off."))
    return redirect("accounts:profile")


def admin_login(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """The Django admin's login page, replaced: administrators log in through our login page
    (throttled, then the second factor), never through a second, unthrottled form. Someone
    already logged in without admin rights gets a 404, as for anything not theirs."""
    if request.user.is_authenticated:
        raise Http404
    target = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    return redirect_to_login(target, login_url=reverse("accounts:login"))
