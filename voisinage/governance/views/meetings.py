"""Pages of meetings: list, page, create and edit, crisis meeting, minutes, attendance, decision
log, documents, review deck, cancellation. Thin: parse → selector or service → render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from voisinage.accounts.access import AuthenticatedRequest
from voisinage.governance import services
from voisinage.governance.access import (
    access_attendance,
    access_document,
    access_governed_scheme,
    access_meeting,
)
from voisinage.governance.forms import (
    AttendanceForm,
    CrisisForm,
    DecisionForm,
    DeckForm,
    DocumentForm,
    MeetingForm,
    MinutesForm,
    at,
)
from voisinage.governance.models import Meeting
from voisinage.governance.selectors import (
    can_edit_governance,
    local_today,
    meeting_sheet,
    meetings_split,
    scheme_bodies,
    scheme_meetings,
    scheme_participants,
    scheme_zone,
)
from voisinage.lib import clock
from voisinage.lib.forms import apply_errors
from voisinage.lib.params import day_param, id_param
from voisinage.schemes.models import Scheme
from voisinage.territory.selectors import member_organisations

UPCOMING_LIMIT = 50


def current_url(slug: str, pk: int) -> str:
    return reverse("governance:meeting", args=[slug, pk])


@login_required
def meetings(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_governed_scheme(request.user, slug)
    body = id_param(request.GET, "body")
    start = day_param(request.GET, "from")
    end = day_param(request.GET, "to")
    qs = scheme_meetings(request.user, scheme, body=body, start=start, end=end)
    lists = meetings_split(qs, now=clock.now())
    return render(
        request,
        "governance/meetings.html",
        {
            "scheme": scheme,
            "upcoming": lists.upcoming[:UPCOMING_LIMIT],
            "page": Paginator(lists.past, 30).get_page(request.GET.get("page")),
            "bodies": scheme_bodies(request.user, scheme, active_only=False),
            "body": body,
            "start": start,
            "end": end,
            "can_edit": can_edit_governance(request.user, scheme),
        },
    )


def _render_meeting(
    request: AuthenticatedRequest,
    scheme: Scheme,
    meeting: Meeting,
    *,
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    user = request.user
    can_edit = can_edit_governance(user, scheme)
    context: dict[str, Any] = {
        "scheme": scheme,
        "sheet": meeting_sheet(user, meeting, today=local_today(scheme)),
        "meeting": meeting,
        "can_edit": can_edit,
        "now": clock.now(),
    }
    if can_edit and not meeting.is_cancelled:
        participants = list(scheme_participants(user, scheme))
        organisations = member_organisations(scheme)
        now = clock.now().astimezone(scheme_zone(scheme))
        context |= {
            "decision_form": forms.get("decision_form")
            or DecisionForm(organisations=organisations, participants=participants),
            "document_form": forms.get("document_form") or DocumentForm(),
            "deck_form": forms.get("deck_form")
            or DeckForm(initial={"day": now.date(), "time": now.time().replace(second=0)}),
        }
    return render(request, "governance/meeting.html", context, status=status)


@login_required
def meeting(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_governed_scheme(request.user, slug)
    return _render_meeting(request, scheme, access_meeting(request.user, scheme, pk))


def _meeting_form(
    request: AuthenticatedRequest, scheme: Scheme, *, meeting: Meeting | None = None, **kwargs: Any
) -> MeetingForm:
    return MeetingForm(
        request.POST if request.method == "POST" else None,
        scheme=scheme,
        bodies=scheme_bodies(request.user, scheme, keep=meeting.body_id if meeting else None),
        # Members today, and those an edited meeting already invites even if they left since.
        organisations=member_organisations(
            scheme, keep=meeting.invited_organisations.all() if meeting else ()
        ),
        **kwargs,
    )


@login_required
def meeting_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_governed_scheme(request.user, slug, write=True)
    form = _meeting_form(request, scheme, initial={"body": id_param(request.GET, "body")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.meeting_create(
                scheme=scheme,
                body=data["body"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                title=data["title"],
                agenda=data["agenda"],
                invited_organisation_ids=[o.pk for o in data["invited_organisations"]] or None,
                created_by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Meeting created; the invitations are on their way."))
            return redirect("governance:meeting", slug=slug, pk=created.pk)
    return render(
        request, "governance/meeting_form.html", {"scheme": scheme, "form": form, "meeting": None}
    )


@login_required
def meeting_edit(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_governed_scheme(request.user, slug, write=True)
    current = access_meeting(request.user, scheme, pk, write=True)
    form = _meeting_form(request, scheme, meeting=current, initial=MeetingForm.initial_for(current))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_update(
                meeting=current,
                expected_version=data["version"] or 0,
                body=data["body"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                title=data["title"],
                agenda=data["agenda"],
                invited_organisation_ids=[o.pk for o in data["invited_organisations"]],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect("governance:meeting", slug=slug, pk=pk)
    return render(
        request,
        "governance/meeting_form.html",
        {"scheme": scheme, "form": form, "meeting": current},
    )


@login_required
def meeting_crisis(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_governed_scheme(request.user, slug, write=True)
    now = clock.now().astimezone(scheme_zone(scheme))
    form = (
        CrisisForm(request.POST)
        if request.method == "POST"
        else CrisisForm(initial={"day": now.date(), "start": now.time().replace(second=0)})
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.meeting_crisis_create(
                scheme=scheme,
                starts_at=at(data["day"], data["start"], scheme),
                place=data["place"],
                reason=data["reason"],
                created_by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Crisis meeting called; the invitations are on their way."))
            return redirect("governance:meeting", slug=slug, pk=created.pk)
    return render(request, "governance/crisis_form.html", {"scheme": scheme, "form": form})


@login_required
def meeting_minutes(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_governed_scheme(request.user, slug, write=True)
    current = access_meeting(request.user, scheme, pk, write=True)
    form = (
        MinutesForm(request.POST)
        if request.method == "POST"
        else MinutesForm(initial={"minutes": current.minutes, "version": current.version})
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_minutes_record(
                meeting=current,
                minutes=form.cleaned_data["minutes"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Minutes saved."))
            return redirect("governance:meeting", slug=slug, pk=pk)
    return render(
        request,
        "governance/minutes_form.html",
        {"scheme": scheme, "form": form, "meeting": current},
    )


@login_required
def meeting_attendance(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_governed_scheme(request.user, slug, write=True)
    current = access_meeting(request.user, scheme, pk, write=True)
    # Members in force; the organisations this meeting invited or already recorded stay offered
    # even if they left the scheme since.
    kept = [
        *current.invited_organisations.values_list("pk", flat=True),
        *current.attendances.values_list("organisation_id", flat=True),
    ]
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,
        participants=list(scheme_participants(request.user, scheme)),
        organisations=member_organisations(scheme, keep=kept),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        membership = data.get("membership")
        try:
            services.attendance_record(
                meeting=current,
                organisation=membership.organisation if membership else data["organisation"],
                user=membership.user if membership else None,
                person_name=data["person_name"],
                status=data["status"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Attendance recorded."))
            return redirect("governance:meeting_attendance", slug=slug, pk=pk)
    sheet = meeting_sheet(request.user, current, today=local_today(scheme))
    return render(
        request,
        "governance/attendance.html",
        {"scheme": scheme, "meeting": current, "sheet": sheet, "form": form},
    )


@login_required
@require_POST
def attendance_remove(
    request: AuthenticatedRequest, slug: str, pk: int, attendance_pk: int
) -> HttpResponse:
    scheme = access_governed_scheme(request.user, slug, write=True)
    current = access_meeting(request.user, scheme, pk, write=True)
    row = access_attendance(request.user, current, attendance_pk)
    try:
        services.attendance_remove(attendance=row)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Attendance removed."))
    return redirect("governance:meeting_attendance", slug=slug, pk=pk)


@login_required
@require_POST
def decision_add(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_governed_scheme(request.user, slug, write=True)
    current = access_meeting(request.user, scheme, pk, write=True)
    form = DecisionForm(
        request.POST,
        organisations=member_organisations(scheme),
        participants=list(scheme_participants(request.user, scheme)),
    )
    if form.is_valid():
        data = form.cleaned_data
        action = None
        if data["action_title"]:
            action = services.ActionSpec(
                title=data["action_title"],
                owner_organisation=data["owner_organisation"],
                owner_user=data["owner_user"],
                due_on=data["due_on"],
            )
        try:
            services.decision_record(
                meeting=current, text=data["text"], recorded_by=request.user, action=action
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect(f"{current_url(slug, pk)}#decisions")
    return _render_meeting(request, scheme, current, status=400, decision_form=form)


@login_required
@require_POST
def document_add(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_governed_scheme(request.user, slug, write=True)
    current = access_meeting(request.user, scheme, pk, write=True)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.document_add(
                meeting=current,
                title=data["title"],
                upload=data["upload"],
                url=data["url"],
                is_review_deck=data["is_review_deck"],
                added_by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Document added."))
            return redirect(f"{current_url(slug, pk)}#documents")
    return _render_meeting(request, scheme, current, status=400, document_form=form)


@login_required
def document_download(request: AuthenticatedRequest, slug: str, pk: int) -> FileResponse:
    scheme = access_governed_scheme(request.user, slug)
    document = access_document(request.user, scheme, pk)
    if not document.file:
        raise Http404
    # Always as an attachment: an uploaded HTML or SVG file must never run in our origin.
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.filename or "document"
    )


@login_required
@require_POST
def document_remove(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_governed_scheme(request.user, slug, write=True)
    document = access_document(request.user, scheme, pk)
    # Editing rights are checked on the document's meeting.
    current = access_meeting(request.user, scheme, document.meeting_id, write=True)
    try:
        services.document_remove(document=document)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Document removed."))
    return redirect(f"{current_url(slug, current.pk)}#documents")


@login_required
@require_POST
def meeting_deck(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_governed_scheme(request.user, slug, write=True)
    current = access_meeting(request.user, scheme, pk, write=True)
    form = DeckForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_deck_record(
                meeting=current,
                sent_at=at(form.cleaned_data["day"], form.cleaned_data["time"], scheme),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The review deck is recorded as sent to the coordinator."))
            return redirect("governance:meeting", slug=slug, pk=pk)
    return _render_meeting(request, scheme, current, status=400, deck_form=form)


@login_required
@require_POST
def meeting_cancel(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_governed_scheme(request.user, slug, write=True)
    current = access_meeting(request.user, scheme, pk, write=True)
    try:
        services.meeting_cancel(meeting=current)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Meeting cancelled; the invitees' calendars are updated."))
    return redirect("governance:meeting", slug=slug, pk=pk)


@login_required
@require_POST
def meeting_invite(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_governed_scheme(request.user, slug, write=True)
    current = access_meeting(request.user, scheme, pk, write=True)
    try:
        services.meeting_invitations_resend(meeting=current)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The invitations are on their way again."))
    return redirect("governance:meeting", slug=slug, pk=pk)
