"""The signed answer link: a recipient answers one report without an account."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from voisinage.lib.forms import apply_errors
from voisinage.reports.forms import AnswerForm
from voisinage.reports.links import LinkRefused, answer_url
from voisinage.reports.models import ANSWERABLE, Report
from voisinage.reports.services import report_answer_by_link, report_for_link


def _refused(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "reports/link_refused.html", {"reason": reason}, status=410)


@never_cache
def link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        report = report_for_link(token)
    except LinkRefused as exc:
        return _refused(request, str(exc))
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = report_answer_by_link(token=token, **form.cleaned_data)
        except LinkRefused as exc:
            return _refused(request, str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            fresh = Report.objects.select_related("scheme", "category", "recipient").get(
                pk=report.pk
            )
            return render(
                request,
                "reports/link_done.html",
                {
                    "report": fresh,
                    "event": event,
                    "next_url": answer_url(fresh) if fresh.status in ANSWERABLE else "",
                },
            )
    return render(
        request,
        "reports/link.html",
        {
            "report": report,
            "form": form,
            "occurrences": report.occurrences.count(),
        },
    )
