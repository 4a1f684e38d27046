"""The personal calendar feed: its page (show, revoke, regenerate) and the feed itself, whose
secret URL is its own credential (no login)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from voisinage.accounts.access import AuthenticatedRequest
from voisinage.governance import services
from voisinage.governance.access import access_governed_scheme
from voisinage.governance.calendars import feed_document
from voisinage.governance.models import CalendarFeedToken
from voisinage.governance.selectors import user_meetings
from voisinage.lib import clock

FEED_HISTORY = timedelta(days=365)  # a feed carries a year of past meetings and all to come
SESSION_KEY = "governance_new_feed_url"


@login_required
def calendar_page(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_governed_scheme(request.user, slug)
    return render(
        request,
        "governance/calendar.html",
        {
            "scheme": scheme,
            "token": CalendarFeedToken.objects.filter(
                user=request.user, revoked_at__isnull=True
            ).first(),
            # Shown once, right after it was made; only its hash is kept.
            "new_url": request.session.pop(SESSION_KEY, None),
        },
    )


@login_required
@require_POST
def calendar_regenerate(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    access_governed_scheme(request.user, slug)
    _token, raw = services.calendar_feed_create(user=request.user)
    # From BASE_URL, as e-mailed links: never from the request's Host header.
    request.session[SESSION_KEY] = settings.BASE_URL + reverse(
        "governance:calendar_feed", args=[raw]
    )
    messages.success(request, _("New calendar link made. The previous one no longer works."))
    return redirect("governance:calendar", slug=slug)


@login_required
@require_POST
def calendar_revoke(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    access_governed_scheme(request.user, slug)
    if services.calendar_feed_revoke(user=request.user):
        messages.success(request, _("Calendar link revoked: calendars using it stop updating."))
    return redirect("governance:calendar", slug=slug)


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = services.calendar_feed_user(token)
    if user is None:
        raise Http404
    now = clock.now()
    body = feed_document(
        user_meetings(user, since=now - FEED_HISTORY),
        name=_("Voisinage — my meetings"),
        stamp=now,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="voisinage.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
