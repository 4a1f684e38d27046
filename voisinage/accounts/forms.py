from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from voisinage.accounts.services import (
    login_failure_record,
    login_failures_clear,
    login_is_throttled,
    password_reset_request_allowed,
)


def client_ip(request: Any) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy rewrites it.
    return request.META.get("REMOTE_ADDR") if request is not None else None


class ThrottledLoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _(
            "Too many failed attempts. Wait %(minutes)s minutes, or reset your password."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        ip_address = client_ip(self.request)
        if username and login_is_throttled(username=username, ip_address=ip_address):
            minutes = max(1, -(-settings.VOISINAGE_LOGIN_WINDOW_SECONDS // 60))
            raise ValidationError(
                self.error_messages["throttled"], code="throttled", params={"minutes": minutes}
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            if username:
                login_failure_record(username=username, ip_address=ip_address)
            raise
        login_failures_clear(username=username)
        return cleaned


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What will use it, e.g. “Landlord's tenancy system”."),
    )


class OtpTokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code"),
        max_length=8,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class QueuedPasswordResetForm(PasswordResetForm):
    """Rate-limited per address and per client; queues one task per request (holding account
    ids, never a link), whether or not an account has the address."""

    error_messages = {
        "throttled": _(
            "Too many reset requests from your connection. Wait an hour, or ask your administrator."
        ),
    }

    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.address_allowed = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        email = cleaned.get("email")
        if email:
            self.address_allowed, client_allowed = password_reset_request_allowed(
                email=email, ip_address=client_ip(self.request)
            )
            if not client_allowed:
                raise ValidationError(self.error_messages["throttled"], code="throttled")
        return cleaned

    def save(self, *args: Any, **kwargs: Any) -> None:
        from voisinage.accounts.tasks import send_password_reset_emails

        user_ids = [user.pk for user in self.get_users(self.cleaned_data["email"])]
        if not self.address_allowed:
            user_ids = []  # enough links were sent to this address for now; same answer
        send_password_reset_emails.enqueue(user_ids=user_ids)


class SecondFactorSetupForm(OtpTokenForm):
    """Turning the second factor on: the code the app shows, and the code e-mailed to the
    account's address (so that the password alone cannot enrol a phone)."""

    email_code = forms.CharField(
        label=_("Code received by e-mail"),
        max_length=8,
        min_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    field_order = ["email_code", "token"]
