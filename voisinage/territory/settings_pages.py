"""Territory's pages of the settings area: neighbourhoods, residences and entrances."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voisinage.accounts.access import get_or_404
from voisinage.lib import clock
from voisinage.lib.forms import apply_errors
from voisinage.schemes.models import MemberRole, SchemeMember
from voisinage.schemes.services import MEMBERS, scheme_member_add, scheme_member_end
from voisinage.schemes.settings.pages import error_text, render_section
from voisinage.territory import services
from voisinage.territory.models import (
    Entrance,
    Neighbourhood,
    NeighbourhoodKind,
    Organisation,
    OrganisationKind,
    Residence,
)

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from voisinage.schemes.models import Scheme

ENTRANCES_PER_PAGE = 50


class NeighbourhoodForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=NeighbourhoodKind.choices)


def neighbourhoods(request: HttpRequest, scheme: Scheme) -> HttpResponse:
    author: Any = request.user
    rows = Neighbourhood.objects.filter(scheme=scheme).order_by("-is_active", "kind", "name")
    residences = Residence.objects.filter(scheme=scheme).select_related("neighbourhood", "landlord")
    action = request.POST.get("action", "")
    form = NeighbourhoodForm(request.POST if action == "add" else None)
    errors: list[str] = []
    if request.method == "POST":
        try:
            if action == "add":
                if form.is_valid():
                    services.neighbourhood_create(scheme=scheme, author=author, **form.cleaned_data)
            elif action == "edit":
                row = get_or_404(rows, pk=request.POST.get("neighbourhood", ""))
                edit = NeighbourhoodForm(request.POST)
                if not edit.is_valid():
                    raise ValidationError(_("Give a name and a kind."))
                services.neighbourhood_update(neighbourhood=row, author=author, **edit.cleaned_data)
            elif action in {"retire", "restore"}:
                services.neighbourhood_retire(
                    neighbourhood=get_or_404(rows, pk=request.POST.get("neighbourhood", "")),
                    author=author,
                    retire=action == "retire",
                    with_entrances=bool(request.POST.get("with_entrances")),
                )
            elif action in {"retire_residence", "restore_residence"}:
                services.residence_retire(
                    residence=get_or_404(residences, pk=request.POST.get("residence", "")),
                    author=author,
                    retire=action == "retire_residence",
                    with_entrances=bool(request.POST.get("with_entrances")),
                )
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as exc:
            if action == "add":
                apply_errors(form, exc)
            else:
                errors = error_text(exc)
        else:
            if not form.errors:
                messages.success(request, _("Saved."))
                return redirect(
                    "schemes:settings_section", slug=scheme.slug, key=services.NEIGHBOURHOODS
                )
    context = {
        "rows": list(rows),
        "residences": list(residences.order_by("-is_active", "neighbourhood__name", "name")),
        "kinds": NeighbourhoodKind.choices,
        "form": form,
        "errors": errors,
    }
    status = 400 if errors or form.errors else 200
    return render_section(
        request,
        scheme,
        services.NEIGHBOURHOODS,
        "settings/neighbourhoods.html",
        context,
        status=status,
    )


def _in_service(scheme: Scheme) -> Any:
    """The neighbourhoods offered for new entries: those not retired."""
    return Neighbourhood.objects.filter(scheme=scheme, is_active=True)


def _landlords(scheme: Scheme) -> Any:
    """The landlords members of the scheme today (one that left is not offered any more)."""
    members = SchemeMember.objects.in_force().filter(scheme=scheme, role=MemberRole.LANDLORD)
    return Organisation.objects.filter(pk__in=members.values("organisation_id")).distinct()


class ResidenceForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=160)
    landlord = forms.ModelChoiceField(
        label=gettext_lazy("Landlord"), queryset=Organisation.objects.none()
    )
    neighbourhood = forms.ModelChoiceField(
        label=gettext_lazy("Neighbourhood"), queryset=Neighbourhood.objects.none()
    )

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["landlord"].queryset = _landlords(scheme)  # type: ignore[attr-defined]
        self.fields["neighbourhood"].queryset = _in_service(scheme)  # type: ignore[attr-defined]


class EntranceForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=40)
    address = forms.CharField(label=gettext_lazy("Address"), max_length=255)
    landlord = forms.ModelChoiceField(
        label=gettext_lazy("Landlord"), queryset=Organisation.objects.none()
    )
    neighbourhood = forms.ModelChoiceField(
        label=gettext_lazy("Neighbourhood"), queryset=Neighbourhood.objects.none()
    )
    residence: forms.ModelChoiceField[Residence] = forms.ModelChoiceField(
        label=gettext_lazy("Residence"),
        queryset=None,
        required=False,
    )
    dwellings = forms.IntegerField(label=gettext_lazy("Dwellings"), min_value=0, initial=0)

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["landlord"].queryset = _landlords(scheme)  # type: ignore[attr-defined]
        self.fields["neighbourhood"].queryset = _in_service(scheme)  # type: ignore[attr-defined]
        self.fields["residence"].queryset = Residence.objects.filter(  # type: ignore[attr-defined]
            scheme=scheme, is_active=True
        )


class EntranceEditForm(forms.Form):
    address = forms.CharField(max_length=255)
    neighbourhood = forms.ModelChoiceField(queryset=Neighbourhood.objects.none())
    dwellings = forms.IntegerField(min_value=0)
    is_active = forms.BooleanField(required=False)

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every neighbourhood: a retired entrance stays in its retired neighbourhood (the
        # service refuses an entrance in service there).
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(scheme=scheme)  # type: ignore[attr-defined]


def entrances(request: HttpRequest, scheme: Scheme) -> HttpResponse:
    author: Any = request.user
    all_rows = Entrance.objects.filter(scheme=scheme)
    action = request.POST.get("action", "")
    entrance_form = EntranceForm(request.POST if action == "add" else None, scheme=scheme)
    residence_form = ResidenceForm(
        request.POST if action == "residence" else None, scheme=scheme, prefix="residence"
    )
    errors: list[str] = []
    if request.method == "POST":
        try:
            if action == "add":
                if entrance_form.is_valid():
                    services.entrance_create(
                        scheme=scheme, author=author, **entrance_form.cleaned_data
                    )
            elif action == "residence":
                if residence_form.is_valid():
                    services.residence_create(
                        scheme=scheme, author=author, **residence_form.cleaned_data
                    )
            elif action == "edit":
                row = get_or_404(all_rows, pk=request.POST.get("entrance", ""))
                edit = EntranceEditForm(request.POST, scheme=scheme)
                if not edit.is_valid():
                    raise ValidationError(_("Check the address, neighbourhood and dwellings."))
                services.entrance_update(entrance=row, author=author, **edit.cleaned_data)
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as exc:
            target = {"add": entrance_form, "residence": residence_form}.get(action)
            if target is not None:
                apply_errors(target, exc)
            else:
                errors = error_text(exc)
        else:
            if not entrance_form.errors and not residence_form.errors:
                messages.success(request, _("Saved."))
                return redirect(
                    "schemes:settings_section", slug=scheme.slug, key=services.ENTRANCES
                )
    query = request.GET.get("q", "").strip()
    listed = all_rows.select_related("neighbourhood", "landlord").order_by("code")
    if query:
        listed = listed.filter(Q(code__icontains=query) | Q(address__icontains=query))
    page = Paginator(listed, ENTRANCES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "neighbourhoods": list(Neighbourhood.objects.filter(scheme=scheme).order_by("name")),
        "form": entrance_form,
        "residence_form": residence_form,
        "errors": errors,
    }
    status = 400 if errors or entrance_form.errors or residence_form.errors else 200
    return render_section(
        request, scheme, services.ENTRANCES, "settings/entrances.html", context, status=status
    )


class MemberForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Organisation"),
        max_length=200,
        help_text=gettext_lazy("An organisation that does not exist yet is created."),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=OrganisationKind.choices)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=MemberRole.choices)


class MemberEndForm(forms.Form):
    last_day = forms.DateField(
        label=gettext_lazy("Last day"), widget=forms.DateInput(attrs={"type": "date"})
    )


def members(request: HttpRequest, scheme: Scheme) -> HttpResponse:
    author: Any = request.user
    action = request.POST.get("action", "add")
    form = MemberForm(request.POST if action == "add" else None)
    all_rows = SchemeMember.objects.filter(scheme=scheme)
    errors: list[str] = []
    if request.method == "POST" and action == "end":
        try:
            member = get_or_404(all_rows, pk=request.POST.get("member", ""))
            end = MemberEndForm(request.POST)
            if not end.is_valid():
                raise ValidationError(_("Give the last day."))
            scheme_member_end(member=member, author=author, last_day=end.cleaned_data["last_day"])
        except ValidationError as exc:
            errors = error_text(exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("schemes:settings_section", slug=scheme.slug, key=MEMBERS)
    elif request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                organisation = services.organisation_ensure(
                    name=form.cleaned_data["name"], kind=form.cleaned_data["kind"]
                )
                scheme_member_add(
                    scheme=scheme,
                    author=author,
                    organisation_id=organisation.pk,
                    role=form.cleaned_data["role"],
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("schemes:settings_section", slug=scheme.slug, key=MEMBERS)
    rows = list(all_rows.select_related("organisation").order_by("organisation__name", "role"))
    status = 400 if form.errors or errors else 200
    return render_section(
        request,
        scheme,
        MEMBERS,
        "settings/members.html",
        {"form": form, "rows": rows, "errors": errors, "today": clock.today()},
        status=status,
    )
