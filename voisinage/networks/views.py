"""Pages of the steering networks: the list of one's networks, a network's overview, and its
management (schemes and members) for the network's managers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voisinage.accounts.access import AuthenticatedRequest
from voisinage.lib import clock
from voisinage.networks import services
from voisinage.networks.access import access_network
from voisinage.networks.models import Network, NetworkMember, NetworkScheme
from voisinage.networks.selectors import network_overview


@login_required
def network_list(request: AuthenticatedRequest) -> HttpResponse:
    networks = Network.objects.visible_to(request.user).select_related("organisation")
    return render(request, "networks/list.html", {"networks": list(networks)})


def _year(request: AuthenticatedRequest) -> tuple[int, str]:
    today = clock.today()
    raw = request.GET.get("annee", "")
    if not raw:
        return today.year, ""
    if raw.isdigit() and 2000 <= int(raw) <= today.year:
        return int(raw), ""
    return today.year, _("Give a year between 2000 and %(year)s.") % {"year": today.year}


@login_required
def overview(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    network = access_network(request.user, slug)
    year, error = _year(request)
    board = network_overview(request.user, network, year)
    can_manage = Network.objects.visible_to(request.user, manage=True).filter(pk=network.pk)
    return render(
        request,
        "networks/overview.html",
        {
            "network": network,
            "board": board,
            "year_error": error,
            "years": list(range(clock.today().year, clock.today().year - 5, -1)),
            "can_manage": can_manage.exists(),
        },
        status=400 if error else 200,
    )


class SchemeAddForm(forms.Form):
    scheme = forms.SlugField(label=gettext_lazy("Scheme (its address, e.g. humanicite)"))


class MemberAddForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    schemes = forms.CharField(
        label=gettext_lazy("Schemes covered (addresses, separated by commas; empty: all)"),
        required=False,
    )
    can_manage = forms.BooleanField(label=gettext_lazy("Manages the network"), required=False)


@login_required
def manage(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    network = access_network(request.user, slug, manage=True)
    action = request.POST.get("action")
    scheme_form = SchemeAddForm(request.POST if action == "scheme" else None)
    member_form = MemberAddForm(request.POST if action == "member" else None)
    errors: list[str] = []
    if request.method == "POST":
        try:
            if action == "scheme" and scheme_form.is_valid():
                services.network_scheme_add_by_slug(
                    network=network, author=request.user, slug=scheme_form.cleaned_data["scheme"]
                )
            elif action == "member" and member_form.is_valid():
                data: dict[str, Any] = member_form.cleaned_data
                services.network_member_add_by_name(
                    network=network,
                    author=request.user,
                    username=data["username"],
                    scheme_slugs=[s.strip() for s in data["schemes"].split(",") if s.strip()],
                    can_manage=data["can_manage"],
                )
            elif action not in ("scheme", "member"):
                raise ValidationError(_("Unknown action."))
        except ValidationError as exc:
            errors = [str(m) for m in exc.messages]
        if not errors and not scheme_form.errors and not member_form.errors:
            messages.success(request, _("Saved."))
            return redirect("networks:manage", slug=network.slug)
    context = {
        "network": network,
        "links": NetworkScheme.objects.filter(network=network).select_related(
            "scheme", "scheme__operator"
        ),
        "members": NetworkMember.objects.filter(network=network)
        .select_related("user", "organisation")
        .prefetch_related("schemes"),
        "scheme_form": scheme_form,
        "member_form": member_form,
        "errors": errors,
    }
    status = 400 if errors or scheme_form.errors or member_form.errors else 200
    return render(request, "networks/manage.html", context, status=status)
