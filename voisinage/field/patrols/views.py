"""Pages of patrol plans, tonight's patrol list and weekly coverage."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from voisinage.accounts.access import AuthenticatedRequest, has_capability
from voisinage.field.patrols import services
from voisinage.field.patrols.access import access_patrol_entry, access_patrol_plan
from voisinage.field.patrols.calendar import (
    add_months,
    current_night,
    monday_of,
    month_label,
    month_last_day,
    month_service_nights,
    parse_month,
    parse_week,
    week_label,
    week_service_nights,
)
from voisinage.field.patrols.coverage import stale_entrances, week_coverage, weeks_since
from voisinage.field.patrols.models import PatrolPlan, PlanStatus
from voisinage.field.patrols.selectors import (
    entrances_for_adding,
    entries_in_perimeter,
    night_lists,
    plan_for_night,
    plan_neighbourhoods,
    plan_weeks,
    plans_whole_scheme,
    scheme_patrol_plans,
)
from voisinage.field.phone.offline import offline_page
from voisinage.lib.bounds import check_day
from voisinage.lib.clock import time_label
from voisinage.lib.dates import format_date
from voisinage.lib.forms import apply_errors
from voisinage.lib.http import idempotency_key
from voisinage.lib.params import day_param
from voisinage.schemes.access import access_scheme
from voisinage.schemes.models import Scheme
from voisinage.schemes.selectors import scheme_service_hours
from voisinage.territory.models import Neighbourhood
from voisinage.territory.selectors import in_service

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser

DEFAULT_STALE_WEEKS = 4
MAX_STALE_WEEKS = 52


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _night(value: str | None) -> date | None:
    try:
        return check_day(date.fromisoformat(value)) if value else None
    except ValueError:
        return None


def _month_or_404(month: str) -> date:
    parsed = parse_month(month)
    if parsed is None:
        raise Http404
    return parsed


def _require_supervisor(request: AuthenticatedRequest, scheme: Scheme) -> None:
    # Same answer as for a missing page: 404 (docs/authorization.md).
    if not has_capability(request.user, scheme.pk, "can_supervise"):
        raise Http404


@login_required
def patrols(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    hours = scheme_service_hours(scheme)
    tonight = current_night(hours)
    plan = plan_for_night(request.user, scheme, tonight)
    lists = night_lists(request.user, plan, tonight, tonight) if plan else []
    page = Paginator(scheme_patrol_plans(request.user, scheme), 24).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "field/patrols.html",
        {
            "scheme": scheme,
            "page": page,
            "tonight": tonight,
            "tonight_plan": plan,
            "tonight_list": lists[0] if lists else None,
            "on_duty": hours.shift_for(tonight) is not None,
            "can_supervise": has_capability(request.user, scheme.pk, "can_supervise"),
            "this_month": month_label(tonight.replace(day=1)),
        },
    )


class PlanForm(forms.Form):
    month = forms.CharField(
        label=gettext_lazy("Month"),
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-03"}),
        help_text=gettext_lazy("Year and month, e.g. 2026-03."),
    )
    neighbourhoods = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Neighbourhoods to patrol"),
        queryset=Neighbourhood.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    weekly_target = forms.IntegerField(
        label=gettext_lazy("Entrances to visit per week"),
        min_value=1,
        max_value=services.MAX_WEEKLY_TARGET,
    )

    def __init__(self, *args: Any, scheme: Scheme, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["neighbourhoods"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = in_service(
            Neighbourhood.objects.visible_to(user).filter(scheme=scheme).order_by("kind", "name")
        )

    def clean_month(self) -> date:
        month = parse_month(self.cleaned_data["month"])
        if month is None:
            raise ValidationError(_("Give the month as year-month, e.g. 2026-03."))
        return month


@login_required
def patrol_plan_new(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    if not plans_whole_scheme(request.user, scheme):
        raise Http404
    hours = scheme_service_hours(scheme)
    following = add_months(current_night(hours).replace(day=1), 1)
    initial = {
        "month": month_label(following),
        "weekly_target": scheme.weekly_patrol_target or 100,
    }
    form = PlanForm(request.POST or None, scheme=scheme, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.patrol_plan_create(
                scheme=scheme,
                month=form.cleaned_data["month"],
                neighbourhood_ids=[n.pk for n in form.cleaned_data["neighbourhoods"]],
                weekly_target=form.cleaned_data["weekly_target"],
                created_by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Draft plan created: %(count)s planned passages. Check it, then publish it.")
                % {"count": plan.entries.count()},
            )
            return redirect("field:patrol_plan", slug=slug, month=month_label(plan.month))
    return render(request, "field/patrol_plan_form.html", {"scheme": scheme, "form": form})


@login_required
def patrol_plan(request: AuthenticatedRequest, slug: str, month: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    plan = access_patrol_plan(request.user, scheme, _month_or_404(month))
    hours = scheme_service_hours(scheme)
    nights = month_service_nights(plan.month, hours)
    weeks = plan_weeks(request.user, plan, nights, hours)
    chosen = parse_week(request.GET.get("semaine"))
    week = next((w for w in weeks if w.monday == chosen), None)
    if week is None:
        today = monday_of(current_night(hours))
        week = next((w for w in weeks if w.monday == today), weeks[0] if weeks else None)
    first = max(plan.month, week.monday) if week else plan.month
    last = min(month_last_day(plan.month), week.sunday) if week else plan.month
    can_edit = has_capability(request.user, scheme.pk, "can_supervise")
    editable = can_edit and plan.status == PlanStatus.DRAFT
    return render(
        request,
        "field/patrol_plan.html",
        {
            "scheme": scheme,
            "plan": plan,
            "weeks": weeks,
            "week": week,
            "lists": night_lists(request.user, plan, first, last),
            "month_nights": nights,
            "can_edit": can_edit,
            "editable": editable,
            "plans_whole_scheme": plans_whole_scheme(request.user, scheme),
            "entrances": entrances_for_adding(request.user, scheme) if editable else [],
            "month": month_label(plan.month),
            "neighbourhoods": plan_neighbourhoods(request.user, plan),
            "all_neighbourhoods": (
                Neighbourhood.objects.visible_to(request.user)
                .filter(scheme=scheme)
                .order_by("kind", "name")
                if editable
                else []
            ),
        },
    )


@login_required
@require_POST
def patrol_plan_edit(request: AuthenticatedRequest, slug: str, month: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    plan = access_patrol_plan(request.user, scheme, _month_or_404(month), write=True)
    action = request.POST.get("action", "")
    version = _int(request.POST.get("version"))
    back = reverse("field:patrol_plan", args=[slug, month_label(plan.month)])
    week = parse_week(request.POST.get("semaine"))
    if week is not None:
        back += "?" + urlencode({"semaine": week_label(week)})
    try:
        if version is None:
            raise ValidationError(_("The form is incomplete: reload the page."))
        message = _apply(request, scheme, plan, action, version)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, message)
    return redirect(back)


def _apply(
    request: AuthenticatedRequest, scheme: Scheme, plan: PatrolPlan, action: str, version: int
) -> str:
    post = request.POST
    asked = [i for i in (_int(v) for v in post.getlist("entries")) if i is not None]
    # Only the passages of the supervisor's perimeter; the others are unknown to it.
    entry_ids = entries_in_perimeter(request.user, plan, asked, require="can_supervise")
    if len(entry_ids) != len(set(asked)):
        raise ValidationError(_("Some of the selected passages are not in this plan."))
    if action in ("publish", "reopen", "regenerate") and not plans_whole_scheme(
        request.user, scheme
    ):
        raise Http404  # the whole plan: a supervisor of the whole scheme
    if action == "publish":
        services.patrol_plan_publish(plan=plan, expected_version=version)
        return _("Plan published: agents follow it.")
    if action == "reopen":
        services.patrol_plan_reopen(plan=plan, expected_version=version)
        return _("Plan reopened as a draft.")
    if action == "regenerate":
        target = _int(post.get("weekly_target"))
        hoods = [i for i in (_int(v) for v in post.getlist("neighbourhoods")) if i is not None]
        services.patrol_plan_regenerate(
            plan=plan,
            expected_version=version,
            neighbourhood_ids=hoods if "neighbourhoods" in post else None,
            weekly_target=target,
        )
        return _("Plan regenerated from tomorrow's night on.")
    if action == "move":
        night = _night(post.get("night"))
        if night is None:
            raise ValidationError(_("Choose the night to move the passages to."))
        services.patrol_entries_move(
            plan=plan, expected_version=version, entry_ids=entry_ids, night=night
        )
        return _("%(count)s passage(s) moved to the night of %(night)s.") % {
            "count": len(entry_ids),
            "night": format_date(night, "DATE_FORMAT"),
        }
    if action == "remove":
        services.patrol_entries_remove(plan=plan, expected_version=version, entry_ids=entry_ids)
        return _("%(count)s passage(s) removed.") % {"count": len(entry_ids)}
    if action == "add":
        night = _night(post.get("night"))
        if night is None:
            raise ValidationError(_("Choose the night of the passage."))
        code = (post.get("entrance") or "").strip()
        entrance = entrances_for_adding(request.user, scheme).filter(code=code).first()
        if entrance is None:
            raise ValidationError(
                _("No active entrance has the code %(code)s.") % {"code": code[:40]}
            )
        services.patrol_entry_add(
            plan=plan,
            expected_version=version,
            night=night,
            entrance=entrance,
            team=(post.get("team") or "")[:40],
        )
        return _("%(code)s added on the night of %(night)s.") % {
            "code": entrance.code,
            "night": format_date(night, "DATE_FORMAT"),
        }
    raise ValidationError(_("Unknown action."))


@login_required
@offline_page
def patrol_tonight(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    hours = scheme_service_hours(scheme)
    tonight = current_night(hours)
    night = day_param(request.GET, "nuit") or tonight
    plan = plan_for_night(request.user, scheme, night)
    lists = night_lists(request.user, plan, night, night) if plan else []
    can_record = has_capability(request.user, scheme.pk, "can_record")
    return render(
        request,
        "field/patrol_tonight.html",
        {
            "scheme": scheme,
            "night": night,
            "is_tonight": night == tonight,
            "plan": plan,
            "night_list": lists[0] if lists else None,
            "shift": hours.shift_for(night),
            "can_record": can_record and night == tonight,
            "previous_night": night - timedelta(days=1),
            "next_night": night + timedelta(days=1),
            # A fallback key for browsers without JavaScript; the page script replaces it
            # with one kept on the phone until the server confirms.
            "fallback_key": uuid.uuid4().hex,
        },
    )


@login_required
@require_POST
def patrol_passage(request: AuthenticatedRequest, slug: str, entry_id: int) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    entry = access_patrol_entry(request.user, scheme, entry_id, write=True)
    wants_json = "application/json" in request.headers.get("Accept", "")
    at = _moment(request.POST.get("at"))
    try:
        try:  # the header, or the form's field for a plain POST (the service refuses none)
            key = idempotency_key(request) or (request.POST.get("key") or "").strip()
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        intervention, created = services.patrol_passage_record(
            entry=entry, author=request.user, idempotency_key=key, at=at
        )
    except ValidationError as exc:
        if wants_json:
            return JsonResponse({"detail": " ".join(exc.messages)}, status=422)
        for text in exc.messages:
            messages.error(request, text)
        return redirect(_tonight_url(slug, entry.night))
    done_at = time_label(intervention.started_at, scheme.time_zone)
    if wants_json:
        return JsonResponse(
            {
                "intervention": intervention.pk,
                "created": created,
                "done_at": intervention.started_at.isoformat(),
                "done_at_label": done_at,
            },
            status=201 if created else 200,
        )
    messages.success(
        request,
        _("Passage recorded at %(code)s (%(time)s).")
        % {"code": entry.entrance.code, "time": done_at},
    )
    return redirect(_tonight_url(slug, entry.night))


def _moment(value: str | None) -> datetime | None:
    """An ISO 8601 time from the phone (when the agent tapped); ignored when unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else None


def _tonight_url(slug: str, night: date) -> str:
    return reverse("field:patrol_tonight", args=[slug]) + f"?nuit={night.isoformat()}"


@login_required
def coverage(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    hours = scheme_service_hours(scheme)
    problems = []
    this_week = monday_of(current_night(hours))
    monday = parse_week(request.GET.get("semaine")) if request.GET.get("semaine") else this_week
    if monday is None:
        problems.append(_("Give the week as year-W-week, e.g. 2026-W09. This week is shown."))
        monday = this_week
    weeks = _int(request.GET.get("semaines")) if request.GET.get("semaines") else None
    if weeks is not None and not 1 <= weeks <= MAX_STALE_WEEKS:
        problems.append(
            _("The number of weeks must be between 1 and %(max)s.") % {"max": MAX_STALE_WEEKS}
        )
        weeks = None
    weeks = weeks or DEFAULT_STALE_WEEKS
    neighbourhoods = list(
        Neighbourhood.objects.visible_to(request.user)
        .filter(scheme=scheme)
        .order_by("kind", "name")
    )
    hood_id = _int(request.GET.get("quartier"))
    if hood_id is not None and hood_id not in {n.pk for n in neighbourhoods}:
        raise Http404
    result = week_coverage(
        request.user,
        scheme,
        hours,
        monday=monday,
        weeks=weeks,
        neighbourhood_ids=None if hood_id is None else [hood_id],
        service_nights=week_service_nights(monday, hours),
    )
    # Without a chosen neighbourhood, the list and the map show the ones the plan patrols.
    scope = [hood_id] if hood_id is not None else result.plan_neighbourhood_ids
    stale = Paginator(
        stale_entrances(
            request.user, scheme, hours, monday=monday, weeks=weeks, neighbourhood_ids=scope
        ),
        50,
    ).get_page(request.GET.get("page"))
    for entrance in stale:
        entrance.weeks_since = weeks_since(monday, entrance.last_night)  # type: ignore[attr-defined]
    for text in problems:
        messages.warning(request, text)
    query: dict[str, str | int] = {"semaine": week_label(monday), "semaines": weeks}
    if hood_id is not None:
        query["quartier"] = hood_id
    map_query: list[tuple[str, str | int]] = [("week", week_label(monday)), ("weeks", weeks)]
    map_query += [("neighbourhood", pk) for pk in scope or []]
    return render(
        request,
        "field/coverage.html",
        {
            "scheme": scheme,
            "coverage": result,
            "stale": stale,
            "weeks": weeks,
            "neighbourhoods": neighbourhoods,
            "neighbourhood": hood_id,
            "scope": [n for n in neighbourhoods if scope is None or n.pk in scope],
            "is_this_week": monday == this_week,
            "geojson_url": reverse("api:patrol_coverage_geojson", args=[slug])
            + "?"
            + urlencode(map_query),
            "query": urlencode(query),
            "map_tile_url": settings.VOISINAGE_MAP_TILE_URL,
            "map_attribution": settings.VOISINAGE_MAP_ATTRIBUTION,
        },
    )
