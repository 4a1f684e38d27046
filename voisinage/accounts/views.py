from __future__ import annotations

import base64

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
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
    ThrottledLoginForm,
    TokenForm,
)
from voisinage.accounts.models import ApiToken, Membership
from voisinage.accounts.services import (
    api_token_create,
    api_token_revoke,
    login_failures_clear,
    user_needs_second_factor,
)


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


@login_required
def second_factor_setup(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:profile")
    device = account_services.second_factor_device_pending(user=user)
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip()
        if account_services.second_factor_confirm(device=device, token=token):
            otp_login(request, device)
            messages.success(request, _("Two-step verification is on."))
            return redirect("home")
        form.add_error("token", _("This code is not valid. Check your phone's clock and retry."))
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/second_factor_setup.html",
        {"form": form, "qr": _qr_data_uri(device.config_url), "secret": secret},
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
