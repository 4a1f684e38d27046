"""Digest and ambiance pages (thin views: parse → selector or service → render)."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from voisinage.accounts.access import (
    AuthenticatedRequest,
    get_or_404,
    has_capability,
    holds_whole_scheme,
)
from voisinage.accounts.operators import operator_choices, operator_reader_of
from voisinage.digests.access import access_digest
from voisinage.digests.ambiance import NeighbourhoodAmbiance, ambiance, period_bounds
from voisinage.digests.compile import version_reading
from voisinage.digests.deadlines import operator_deadlines, punctuality
from voisinage.digests.documents import digest_context
from voisinage.digests.forms import OperatorDeadlineForm, OverrideForm, SettingsForm
from voisinage.digests.models import DigestRecipient, PeriodKind
from voisinage.digests.pdf import ambiance_summary_pdf, digest_pdf
from voisinage.digests.selectors import (
    last_night,
    night_or_404,
    scheme_digests,
    sees_drafts,
    undelivered,
    version_for,
    versions_for,
)
from voisinage.digests.services import (
    ambiance_override,
    digest_compile,
    digest_dispatch,
    digest_settings,
    digest_settings_update,
    digest_validate,
    operator_deadline_set,
)
from voisinage.field.models import Intervention
from voisinage.lib import clock
from voisinage.lib.forms import apply_errors
from voisinage.lib.params import day_param
from voisinage.schemes.access import access_scheme
from voisinage.schemes.models import Scheme
from voisinage.schemes.selectors import operators_and_sites
from voisinage.territory.models import Neighbourhood, Organisation
from voisinage.territory.selectors import member_organisations


def _organisations(ids: list[int]) -> list[Organisation]:
    by_pk = Organisation.objects.in_bulk(ids)
    return [by_pk[pk] for pk in ids if pk in by_pk]


def _version_number(request: AuthenticatedRequest) -> int | None:
    raw = request.GET.get("version", "")
    return int(raw) if raw.isdigit() else None


@login_required
def digest_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    digests = list(scheme_digests(request.user, scheme)[:60])
    # A reader of the whole scheme sees each operator's punctuality against its own deadline
    # when two operators or more hold sites (ADR 0048).
    operators = [o for o, _label in operator_choices(request.user, scheme, clock.today())]
    rows = punctuality(scheme, digests, _organisations(operators))
    return render(
        request,
        "digests/list.html",
        {
            "scheme": scheme,
            "digests": digests,
            "last_night": last_night(scheme),
            "can_prepare": has_capability(request.user, scheme.pk, "can_supervise"),
            "punctuality": rows[0],
            "deadline": rows[0].deadline,
            "operator_punctuality": rows[1:],
            "can_configure": has_capability(request.user, scheme.pk, "can_manage"),
            "undelivered": undelivered(request.user, scheme, clock.now()),
        },
    )


@login_required
def digest_detail(request: AuthenticatedRequest, slug: str, night: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    day = night_or_404(night)
    digest = access_digest(request.user, scheme, day)
    version = version_for(request.user, digest, _version_number(request))
    # One operator's share of the night for a reader of the whole scheme (ADR 0048).
    reader, operator = operator_reader_of(request, request.user, scheme, digest.night)
    reading = version_reading(version, reader)
    return render(
        request,
        "digests/detail.html",
        {
            **digest_context(version, reading),
            "operator": operator,
            "operator_choices": operator_choices(request.user, scheme, digest.night),
            "versions": versions_for(request.user, digest),
            "can_prepare": has_capability(request.user, scheme.pk, "can_supervise"),
            "sees_drafts": sees_drafts(request.user, scheme),
        },
    )


@login_required
def digest_pdf_view(request: AuthenticatedRequest, slug: str, night: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    digest = access_digest(request.user, scheme, night_or_404(night))
    version = version_for(request.user, digest, _version_number(request))
    reader, operator = operator_reader_of(request, request.user, scheme, digest.night)
    pdf = digest_pdf(version, version_reading(version, reader))
    response = HttpResponse(pdf, content_type="application/pdf")
    share = f"-operateur-{operator.pk}" if operator else ""
    name = f"compte-rendu-{scheme.slug}{share}-{digest.night:%Y-%m-%d}-v{version.number}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _back(slug: str, night: date) -> HttpResponse:
    return redirect(reverse("digests:detail", args=[slug, night.isoformat()]))


@login_required
@require_POST
def digest_prepare(request: AuthenticatedRequest, slug: str, night: str) -> HttpResponse:
    """Compile (or recompile) a night's draft from the logbook."""
    scheme = access_scheme(request.user, slug, require="can_supervise")
    day = night_or_404(night)
    if day > last_night(scheme) or day < scheme.starts_on:
        messages.error(request, _("There is no digest to prepare for this night."))
        return redirect("digests:list", slug=slug)
    digest_compile(scheme=scheme, night=day)
    messages.success(request, _("The digest was compiled from the logbook."))
    return _back(slug, day)


@login_required
@require_POST
def digest_validate_view(request: AuthenticatedRequest, slug: str, night: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug, require="can_supervise")
    digest = access_digest(request.user, scheme, night_or_404(night))
    digest_validate(scheme=scheme, night=digest.night, user=request.user)
    messages.success(request, _("Digest validated: it will leave at the dispatch time."))
    return _back(slug, digest.night)


@login_required
@require_POST
def digest_send(request: AuthenticatedRequest, slug: str, night: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug, require="can_supervise")
    digest = access_digest(request.user, scheme, night_or_404(night))
    try:
        version = digest_dispatch(scheme=scheme, night=digest.night)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(slug, digest.night)
    if version is not None:
        messages.success(
            request, _("Version %(number)s is being sent.") % {"number": version.number}
        )
    return _back(slug, digest.night)


def _period(request: AuthenticatedRequest, scheme: Scheme) -> tuple[str, date, date]:
    period = request.GET.get("periode", "week")
    if period not in PeriodKind.values:
        period = "week"
    day = day_param(request.GET, "date") or last_night(scheme)
    start, end = period_bounds(period, day)
    return period, start, end


def _ambiance_rows(
    request: AuthenticatedRequest, scheme: Scheme
) -> tuple[str, date, date, list[NeighbourhoodAmbiance]]:
    """The period asked for and the ambiance of the reader's neighbourhoods over it."""
    period, start, end = _period(request, scheme)
    rows = ambiance(
        scheme,
        start,
        end,
        period=period,
        interventions=Intervention.objects.visible_to(request.user),
        neighbourhoods=Neighbourhood.objects.visible_to(request.user),
    )
    return period, start, end, rows


def _ambiance_context(request: AuthenticatedRequest, scheme: Scheme) -> dict[str, object]:
    period, start, end, rows = _ambiance_rows(request, scheme)
    user = request.user
    before, _end = period_bounds(period, start - timedelta(days=1))
    after, _end2 = period_bounds(period, end + timedelta(days=1))
    return {
        "scheme": scheme,
        "period": period,
        "start": start,
        "end": end,
        "rows": rows,
        "previous_start": before,
        "next_start": after,
        "can_override": has_capability(user, scheme.pk, "can_supervise"),
        "form": OverrideForm(scheme=scheme),
    }


@login_required
def ambiance_page(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    return render(request, "digests/ambiance.html", _ambiance_context(request, scheme))


@login_required
def ambiance_pdf(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    period, start, end, rows = _ambiance_rows(request, scheme)
    pdf = ambiance_summary_pdf(scheme, rows, period=period, start=start, end=end)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"ambiance-{scheme.slug}-{period}-{start:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
@require_POST
def ambiance_override_view(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug, require="can_supervise")
    period, start, _end = _period(request, scheme)
    target = f"{reverse('digests:ambiance', args=[slug])}?periode={period}&date={start:%Y-%m-%d}"
    form = OverrideForm(request.POST, scheme=scheme)
    if not form.is_valid():
        messages.error(request, _("Choose a level and give the reason."))
        return redirect(target)
    hood = get_or_404(
        Neighbourhood.objects.visible_to(request.user).filter(scheme=scheme),
        pk=form.cleaned_data["neighbourhood"],
    )
    try:
        ambiance_override(
            scheme=scheme,
            neighbourhood=hood,
            period=period,
            starts_on=start,
            level=form.cleaned_data["level"],
            reason=form.cleaned_data["reason"],
            user=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Level changed for %(name)s.") % {"name": hood.name})
    return redirect(target)


@login_required
def digest_settings_page(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug, write=True)
    if request.POST.get("action") == "operator_deadline":
        return _operator_deadline(request, scheme)
    settings = digest_settings(scheme)
    current = set(
        DigestRecipient.objects.filter(scheme=scheme, is_active=True).values_list(
            "organisation_id", flat=True
        )
    )
    # Members today, and the recipients already chosen even if their membership ended since.
    choices = [(o.pk, o.name) for o in member_organisations(scheme, keep=current)]
    initial = {
        "dispatch_time": settings.dispatch_time,
        "deadline": settings.deadline,
        "is_enabled": settings.is_enabled,
        "organisations": [str(pk) for pk in current],
    }
    form = SettingsForm(request.POST or None, initial=initial, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            digest_settings_update(
                scheme=scheme,
                author=request.user,
                dispatch_time=form.cleaned_data["dispatch_time"],
                deadline=form.cleaned_data["deadline"],
                is_enabled=form.cleaned_data["is_enabled"],
                organisation_ids=[int(pk) for pk in form.cleaned_data["organisations"]],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Digest settings saved."))
            return redirect("digests:list", slug=slug)
    return render(request, "digests/settings.html", _settings_context(request, scheme, form))


def _settings_context(
    request: AuthenticatedRequest, scheme: Scheme, form: SettingsForm
) -> dict[str, object]:
    """The page's context; the operators' own deadlines for a manager of the whole scheme of a
    scheme with several operators."""
    operators: list[tuple[Organisation, object]] = []
    if holds_whole_scheme(request.user, scheme.pk, "can_manage"):
        members = [m.organisation for m, _sites in operators_and_sites(scheme)]
        if len(members) >= 2:
            own = operator_deadlines(scheme)
            operators = [(o, own.get(o.pk)) for o in members]
    return {"scheme": scheme, "form": form, "operators": operators}


def _operator_deadline(request: AuthenticatedRequest, scheme: Scheme) -> HttpResponse:
    """Set or clear one operator's own deadline: managers of the whole scheme only (an operator
    bounded to its sites does not set its own contract's terms: 404 like anyone else)."""
    if not holds_whole_scheme(request.user, scheme.pk, "can_manage"):
        raise Http404
    form = OperatorDeadlineForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the deadline as a time, e.g. 09:00, or leave it empty."))
        operator_deadline_set(
            scheme=scheme,
            author=request.user,
            operator_id=form.cleaned_data["operator_id"],
            deadline=form.cleaned_data["deadline"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Digest settings saved."))
    return redirect("digests:settings", slug=scheme.slug)
