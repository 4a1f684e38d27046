"""Pages of serious incidents and police complaints (the operator's staff; recording by the
supervisors)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from voisinage.accounts.access import has_capability
from voisinage.desk.access import access_incidents
from voisinage.desk.forms import ComplaintForm, IncidentForm
from voisinage.desk.selectors import scheme_complaints, scheme_incidents
from voisinage.desk.services import complaint_record, incident_record
from voisinage.desk.views.common import PAGE_SIZE
from voisinage.field.common import field_staff
from voisinage.lib import clock
from voisinage.lib.clock import local
from voisinage.lib.forms import apply_errors
from voisinage.schemes.access import access_scheme
from voisinage.schemes.models import MemberRole
from voisinage.territory.selectors import member_organisations

if TYPE_CHECKING:
    from voisinage.accounts.access import AuthenticatedRequest


@login_required
def incidents(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Incidents for the operator's staff; complaints for them and for the landlords on whose
    behalf they were filed (a landlord's referent sees only that part)."""
    scheme = access_scheme(request.user, slug)
    complaints = scheme_complaints(request.user, scheme)
    try:
        access_incidents(request.user, scheme)
        incident_list = scheme_incidents(request.user, scheme)
    except Http404:
        incident_list = None
    return render(
        request,
        "desk/incidents.html",
        {
            "scheme": scheme,
            "incidents": Paginator(incident_list, PAGE_SIZE).get_page(request.GET.get("page"))
            if incident_list is not None
            else None,
            "complaints": Paginator(complaints, PAGE_SIZE).get_page(request.GET.get("plaintes")),
            "can_write": has_capability(request.user, scheme.pk, "can_supervise"),
        },
    )


@login_required
def incident_new(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug, require="can_supervise")
    access_incidents(request.user, scheme, write=True)
    agents = list(field_staff(scheme))
    form = IncidentForm(agents, request.POST or None, initial={"occurred_at": clock.now()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            incident_record(
                scheme=scheme,
                user=request.user,
                kind=data["kind"],
                occurred_at=data["occurred_at"],
                place=data["place"],
                description=data["description"],
                agent=next((a for a in agents if str(a.pk) == data["agent"]), None),
                agent_withdrawn=data["agent_withdrawn"],
                supervisor_alerted_at=data["supervisor_alerted_at"],
                police_called_at=data["police_called_at"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Serious incident recorded."))
            return redirect("desk:incidents", slug=slug)
    return render(
        request,
        "desk/form_page.html",
        {"scheme": scheme, "form": form, "title": _("Record a serious incident")},
    )


@login_required
def complaint_new(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug, require="can_supervise")
    access_incidents(request.user, scheme, write=True)
    agents = list(field_staff(scheme))
    landlords = list(member_organisations(scheme, role=MemberRole.LANDLORD))
    incident_list = list(scheme_incidents(request.user, scheme)[:50])
    form = ComplaintForm(
        landlords,
        agents,
        incident_list,
        request.POST or None,
        initial={"filed_on": local(clock.now(), scheme.time_zone).date()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint_record(
                scheme=scheme,
                user=request.user,
                filed_on=data["filed_on"],
                police_station=data["police_station"],
                reference=data["reference"],
                on_behalf_of=data["on_behalf_of"],
                landlord=next((o for o in landlords if str(o.pk) == data["landlord"]), None),
                agent=next((a for a in agents if str(a.pk) == data["agent"]), None),
                incident=next((i for i in incident_list if str(i.pk) == data["incident"]), None),
                facts=data["facts"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Police complaint recorded."))
            return redirect("desk:incidents", slug=slug)
    return render(
        request,
        "desk/form_page.html",
        {"scheme": scheme, "form": form, "title": _("Record a police complaint")},
    )
