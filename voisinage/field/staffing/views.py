"""Pages of night staffing: levels per night, planning the rota, one night, hours per person."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from voisinage.field.staffing.access import access_duty_assignment, access_rota
from voisinage.field.staffing.selectors import (
    duty_hours,
    duty_staff,
    night_staffing,
    sees_rota,
    week_monday,
)
from voisinage.field.staffing.services import (
    MAX_HOURS,
    duty_assign,
    duty_copy_week,
    duty_remove,
    duty_update,
)
from voisinage.lib import clock
from voisinage.lib.bounds import check_day
from voisinage.lib.forms import apply_errors
from voisinage.lib.params import day_param
from voisinage.lib.service_hours import ServiceHours, service_night
from voisinage.schemes.access import access_scheme
from voisinage.schemes.models import WEEKDAY_LABELS, StaffPosition
from voisinage.schemes.selectors import scheme_service_hours

if TYPE_CHECKING:
    from voisinage.accounts.access import AuthenticatedRequest
    from voisinage.accounts.models import User
    from voisinage.field.staffing.models import DutyAssignment


def _parse_date(text: str | None) -> date | None:
    """A night from the address; None for an impossible or out-of-range day (a 404)."""
    try:
        return check_day(date.fromisoformat(text)) if text else None
    except ValueError:
        return None


def _tonight(scheme_hours: ServiceHours) -> date:
    return service_night(clock.now(), scheme_hours).night


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


@login_required
def staffing(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Required vs on duty per night, for a week (default) or a month."""
    scheme = access_scheme(request.user, slug)
    anchor = day_param(request.GET, "date") or clock.today()
    month_view = request.GET.get("vue") == "mois"
    if month_view:
        start = anchor.replace(day=1)
        end = anchor.replace(day=calendar.monthrange(anchor.year, anchor.month)[1])
        previous, following = start - timedelta(days=1), end + timedelta(days=1)
    else:
        start = week_monday(anchor)
        end = start + timedelta(days=6)
        previous, following = start - timedelta(days=7), start + timedelta(days=7)
    nights = night_staffing(request.user, scheme, start, end)
    service_nights = [n for n in nights if n.has_service]
    return render(
        request,
        "field/staffing.html",
        {
            "scheme": scheme,
            "nights": nights,
            "month_view": month_view,
            "start": start,
            "end": end,
            "previous": previous,
            "following": following,
            "today": clock.today(),
            "sees_rota": sees_rota(request.user, scheme),
            "can_plan": sees_rota(request.user, scheme, write=True),
            "service_nights": len(service_nights),
            "short_nights": sum(1 for n in service_nights if n.missing),
            "positions": StaffPosition.choices,
        },
    )


class PlanForm(forms.Form):
    person = forms.TypedChoiceField(label=gettext_lazy("Person"), coerce=int)
    position = forms.ChoiceField(
        label=gettext_lazy("Position"), choices=StaffPosition.choices, initial="agent"
    )
    team = forms.CharField(
        label=gettext_lazy("Team"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("People of the same team work together, e.g. “Team A”."),
    )
    start = forms.DateField(label=gettext_lazy("First night"), widget=_date_input())
    end = forms.DateField(
        label=gettext_lazy("Last night"),
        required=False,
        widget=_date_input(),
        help_text=gettext_lazy("Leave empty for a single night."),
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Only on"),
        choices=[(str(i), label) for i, label in enumerate(WEEKDAY_LABELS)],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Leave unticked for every service night of the period."),
    )
    hours = forms.DecimalField(
        label=gettext_lazy("Hours per night"),
        required=False,
        min_value=Decimal(0),
        max_value=MAX_HOURS,
        decimal_places=2,
        localize=True,  # French users type 5,5
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=gettext_lazy("Leave empty for the night's service hours."),
    )

    def __init__(self, staff: list[User], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = {u.pk: u for u in staff}
        self.fields["person"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (u.pk, u.display_name) for u in staff
        ]


class CopyWeekForm(forms.Form):
    week = forms.DateField(label=gettext_lazy("Week of"), widget=_date_input())


def _staffing_url(slug: str, day: date) -> str:
    return f"{reverse('field:staffing', args=[slug])}?date={day.isoformat()}"


@login_required
def duty_plan(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The supervisor plans the rota: someone on a night or a range of nights; or copies the
    previous week's rota."""
    scheme = access_scheme(request.user, slug)
    access_rota(request.user, scheme, write=True)
    staff = duty_staff(scheme)
    action = request.POST.get("action") if request.method == "POST" else None
    tonight = _tonight(scheme_service_hours(scheme))
    initial_night = day_param(request.GET, "night") or tonight
    form = PlanForm(
        staff,
        request.POST if action == "assign" else None,
        initial={"start": initial_night, "position": "agent"},
    )
    copy_form = CopyWeekForm(
        request.POST if action == "copy_week" else None,
        initial={"week": week_monday(day_param(request.GET, "week") or tonight)},
    )
    if action == "assign" and form.is_valid():
        data = form.cleaned_data
        try:
            result = duty_assign(
                scheme=scheme,
                person=form.staff[data["person"]],
                start=data["start"],
                end=data["end"],
                position=data["position"],
                team=data["team"],
                hours=data["hours"],
                weekdays=data["weekdays"] or None,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Rota saved: %(created)s night(s) added, %(updated)s updated.")
                % {"created": result.created, "updated": result.updated},
            )
            if result.skipped:
                messages.info(
                    request,
                    _("%(count)s night(s) without service were left out.")
                    % {"count": len(result.skipped)},
                )
            return redirect(_staffing_url(slug, data["start"]))
    elif action == "copy_week" and copy_form.is_valid():
        week = week_monday(copy_form.cleaned_data["week"])
        try:
            result = duty_copy_week(scheme=scheme, week_start=week)
        except ValidationError as exc:
            apply_errors(copy_form, exc)
        else:
            messages.success(
                request,
                _("Previous week copied: %(created)s night(s) added, %(skipped)s left out.")
                % {"created": result.created, "skipped": len(result.skipped)},
            )
            return redirect(_staffing_url(slug, week))
    return render(
        request,
        "field/staffing_plan.html",
        {"scheme": scheme, "form": form, "copy_form": copy_form, "has_staff": bool(staff)},
    )


class AssignmentForm(forms.Form):
    position = forms.ChoiceField(label=gettext_lazy("Position"), choices=StaffPosition.choices)
    team = forms.CharField(label=gettext_lazy("Team"), max_length=40, required=False)
    hours = forms.DecimalField(
        label=pgettext_lazy("worked", "Hours"),
        min_value=Decimal(0),
        max_value=MAX_HOURS,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


@login_required
def duty_night(request: AuthenticatedRequest, slug: str, night: str) -> HttpResponse:
    """One night: who is on duty, against the rule; the supervisor corrects or removes."""
    scheme = access_scheme(request.user, slug)
    access_rota(request.user, scheme)
    day = _parse_date(night)
    if day is None:
        raise Http404
    can_plan = sees_rota(request.user, scheme, write=True)
    bound: tuple[int, AssignmentForm] | None = None
    if request.method == "POST":
        if not can_plan:
            raise Http404
        try:
            pk = int(request.POST.get("assignment", ""))
        except ValueError:
            raise Http404 from None
        assignment = access_duty_assignment(request.user, scheme, pk, write=True)
        if assignment.night != day:
            raise Http404
        if request.POST.get("action") == "remove":
            duty_remove(assignment=assignment)
            messages.success(
                request,
                _("%(name)s is off the rota for this night.")
                % {"name": assignment.user.display_name},
            )
            return redirect("field:duty_night", slug=slug, night=night)
        form = AssignmentForm(request.POST, prefix=f"a{pk}")
        if form.is_valid():
            try:
                duty_update(assignment=assignment, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("field:duty_night", slug=slug, night=night)
        bound = (pk, form)
    levels = night_staffing(request.user, scheme, day, day, with_people=True)[0]
    rows: list[tuple[DutyAssignment, AssignmentForm | None]] = []
    for assignment in levels.people:
        if bound is not None and bound[0] == assignment.pk:
            rows.append((assignment, bound[1]))
        elif can_plan:
            initial = {
                "position": assignment.position,
                "team": assignment.team,
                "hours": assignment.hours,
            }
            rows.append((assignment, AssignmentForm(initial=initial, prefix=f"a{assignment.pk}")))
        else:
            rows.append((assignment, None))
    return render(
        request,
        "field/staffing_night.html",
        {
            "scheme": scheme,
            "night": levels,
            "rows": rows,
            "can_plan": can_plan,
            "previous": day - timedelta(days=1),
            "following": day + timedelta(days=1),
        },
    )


@login_required
def duty_hours_page(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Hours worked per person this year, projection and share of the annual basis."""
    scheme = access_scheme(request.user, slug)
    access_rota(request.user, scheme)
    today = clock.today()
    try:
        year = int(request.GET.get("annee", today.year))
    except ValueError:
        year = today.year
    if not 2000 <= year <= today.year + 1:
        year = today.year
    report = duty_hours(request.user, scheme, year, today)
    return render(
        request,
        "field/staffing_hours.html",
        {
            "scheme": scheme,
            "report": report,
            "today": today,
            "years": range(today.year, min(scheme.starts_on.year, today.year) - 1, -1),
        },
    )
