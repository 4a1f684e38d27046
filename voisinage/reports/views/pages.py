"""Pages of reports: list, create (with duplicates proposed), one report and its actions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from voisinage.accounts.access import AuthenticatedRequest, get_or_404
from voisinage.field.logbook.access import access_intervention
from voisinage.field.models import Intervention
from voisinage.lib import clock
from voisinage.lib.forms import apply_errors
from voisinage.reports.access import access_photo, access_report
from voisinage.reports.forms import AnswerForm, CloseForm, ReportForm, RerouteForm
from voisinage.reports.models import ANSWERABLE, OccurrenceSource, Report, ReportStatus
from voisinage.reports.selectors import (
    ReportFilters,
    can_answer,
    can_report,
    can_supervise,
    category_for_situations,
    duplicate_candidates,
    local_today,
    recipient_choices,
    report_history,
    report_occurrences,
    scheme_categories,
    scheme_reports,
    sees_description,
)
from voisinage.reports.services import (
    Place,
    occurrence_split,
    report_answer,
    report_close,
    report_create,
    report_reroute,
    report_settings_for,
    retention,
)
from voisinage.reports.views.common import filters_from
from voisinage.schemes.access import access_scheme
from voisinage.schemes.models import Scheme
from voisinage.territory.access import entrance_by_code
from voisinage.territory.selectors import entrances_centre, in_service, scheme_neighbourhoods


@login_required
def report_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    filters = filters_from(request)
    page = Paginator(scheme_reports(request.user, scheme, filters), 50).get_page(
        request.GET.get("page")
    )
    supervising = can_supervise(request.user, scheme)
    today = local_today(scheme)
    return render(
        request,
        "reports/list.html",
        {
            "scheme": scheme,
            "page": page,
            # Still waiting for the partner after their due date: marked as the home marks them.
            "late": {
                r.pk
                for r in page
                if r.status in ANSWERABLE and r.due_on is not None and r.due_on < today
            },
            "filters": filters,
            "query": request.GET.urlencode(),
            "categories": scheme_categories(scheme),
            "recipients": recipient_choices(scheme),
            "statuses": ReportStatus.choices,
            "can_report": can_report(request.user, scheme),
            # The supervisor's in-app notice: reports waiting to be routed (or sent back).
            "to_route": scheme_reports(
                request.user, scheme, ReportFilters(status=ReportStatus.TO_ROUTE)
            ).count()
            if supervising
            else 0,
        },
    )


def _initial_from(user: Any, scheme: Scheme, intervention: Intervention) -> dict[str, Any]:
    situations = list(intervention.situations.all())
    found = ", ".join(str(c) for c in situations)
    category = category_for_situations(scheme, [c.code for c in situations])
    return {
        "intervention": intervention.pk,
        "category": category.pk if category else None,
        "entrance_code": intervention.entrance.code if intervention.entrance else "",
        "place_label": intervention.other_place_label,
        "neighbourhood": intervention.neighbourhood_id,
        "lat": intervention.lat,
        "lon": intervention.lon,
        "description": found,
    }


@login_required
def create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug, require="can_record")
    report_settings_for(scheme)  # the default categories, on first use
    intervention = None
    intervention_id = request.POST.get("intervention") or request.GET.get("intervention")
    if intervention_id:
        try:
            intervention = access_intervention(request.user, scheme, int(intervention_id))
        except ValueError as exc:
            raise Http404 from exc
    # Neighbourhoods in service, and the one the reported intervention names if retired since.
    neighbourhoods = in_service(
        scheme_neighbourhoods(request.user, scheme),
        keep=[getattr(intervention, "neighbourhood_id", None)],
    )
    candidates: list[Report] = []
    if request.method != "POST":
        initial = _initial_from(request.user, scheme, intervention) if intervention else {}
        form = ReportForm(initial=initial, scheme=scheme, neighbourhoods=neighbourhoods)
    else:
        form = ReportForm(request.POST, request.FILES, scheme=scheme, neighbourhoods=neighbourhoods)
        if form.is_valid():
            result = _create_or_propose(request, scheme, form, intervention)
            if isinstance(result, Report):
                return redirect(result)
            candidates = result
    return render(
        request,
        "reports/create.html",
        {
            "scheme": scheme,
            "form": form,
            "intervention": intervention,
            "candidates": candidates,
            "map_centre": entrances_centre(request.user, scheme),
            "map_tile_url": settings.VOISINAGE_MAP_TILE_URL,
            "map_attribution": settings.VOISINAGE_MAP_ATTRIBUTION,
        },
    )


def _create_or_propose(
    request: AuthenticatedRequest,
    scheme: Scheme,
    form: ReportForm,
    intervention: Intervention | None,
) -> Report | list[Report]:
    """Create the report, or return the duplicates to propose (when the person has not chosen
    yet between merging and creating anyway)."""
    data = form.cleaned_data
    try:
        entrance = entrance_by_code(request.user, scheme, data["entrance_code"])
    except ValidationError as exc:
        apply_errors(form, exc)
        return []
    config = report_settings_for(scheme)
    lat = data["lat"] if data["lat"] is not None else (entrance.lat if entrance else None)
    lon = data["lon"] if data["lon"] is not None else (entrance.lon if entrance else None)
    candidates = duplicate_candidates(
        request.user,
        scheme,
        category=data["category"],
        entrance_id=entrance.pk if entrance else None,
        lat=lat,
        lon=lon,
        now=clock.now(),
        radius_m=config.duplicate_radius_m,
        window_days=config.duplicate_window_days,
    )
    choice = data["merge_into"]
    target = None
    if choice and choice != "new":
        target = next((c for c in candidates if str(c.pk) == choice), None)
        if target is None:
            form.add_error(None, _("This report can no longer take the duplicate: choose again."))
            return candidates
    elif not choice and candidates:
        return candidates
    try:
        result = report_create(
            scheme=scheme,
            author=request.user,
            category=data["category"],
            description=data["description"],
            urgency=data["urgency"],
            place=Place(
                entrance=entrance,
                place_label=data["place_label"],
                neighbourhood=data["neighbourhood"],
                lat=data["lat"],
                lon=data["lon"],
            ),
            source=OccurrenceSource.INTERVENTION if intervention else OccurrenceSource.FORM,
            intervention=intervention,
            photos=[f.read() for f in data["photos"]],
            merge_into=target,
            idempotency_key=data["idempotency_key"] or None,
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return candidates
    if result.merged:
        messages.success(
            request,
            _("Added as a new occurrence of report #%(pk)s: the problem is counted once.")
            % {"pk": result.report.pk},
        )
    elif result.report.recipient_id:
        messages.success(
            request,
            _("Report #%(pk)s sent to %(to)s.")
            % {"pk": result.report.pk, "to": result.report.recipient},
        )
    else:
        messages.warning(request, _("No routing rule matches: the supervisor will route it."))
    return result.report


@login_required
def detail(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    return _detail_page(request, scheme, access_report(request.user, scheme, pk))


def _detail_page(
    request: AuthenticatedRequest,
    scheme: Scheme,
    report: Report,
    answer_form: AnswerForm | None = None,
) -> HttpResponse:
    supervising = can_supervise(request.user, scheme)
    return render(
        request,
        "reports/detail.html",
        {
            "scheme": scheme,
            "report": report,
            "occurrences": list(report_occurrences(report)),
            "history": list(report_history(report)),
            "can_supervise": supervising,
            "can_answer": can_answer(request.user, report),
            "show_description": sees_description(request.user, report),
            "answer_form": answer_form or AnswerForm(),
            "reroute_form": RerouteForm(scheme=scheme) if supervising else None,
            "close_form": CloseForm() if supervising else None,
        },
    )


@login_required
@require_POST
def answer(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    report = access_report(request.user, scheme, pk)
    if not can_answer(request.user, report):
        raise Http404
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            report_answer(report=report, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your answer is recorded; the supervisor is told."))
            return redirect(report)
    # The page again, each message next to its field (a wrong date is not « choose an answer »).
    return _detail_page(request, scheme, report, answer_form=form)


@login_required
@require_POST
def reroute(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    report = access_report(request.user, scheme, pk, supervise=True)
    form = RerouteForm(request.POST, scheme=scheme)
    if form.is_valid():
        try:
            report_reroute(report=report, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Report sent to %(to)s.") % {"to": form.cleaned_data["recipient"]}
            )
    else:
        messages.error(request, _("Choose the organisation to send the report to."))
    return redirect(report)


@login_required
@require_POST
def close(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    report = access_report(request.user, scheme, pk, supervise=True)
    form = CloseForm(request.POST)
    try:
        report_close(
            report=report,
            user=request.user,
            comment=form.cleaned_data["comment"] if form.is_valid() else "",
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Report closed."))
    return redirect(report)


@login_required
@require_POST
def split(request: AuthenticatedRequest, slug: str, pk: int, occurrence: int) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    report = access_report(request.user, scheme, pk, supervise=True)
    found = get_or_404(report.occurrences.all(), pk=occurrence)
    try:
        new = occurrence_split(occurrence=found, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(report)
    messages.success(request, _("The occurrence is now report #%(pk)s.") % {"pk": new.pk})
    return redirect(new)


@login_required
def photo(request: AuthenticatedRequest, slug: str, pk: int) -> FileResponse:
    scheme = access_scheme(request.user, slug)
    found = access_photo(request.user, scheme, pk)
    retention.report_photo_shown(
        user=request.user, scheme=scheme, photo=found, where="reports:photo"
    )
    response = FileResponse(found.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response
