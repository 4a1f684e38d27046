"""The monthly summary (page with the analysis form, PDF) and the review (page with the
proposals form, PPTX, PDF)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from voisinage.accounts.access import AuthenticatedRequest
from voisinage.analytics import services
from voisinage.analytics.documents.content import build_monthly_summary, build_review
from voisinage.analytics.documents.deck import build_deck
from voisinage.analytics.documents.pdf import review_pdf, summary_pdf
from voisinage.analytics.operators import operator_choices
from voisinage.analytics.periods import Period, PeriodKind, add_months
from voisinage.analytics.selectors import (
    can_edit_analytics,
    monthly_note,
    review_note,
    review_periods,
)
from voisinage.analytics.views.common import (
    operator_reader_of,
    parse_int,
    period_of,
    period_query,
)
from voisinage.governance.models import Meeting
from voisinage.lib import clock
from voisinage.schemes.access import access_scheme
from voisinage.schemes.models import Scheme

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def parse_month(text: str | None) -> date | None:
    try:
        return date.fromisoformat(f"{text}-01") if text else None
    except ValueError:
        return None


def _month(request: AuthenticatedRequest) -> date:
    return parse_month(request.GET.get("mois")) or add_months(clock.today().replace(day=1), -1)


@login_required
def summary(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    month = _month(request)
    can_edit = can_edit_analytics(request.user, scheme)
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise Http404
        try:
            services.monthly_note_save(
                scheme=scheme,
                month=month,
                analysis=request.POST.get("analysis", ""),
                recommendations=request.POST.get("recommendations", ""),
                version=parse_int(request.POST.get("version")) or 0,
                user=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            status = 400
        else:
            messages.success(request, _("The analysis is saved."))
            return redirect(
                f"{reverse('analytics:summary', args=[scheme.slug])}?mois={month:%Y-%m}"
            )
    content = build_monthly_summary(request.user, scheme, month)
    return render(
        request,
        "analytics/summary.html",
        {
            "scheme": scheme,
            "summary": content,
            "month": month,
            "previous_month": add_months(month, -1),
            "next_month": add_months(month, 1),
            "note": monthly_note(request.user, scheme, month),
            "can_edit": can_edit,
            "post": request.POST if status == 400 else None,
            "heads": [_("Month"), _("Previous month"), _("Same month last year")],
        },
        status=status,
    )


@login_required
def summary_pdf_download(request: AuthenticatedRequest, slug: str, month: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    first = parse_month(month)
    if first is None:
        raise Http404
    response = HttpResponse(
        summary_pdf(build_monthly_summary(request.user, scheme, first)),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="synthese-{scheme.slug}-{month}.pdf"'
    return response


def _review_period(request: AuthenticatedRequest) -> tuple[Period, str]:
    """The period asked for; ``avant=YYYY-MM-DD`` (from a meeting's page) means the last complete
    half-year before that day, the one a steering committee reviews."""
    before = parse_month(request.GET.get("avant", "")[:7])
    if before is not None and not any(request.GET.get(k) for k in ("periode", "du", "au")):
        return Period.around(PeriodKind.HALF_YEAR, before).previous(), ""
    return period_of(request, default=PeriodKind.HALF_YEAR)


@login_required
def review(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    period, error = _review_period(request)
    can_edit = can_edit_analytics(request.user, scheme)
    status = 200
    if request.method == "POST" and request.POST.get("attach"):
        return _attach(request, scheme, period)
    if request.method == "POST":
        if not can_edit:
            raise Http404
        try:
            services.review_note_save(
                scheme=scheme,
                starts_on=period.first,
                ends_on=period.last,
                proposals=request.POST.get("proposals", ""),
                version=parse_int(request.POST.get("version")) or 0,
                user=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            status = 400
        else:
            messages.success(request, _("The proposals are saved."))
            return redirect(
                f"{reverse('analytics:review', args=[scheme.slug])}?{period_query(period)}"
            )
    _reader, operator = operator_reader_of(request, scheme, period)
    query = period_query(period) + (f"&operateur={operator.pk}" if operator else "")
    return render(
        request,
        "analytics/review.html",
        {
            "scheme": scheme,
            "period": period,
            "period_error": error,
            "query": query,
            "operator": operator,
            "operator_choices": operator_choices(request.user, scheme, period),
            "presets": [(p, period_query(p)) for p in review_periods(clock.today())],
            "note": review_note(request.user, scheme, period),
            "can_edit": can_edit,
            "post": request.POST if status == 400 else None,
            "deck_meetings": _deck_meetings(request, scheme),
        },
        status=status,
    )


def _attach(request: AuthenticatedRequest, scheme: Scheme, period: Period) -> HttpResponse:
    """Attach the period's review deck to a meeting's documents: a link, built for each reader
    when followed."""
    meeting = (
        Meeting.objects.editable_by(request.user)
        .filter(scheme=scheme, pk=parse_int(request.POST.get("attach")) or 0)
        .select_related("scheme")
        .first()
    )
    if meeting is None or not can_edit_analytics(request.user, scheme):
        raise Http404
    try:
        services.review_deck_attach(
            meeting=meeting, user=request.user, first=period.first, last=period.last
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _(
                "The review deck is attached to the meeting: each reader who opens it gets the "
                "figures of their own perimeter."
            ),
        )
    return redirect(f"{reverse('analytics:review', args=[scheme.slug])}?{period_query(period)}")


def _deck_meetings(request: AuthenticatedRequest, scheme):  # type: ignore[no-untyped-def]
    """The coming meetings that expect the review deck, with the day it is due."""
    from datetime import timedelta

    meetings = (
        Meeting.objects.visible_to(request.user)
        .filter(
            scheme=scheme,
            body__deck_required=True,
            cancelled_at__isnull=True,
            starts_at__gte=clock.now(),
        )
        .select_related("body")
        .order_by("starts_at")[:3]
    )
    return [
        (m, timezone.localtime(m.starts_at).date() - timedelta(days=m.body.deck_lead_days))
        for m in meetings
    ]


@login_required
def review_download(request: AuthenticatedRequest, slug: str, fmt: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    period, _error = _review_period(request)
    reader, operator = operator_reader_of(request, scheme, period)
    content = build_review(reader, scheme, period)
    if fmt == "pptx":
        response = HttpResponse(build_deck(content), content_type=PPTX)
    elif fmt == "pdf":
        response = HttpResponse(review_pdf(content), content_type="application/pdf")
    else:
        raise Http404
    share = f"-operateur-{operator.pk}" if operator else ""
    name = f"bilan-{scheme.slug}{share}-{period.first.isoformat()}-{period.last.isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
