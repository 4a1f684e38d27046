"""The people section of the settings area: who holds which access to the scheme, the
invitations waiting, inviting a person, ending a membership from a date."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voisinage.accounts.access import PerimeterKind, get_or_404
from voisinage.accounts.models import Invitation, Membership, Role
from voisinage.lib import clock
from voisinage.lib.forms import apply_errors
from voisinage.schemes import services
from voisinage.schemes.settings.pages import error_text, render_section

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from voisinage.schemes.models import Scheme


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail"))
    organisation = forms.TypedChoiceField(label=gettext_lazy("Organisation"), coerce=int)
    role = forms.ModelChoiceField(
        label=gettext_lazy("Role"), queryset=Role.objects.order_by("label"), to_field_name="code"
    )
    perimeter = forms.ChoiceField(label=gettext_lazy("Perimeter"), choices=PerimeterKind.choices)
    neighbourhoods = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Neighbourhoods"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Only for the “listed neighbourhoods” perimeter."),
    )

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Through the scheme's own relations: the organisations that are its members, its
        # neighbourhoods.
        members = (
            scheme.members.in_force().select_related("organisation").order_by("organisation__name")
        )
        organisations = {m.organisation_id: m.organisation.name for m in members}
        self.fields["organisation"].choices = list(organisations.items())  # type: ignore[attr-defined]
        neighbourhoods = (
            scheme.neighbourhoods.filter(is_active=True).order_by("name").values_list("pk", "name")
        )
        self.fields["neighbourhoods"].choices = list(neighbourhoods)  # type: ignore[attr-defined]


class ChangeForm(forms.Form):
    membership = forms.TypedChoiceField(label=gettext_lazy("Person"), coerce=int)
    role = forms.ModelChoiceField(
        label=gettext_lazy("Role"), queryset=Role.objects.order_by("label"), to_field_name="code"
    )
    perimeter = forms.ChoiceField(label=gettext_lazy("Perimeter"), choices=PerimeterKind.choices)
    neighbourhoods = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Neighbourhoods"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Only for the “listed neighbourhoods” perimeter."),
    )

    def __init__(self, *args: Any, scheme: Scheme, memberships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].choices = [  # type: ignore[attr-defined]
            (m.pk, f"{m.user.display_name} — {m.organisation} — {m.role.label}")
            for m in memberships
        ]
        neighbourhoods = (
            scheme.neighbourhoods.filter(is_active=True).order_by("name").values_list("pk", "name")
        )
        self.fields["neighbourhoods"].choices = list(neighbourhoods)  # type: ignore[attr-defined]
        self.prefix = "change"


class EndForm(forms.Form):
    last_day = forms.DateField(
        label=gettext_lazy("Last day"), widget=forms.DateInput(attrs={"type": "date"})
    )


def people(request: HttpRequest, scheme: Scheme) -> HttpResponse:
    author: Any = request.user
    today = clock.today()
    memberships = (
        Membership.objects.filter(scheme=scheme, is_active=True)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("user", "organisation", "role")
        .order_by("organisation__name", "user__last_name", "user__username")
    )
    action = request.POST.get("action", "")
    form = InviteForm(request.POST if action == "invite" else None, scheme=scheme)
    shared = InviteForm(
        request.POST if action == "shared" else None, scheme=scheme, prefix="shared"
    )
    change = ChangeForm(
        request.POST if action == "change" else None, scheme=scheme, memberships=memberships
    )
    errors: list[str] = []
    if request.method == "POST":
        try:
            if action == "invite":
                if form.is_valid():
                    data = form.cleaned_data
                    services.person_invite(
                        scheme=scheme,
                        inviter=author,
                        email=data["email"],
                        organisation_id=data["organisation"],
                        role_code=data["role"].code,
                        perimeter=data["perimeter"],
                        neighbourhood_ids=data["neighbourhoods"],
                    )
            elif action == "shared":
                if shared.is_valid():
                    data = shared.cleaned_data
                    services.shared_address_add(
                        scheme=scheme,
                        author=author,
                        email=data["email"],
                        organisation_id=data["organisation"],
                        role_code=data["role"].code,
                        perimeter=data["perimeter"],
                        neighbourhood_ids=data["neighbourhoods"],
                    )
            elif action == "change":
                if change.is_valid():
                    data = change.cleaned_data
                    services.person_access_change(
                        scheme=scheme,
                        author=author,
                        membership=get_or_404(memberships, pk=data["membership"]),
                        role_code=data["role"].code,
                        perimeter=data["perimeter"],
                        neighbourhood_ids=data["neighbourhoods"],
                    )
            elif action == "end":
                membership = get_or_404(memberships, pk=request.POST.get("membership", ""))
                end = EndForm(request.POST)
                if not end.is_valid():
                    raise ValidationError(_("Give the last day."))
                services.person_membership_end(
                    scheme=scheme,
                    author=author,
                    membership=membership,
                    last_day=end.cleaned_data["last_day"],
                )
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as exc:
            if action == "invite":
                apply_errors(form, exc)
            elif action == "change":
                apply_errors(change, exc)
            elif action == "shared":
                apply_errors(shared, exc)
            else:
                errors = error_text(exc)
        else:
            if not form.errors and not change.errors and not shared.errors:
                messages.success(request, _("Saved."))
                return redirect("schemes:settings_section", slug=scheme.slug, key=services.PEOPLE)
    invitations = (
        Invitation.objects.filter(scheme=scheme)
        .pending(clock.now())
        .select_related("organisation", "role")
    )
    context = {
        "memberships": list(memberships),
        "invitations": list(invitations),
        "form": form,
        "change": change,
        "shared": shared,
        "errors": errors,
        "today": today,
    }
    status = 400 if errors or form.errors or change.errors or shared.errors else 200
    return render_section(
        request, scheme, services.PEOPLE, "settings/people.html", context, status=status
    )
