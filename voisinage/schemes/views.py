from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from voisinage.accounts.access import AuthenticatedRequest, is_field_agent
from voisinage.schemes.access import access_scheme
from voisinage.schemes.models import Scheme
from voisinage.schemes.selectors import scheme_sheet


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    schemes = list(
        Scheme.objects.visible_to(request.user).filter(is_active=True).select_related("operator")
    )
    # A steering network's member (networks app, reverse relation) is offered its networks.
    in_networks = request.user.network_memberships.exists()
    if len(schemes) == 1 and not request.GET.get("all") and not in_networks:
        # A field agent's home is what is for them tonight (also offline: docs/field.md).
        if is_field_agent(request.user, schemes[0].pk):
            return redirect("field:my_tonight", slug=schemes[0].slug)
        return redirect("territory:overview", slug=schemes[0].slug)
    from voisinage.schemes.settings.wizard import operators_of

    context = {
        "schemes": schemes,
        "can_create": bool(operators_of(request.user)),
        "in_networks": in_networks,
    }
    return render(request, "schemes/home.html", context)


@login_required
def about(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    sheet = scheme_sheet(scheme)
    return render(request, "schemes/about.html", {"scheme": scheme, **vars(sheet)})
