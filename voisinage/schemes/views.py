from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from voisinage.accounts.access import AuthenticatedRequest, has_capability
from voisinage.navigation import AGENT, nav_profile
from voisinage.schemes.models import Scheme
from voisinage.schemes.selectors import access_scheme, scheme_sheet
from voisinage.territory.selectors import housing_stock


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    schemes = list(
        Scheme.objects.visible_to(request.user).filter(is_active=True).select_related("operator")
    )
    if len(schemes) == 1 and not request.GET.get("all"):
        # A field agent's home is what is for them tonight (also offline: docs/field.md).
        if nav_profile(request.user, schemes[0]) == AGENT:
            return redirect("field:my_tonight", slug=schemes[0].slug)
        return redirect("schemes:detail", slug=schemes[0].slug)
    return render(request, "schemes/home.html", {"schemes": schemes})


@login_required
def detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    stock = housing_stock(request.user, scheme)
    return render(
        request,
        "schemes/detail.html",
        {
            "scheme": scheme,
            "stock": stock,
            "map_tile_url": settings.VOISINAGE_MAP_TILE_URL,
            "map_attribution": settings.VOISINAGE_MAP_ATTRIBUTION,
            "can_manage": has_capability(request.user, scheme.pk, "can_manage"),
        },
    )


@login_required
def about(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    sheet = scheme_sheet(scheme)
    return render(request, "schemes/about.html", {"scheme": scheme, **vars(sheet)})
