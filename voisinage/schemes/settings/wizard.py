"""The new-scheme wizard: an operator's manager (or a platform administrator) chooses a
template and names the scheme; the settings area then takes over for the rest (territory,
members, people, hours, activities)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voisinage.accounts.access import RoleSide, grants_for, is_platform_admin
from voisinage.lib import clock
from voisinage.lib.forms import apply_errors
from voisinage.schemes import services
from voisinage.schemes.models import Scheme
from voisinage.schemes.shapes import SHAPES

if TYPE_CHECKING:
    from django.http import HttpResponse

    from voisinage.accounts.access import AnyUser, AuthenticatedRequest


def operators_of(user: AnyUser) -> dict[int, str]:
    """The operators on whose behalf the user may create a scheme: those they manage a scheme
    for (every scheme's operator for a platform administrator)."""
    if is_platform_admin(user):
        schemes = Scheme.objects.select_related("operator")
        return {s.operator_id: s.operator.name for s in schemes}
    ids = {
        g.organisation_id for g in grants_for(user) if g.can_manage and g.side == RoleSide.OPERATOR
    }
    schemes = Scheme.objects.filter(operator_id__in=ids).select_related("operator")
    return {s.operator_id: s.operator.name for s in schemes}


class WizardForm(forms.Form):
    shape = forms.ChoiceField(
        label=gettext_lazy("Template"),
        choices=[(s.key, s.label) for s in SHAPES.values()],
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    slug = forms.SlugField(
        label=gettext_lazy("Short address"),
        max_length=60,
        help_text=gettext_lazy("Lower-case letters, digits and hyphens, e.g. mons-en-baroeul."),
    )
    operator = forms.TypedChoiceField(label=gettext_lazy("Operator"), coerce=int)
    starts_on = forms.DateField(
        label=gettext_lazy("Start"), widget=forms.DateInput(attrs={"type": "date"})
    )
    activity_preset = forms.ChoiceField(
        label=gettext_lazy("Activities"),
        choices=[
            ("", gettext_lazy("The template's (standard XP X60-600)")),
            ("mons", gettext_lazy("The 9 activities of the Mons-en-Barœul list")),
            ("none", gettext_lazy("None: I will add them")),
        ],
        required=False,
    )

    def __init__(self, *args: Any, operators: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["operator"].choices = sorted(operators.items(), key=lambda c: c[1])  # type: ignore[attr-defined]

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if Scheme.objects.filter(slug=slug).exists() or slug in services.RESERVED_SLUGS:
            raise ValidationError(_("This address is already taken: choose another."))
        return slug


@login_required
def wizard(request: AuthenticatedRequest) -> HttpResponse:
    operators = operators_of(request.user)
    if not operators:
        raise Http404
    form = WizardForm(
        request.POST or None, operators=operators, initial={"starts_on": clock.today()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        preset = {"": None, "none": ""}.get(data["activity_preset"], data["activity_preset"])
        try:
            scheme = services.scheme_create(
                creator=request.user,
                shape=data["shape"],
                name=data["name"],
                slug=data["slug"],
                operator_id=data["operator"],
                starts_on=data["starts_on"],
                activity_preset=preset,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The scheme is created: go on with its settings."))
            return redirect("schemes:settings", slug=scheme.slug)
    status = 400 if form.errors else 200
    context = {"form": form, "shapes": list(SHAPES.values())}
    return render(request, "settings/wizard.html", context, status=status)
