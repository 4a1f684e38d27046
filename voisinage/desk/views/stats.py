"""Response times and satisfaction (every member, within their perimeter); the audit of
personal-data views (the operator's manager); the caller's survey page (public, signed link)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from voisinage.desk.access import access_personal_data_log
from voisinage.desk.forms import SurveyForm
from voisinage.desk.selectors import (
    PERIODS,
    events_count,
    personal_data_log,
    response_times,
    satisfaction_by_month,
)
from voisinage.desk.services import survey_answer, survey_for_token
from voisinage.desk.views.common import PAGE_SIZE, tonight
from voisinage.lib import clock
from voisinage.lib.forms import apply_errors
from voisinage.lib.params import day_param
from voisinage.schemes.access import access_scheme

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from voisinage.accounts.access import AuthenticatedRequest

DEFAULT_DAYS = 91


@login_required
def times(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    end = day_param(request.GET, "au") or tonight(scheme)
    start = day_param(request.GET, "du") or end - timedelta(days=DEFAULT_DAYS)
    error = ""
    if start > end or (end - start).days > 400:
        error = _("Choose a period of 400 days at most, its start before its end.")
        start = end - timedelta(days=DEFAULT_DAYS)
    period = request.GET.get("par", "week")
    if period not in PERIODS:
        period = "week"
    rows = response_times(request.user, scheme, start, end, period=period)
    return render(
        request,
        "desk/times.html",
        {
            "scheme": scheme,
            "rows": rows,
            "start": start,
            "end": end,
            "period": period,
            "periods": [("night", _("night")), ("week", _("week")), ("month", _("month"))],
            "satisfaction": satisfaction_by_month(request.user, scheme, start, end),
            "events": events_count(request.user, scheme, start, end),
            "error": error,
        },
    )


@login_required
def audit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    access_personal_data_log(request.user, scheme)
    person = request.GET.get("personne", "")[:100]
    who = request.GET.get("utilisateur", "")[:100]
    log = personal_data_log(scheme, person=person, who=who)
    page = Paginator(log, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "desk/audit.html", {"scheme": scheme, "page": page, "person": person, "who": who}
    )


@csrf_protect
def survey(request: HttpRequest, token: str) -> HttpResponse:
    """The caller's three questions, through the signed single-use link (no account)."""
    try:
        found = survey_for_token(token)
    except ValidationError as exc:
        return render(request, "desk/survey.html", {"problem": " ".join(exc.messages)})
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey_answer(token=token, at=clock.now(), **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return render(request, "desk/survey.html", {"done": True, "scheme": found.call.scheme})
    return render(request, "desk/survey.html", {"form": form, "scheme": found.call.scheme})
