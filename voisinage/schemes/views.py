from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from voisinage.accounts.access import AuthenticatedRequest, has_capability
from voisinage.home import home_panels
from voisinage.navigation import PARTNER, nav_profile
from voisinage.schemes.models import Scheme
from voisinage.schemes.selectors import access_scheme, scheme_sheet
from voisinage.territory.selectors import housing_stock

STOCK_VIEW = "patrimoine"


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    schemes = list(
        Scheme.objects.visible_to(request.user).filter(is_active=True).select_related("operator")
    )
    if len(schemes) == 1 and not request.GET.get("all"):
        return redirect("schemes:detail", slug=schemes[0].slug)
    return render(request, "schemes/home.html", {"schemes": schemes})


@login_required
def detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The scheme's home. A landlord's referent gets what waits for them (reports to answer,
    instructions, last night's digest: ``voisinage.home``); ``?vue=patrimoine`` gives them the
    housing stock and its map, which is everyone else's home."""
    scheme = access_scheme(request.user, slug)
    stock = housing_stock(request.user, scheme)
    profile = nav_profile(request.user, scheme)
    if profile == PARTNER and request.GET.get("vue") != STOCK_VIEW:
        return render(
            request,
            "schemes/partner_home.html",
            {
                "scheme": scheme,
                "stock": stock,
                "panels": [
                    render_to_string(p.template, {"scheme": scheme, **p.context}, request)
                    for p in home_panels(request.user, scheme, profile)
                ],
                "stock_view": STOCK_VIEW,
            },
        )
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
