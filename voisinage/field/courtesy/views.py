"""Pages of courtesy visits: campaigns, their dwellings (entered or uploaded by the landlord) and
the one-tap outcome recording on a phone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from voisinage.field.courtesy.access import access_courtesy_campaign, access_courtesy_visit
from voisinage.field.courtesy.models import CourtesyCampaign, CourtesyVisit, VisitOutcome
from voisinage.field.courtesy.selectors import (
    campaign_landlords,
    campaign_visit,
    campaign_visits,
    can_record_visits,
    entrance_remaining,
    landlord_entrances,
    progress_of,
    scheme_courtesy_campaigns,
    sees_tenant_names,
)
from voisinage.field.courtesy.services import (
    COLUMNS,
    RECORDED_OUTCOMES,
    courtesy_campaign_create,
    courtesy_tenants_shown,
    courtesy_visit_add,
    courtesy_visit_record,
    courtesy_visit_remove,
    courtesy_visits_import,
)
from voisinage.lib import clock
from voisinage.lib.dates import format_date
from voisinage.lib.forms import apply_errors
from voisinage.lib.tabular import FileRejected
from voisinage.schemes.access import access_scheme

if TYPE_CHECKING:
    from voisinage.accounts.access import AuthenticatedRequest
    from voisinage.schemes.models import Scheme


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


@login_required
def campaigns(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    rows = [(c, progress_of(c)) for c in scheme_courtesy_campaigns(request.user, scheme)]
    return render(
        request,
        "field/courtesy_campaigns.html",
        {
            "scheme": scheme,
            "rows": rows,
            "can_create": bool(campaign_landlords(request.user, scheme)),
        },
    )


class CampaignForm(forms.Form):
    landlord = forms.TypedChoiceField(label=gettext_lazy("Landlord"), coerce=int)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=150)
    starts_on = forms.DateField(label=gettext_lazy("Start"), widget=_date_input())
    ends_on = forms.DateField(label=gettext_lazy("End"), required=False, widget=_date_input())

    def __init__(self, landlords: list[Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.landlords = {o.pk: o for o in landlords}
        self.fields["landlord"].choices = [(o.pk, o.name) for o in landlords]  # type: ignore[attr-defined]


@login_required
def campaign_new(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    landlords = campaign_landlords(request.user, scheme)
    if not landlords:
        raise Http404
    today = clock.today()
    initial = {
        "landlord": landlords[0].pk,
        "name": _("Courtesy visits — %(month)s") % {"month": format_date(today, "F Y")},
        "starts_on": today,
    }
    form = CampaignForm(landlords, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = courtesy_campaign_create(
                scheme=scheme,
                landlord=form.landlords[data["landlord"]],
                name=data["name"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                created_by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Campaign created: now add the dwellings to visit."))
            return redirect("field:courtesy_dwellings", slug=slug, pk=campaign.pk)
    return render(request, "field/courtesy_campaign_new.html", {"scheme": scheme, "form": form})


def _campaign_context(
    request: AuthenticatedRequest, scheme: Scheme, campaign: CourtesyCampaign
) -> dict[str, Any]:
    return {
        "scheme": scheme,
        "campaign": campaign,
        "progress": progress_of(campaign),
        "show_names": sees_tenant_names(request.user, campaign),
        "can_record": can_record_visits(request.user, scheme),
        "outcomes": [(o.value, o.label) for o in RECORDED_OUTCOMES],
    }


@login_required
def campaign_detail(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    campaign = access_courtesy_campaign(request.user, scheme, pk)
    remaining_only = request.GET.get("reste") == "1"
    groups = campaign_visits(campaign)
    if remaining_only:
        groups = [g for g in groups if g.remaining]
    can_edit = _can_edit(request, scheme, campaign)
    context = _campaign_context(request, scheme, campaign)
    if context["show_names"]:
        visits = [v for g in groups for v in g.visits]
        courtesy_tenants_shown(
            user=request.user, scheme=scheme, visits=visits, where="field:courtesy_campaign"
        )
    return render(
        request,
        "field/courtesy_campaign.html",
        {
            **context,
            "groups": groups,
            "remaining_only": remaining_only,
            "can_edit": can_edit,
        },
    )


def _can_edit(request: AuthenticatedRequest, scheme: Scheme, campaign: CourtesyCampaign) -> bool:
    try:
        access_courtesy_campaign(request.user, scheme, campaign.pk, write=True)
    except Http404:
        return False
    return True


@login_required
@require_POST
def visit_outcome(request: AuthenticatedRequest, slug: str, pk: int, visit_id: int) -> HttpResponse:
    """One tap: the outcome of one dwelling's visit (htmx swaps the row; without JavaScript the
    page reloads at the entrance)."""
    scheme = access_scheme(request.user, slug)
    visit = access_courtesy_visit(request.user, scheme, pk, visit_id, write=True)
    error = ""
    try:
        visit = courtesy_visit_record(
            visit=visit,
            outcome=request.POST.get("outcome", ""),
            user=request.user,
            remark=request.POST.get("remark", "")[:1000],
        )
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.headers.get("HX-Request"):
        visit = CourtesyVisit.objects.select_related("entrance", "visited_by").get(pk=visit.pk)
        campaign = access_courtesy_campaign(request.user, scheme, pk)
        remaining = entrance_remaining(campaign, visit.entrance_id)
        return render(
            request,
            "field/courtesy_visit_row.html",
            {
                **_campaign_context(request, scheme, campaign),
                "visit": visit,
                "error": error,
                "oob": True,
                "entrance_remaining": remaining,
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("Dwelling %(dwelling)s: %(outcome)s.")
            % {"dwelling": visit.dwelling, "outcome": VisitOutcome(visit.outcome).label},
        )
    url = reverse("field:courtesy_campaign", args=[slug, pk])
    return redirect(f"{url}#e{visit.entrance_id}")


class VisitForm(forms.Form):
    entrance = forms.ChoiceField(label=gettext_lazy("Entrance"))
    dwelling = forms.CharField(label=gettext_lazy("Dwelling number"), max_length=20)
    tenant_name = forms.CharField(
        label=gettext_lazy("Tenant's name"), max_length=150, required=False
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=255, required=False)

    def __init__(self, entrances: list[Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entrance"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (e.code, f"{e.code} — {e.address}") for e in entrances
        ]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File of dwellings"),
        help_text=gettext_lazy("CSV (semicolons or commas) or Excel .xlsx, 10 MB at most."),
    )


@login_required
def campaign_dwellings(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    """The landlord enters, uploads or removes the dwellings to visit."""
    scheme = access_scheme(request.user, slug)
    campaign = access_courtesy_campaign(request.user, scheme, pk, write=True)
    action = request.POST.get("action") if request.method == "POST" else None
    entrances = list(landlord_entrances(campaign))
    visit_form = VisitForm(entrances, request.POST if action == "add" else None)
    upload_form = UploadForm(
        request.POST if action == "upload" else None,
        request.FILES if action == "upload" else None,
    )
    problems: list[str] = []
    here = redirect("field:courtesy_dwellings", slug=slug, pk=pk)
    if action == "add" and visit_form.is_valid():
        data = visit_form.cleaned_data
        try:
            courtesy_visit_add(
                campaign=campaign,
                entrance_code=data["entrance"],
                dwelling=data["dwelling"],
                tenant_name=data["tenant_name"],
                note=data["note"],
            )
        except ValidationError as exc:
            apply_errors(visit_form, exc)
        else:
            messages.success(request, _("Dwelling added."))
            return here
    elif action == "upload" and upload_form.is_valid():
        upload = upload_form.cleaned_data["file"]
        try:
            added = courtesy_visits_import(
                campaign=campaign, data=upload.read(), filename=upload.name
            )
        except FileRejected as exc:
            problems = [str(p) for p in exc.problems]
            messages.error(
                request,
                _("Nothing was added: the file has %(count)s problem(s), listed below.")
                % {"count": len(problems)},
            )
        else:
            messages.success(request, _("%(count)s dwelling(s) added.") % {"count": added})
            return here
    elif action == "remove":
        try:
            visit_id = int(request.POST.get("visit", ""))
        except ValueError:
            raise Http404 from None
        visit = campaign_visit(campaign, visit_id)
        try:
            courtesy_visit_remove(visit=visit)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Dwelling removed from the list."))
        return here
    return render(
        request,
        "field/courtesy_dwellings.html",
        {
            "scheme": scheme,
            "campaign": campaign,
            "visit_form": visit_form,
            "upload_form": upload_form,
            "problems": problems,
            "columns": COLUMNS,
            "groups": campaign_visits(campaign),
            "has_entrances": bool(entrances),
        },
    )
