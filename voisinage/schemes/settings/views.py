"""The settings area's frame: its index (sections and the change log) and the dispatch to a
section's page. Access is decided here, once: a manager of the scheme, 404 for anyone else."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from voisinage.accounts.access import AuthenticatedRequest
from voisinage.schemes.access import access_scheme
from voisinage.schemes.selectors import scheme_changes
from voisinage.schemes.settings.pages import section_of, settings_sections

CHANGES_PER_PAGE = 50


@login_required
def index(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug, write=True)
    page = Paginator(scheme_changes(scheme), CHANGES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "settings/index.html",
        {"scheme": scheme, "sections": settings_sections(scheme), "page": page},
    )


@login_required
def section(request: AuthenticatedRequest, slug: str, key: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug, write=True)
    return section_of(scheme, key).view(request, scheme)
