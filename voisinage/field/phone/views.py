"""Pages of the agent's phone app: "Ce soir pour moi", the waiting entries, and the files that
make the app installable and usable offline (manifest, service worker)."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from voisinage.accounts.access import AuthenticatedRequest
from voisinage.field.phone.offline import offline_page
from voisinage.field.phone.tonight import tonight_for, tonight_night
from voisinage.lib import clock
from voisinage.schemes.access import access_scheme
from voisinage.schemes.selectors import scheme_service_hours


@login_required
@offline_page
def my_tonight(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug, require="can_record")
    night = tonight_night(scheme)
    return render(
        request,
        "field/my_tonight.html",
        {
            "scheme": scheme,
            "night": night,
            # A night without service says so (a Sunday in Besançon looked like any night).
            "shift": scheme_service_hours(scheme).shift_for(night),
            "sections": tonight_for(request.user, scheme, night),
            "refreshed_at": clock.now(),
        },
    )


@login_required
@offline_page
def outbox(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The entries waiting on this phone: drawn by the phone script from its own storage (the
    server knows nothing of them until they are sent)."""
    scheme = access_scheme(request.user, slug, require="can_record")
    return render(request, "field/outbox.html", {"scheme": scheme})


@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from the site's root so that its scope covers every page (a worker
    served from /static/ could only control /static/)."""
    path = finders.find("js/service-worker.js")
    if not path:
        raise Http404
    with open(path, encoding="utf-8") as source:
        body = source.read()
    # The worker caches the static files the pages need, under their versioned names.
    shell = [static(name) for name in SHELL_FILES]
    body = body.replace("/*SHELL*/[]", json.dumps(shell)).replace(
        '/*OFFLINE*/""',
        json.dumps(
            _(
                "Offline: this page was not opened on this phone yet. Your home, the recording "
                "page, tonight's patrol and logbook open offline once visited."
            )
        ),
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


SHELL_FILES = (
    "css/app.css",
    "js/nav.js",
    "js/phone-app.js",
    "js/record.js",
    "js/outbox.js",
    "icons/voisinage.svg",
)


@cache_control(max_age=3600)
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: "add to home screen" opens the agent's home full screen."""
    return JsonResponse(
        {
            "name": "Voisinage",
            "short_name": "Voisinage",
            "description": _("The field team's logbook, also without network."),
            "lang": "fr",
            "start_url": reverse("home"),
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#1d4e89",
            "icons": [
                {"src": static("icons/voisinage.svg"), "sizes": "any", "type": "image/svg+xml"}
            ],
        },
        content_type="application/manifest+json",
    )
