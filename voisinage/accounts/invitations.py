"""The page behind an invitation's link: a new person chooses a username and a password; a
person who already has an account joins once logged in with the invitation's address."""

from __future__ import annotations

from django import forms
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from voisinage.accounts.models import User
from voisinage.accounts.services.people import invitation_accept, invitation_for_token
from voisinage.lib.forms import apply_errors


class AcceptForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Confirm the password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password1") != data.get("password2"):
            raise ValidationError(_("The two passwords differ."))
        return data


def accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation.html", {"invalid": True}, status=404)
    has_account = User.objects.filter(email__iexact=invitation.email).exists()
    user = request.user if request.user.is_authenticated else None
    form = AcceptForm(request.POST or None, initial={"username": invitation.email.split("@")[0]})
    if request.method == "POST":
        try:
            if has_account:
                if not isinstance(user, User):
                    raise ValidationError(_("An account has this address: log in first."))
                invitation_accept(token=token, user=user)
                return redirect("home")
            if form.is_valid():
                joined = invitation_accept(
                    token=token,
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password1"],
                )
                login(request, joined, backend="django.contrib.auth.backends.ModelBackend")
                return redirect("home")
        except ValidationError as exc:
            apply_errors(form, exc, fields={"password": "password1"})
    context = {
        "invitation": invitation,
        "form": form,
        "has_account": has_account,
        "logged_in_as_invited": isinstance(user, User)
        and (user.email or "").lower() == invitation.email,
        "next": request.get_full_path(),
    }
    return render(request, "accounts/invitation.html", context, status=400 if form.errors else 200)
