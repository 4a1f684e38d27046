"""Pages of people's requests: the register (recorded with their one-month deadline, answered
with their outcome) and the erasure or rectification of a person found on « Données d'une
personne ». The data-protection contact's (``access_data_protection``); 404 for anyone else."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from voisinage.lib import clock
from voisinage.lib.forms import apply_errors
from voisinage.privacy import services
from voisinage.privacy.access import access_data_protection
from voisinage.privacy.models import RequestKind, RequestOutcome, SubjectRequest
from voisinage.privacy.selectors import open_requests, subject_requests
from voisinage.privacy.subjects import subject_file
from voisinage.privacy.views import PersonForm, RectifyForm, render_subject
from voisinage.schemes.access import access_scheme

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from voisinage.schemes.models import Scheme


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Request"), choices=RequestKind.choices)
    person = forms.CharField(
        label=gettext_lazy("Requested by"),
        max_length=200,
        help_text=gettext_lazy("The person's name and how to answer them."),
    )
    received_on = forms.DateField(
        label=gettext_lazy("Received on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        choices=[c for c in RequestOutcome.choices if c[0] != RequestOutcome.PENDING],
    )
    answer = forms.CharField(
        label=gettext_lazy("Answer given"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


def _author(request: HttpRequest) -> Any:
    return request.user


def _scheme(request: HttpRequest, slug: str) -> Scheme:
    scheme = access_scheme(request.user, slug)
    access_data_protection(request.user, scheme)
    return scheme


def _register(
    request: HttpRequest, scheme: Scheme, form: RequestForm, status: int = 200
) -> HttpResponse:
    today = clock.local_today(scheme.time_zone)
    return render(
        request,
        "privacy/requests.html",
        {
            "scheme": scheme,
            "form": form,
            "requests": list(subject_requests(scheme)),
            "today": today,
            "answer_form": AnswerForm(),
        },
        status=status,
    )


@login_required
def requests(request: HttpRequest, slug: str) -> HttpResponse:
    scheme = _scheme(request, slug)
    if request.method != "POST":
        today = clock.local_today(scheme.time_zone)
        return _register(request, scheme, RequestForm(initial={"received_on": today}))
    form = RequestForm(request.POST)
    if form.is_valid():
        try:
            services.subject_request_record(
                scheme=scheme, author=_author(request), **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Request recorded."))
            return redirect("privacy:requests", slug=scheme.slug)
    return _register(request, scheme, form, status=400)


@login_required
@require_POST
def request_answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    scheme = _scheme(request, slug)
    subject_request = get_object_or_404(SubjectRequest, scheme=scheme, pk=pk)
    form = AnswerForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose the outcome."))
        services.subject_request_answer(
            request=subject_request, author=_author(request), **form.cleaned_data
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Answer recorded."))
    return redirect("privacy:requests", slug=scheme.slug)


@login_required
@require_POST
def subject_act(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    """Erase or rectify the person the search designates, answering the request chosen."""
    scheme = _scheme(request, slug)
    kind = {"effacer": RequestKind.ERASURE, "rectifier": RequestKind.RECTIFICATION}.get(action)
    if kind is None:
        raise Http404
    search = PersonForm(request.POST)
    rectify = RectifyForm(request.POST)
    picked = request.POST.get("demande", "")
    chosen = open_requests(scheme, kind).filter(pk=int(picked) if picked.isdigit() else 0).first()
    try:
        if not search.is_valid() or not rectify.is_valid():
            raise ValidationError(_("Check the values typed."))
        if chosen is None:
            raise ValidationError(_("Choose the open request this answers."))
        query = search.query()
        if kind == RequestKind.ERASURE:
            n = services.subject_erase(
                scheme=scheme, author=_author(request), request=chosen, query=query
            )
        else:
            data = rectify.cleaned_data
            n = services.subject_rectify(
                scheme=scheme,
                author=_author(request),
                request=chosen,
                query=query,
                corrected={
                    "name": data["nouveau_nom"],
                    "phone": data["nouveau_telephone"],
                    "email": data["nouveau_courriel"],
                    "dwelling": data["nouveau_logement"],
                },
            )
    except ValidationError as exc:
        found = None
        if search.is_valid():
            try:
                found = subject_file(scheme, search.query())
            except ValidationError:
                found = None
        return render_subject(request, scheme, search, found=found, problem=" ".join(exc.messages))
    messages.success(
        request,
        ngettext(
            "Done: %(n)s record changed; the request is answered.",
            "Done: %(n)s records changed; the request is answered.",
            n,
        )
        % {"n": n},
    )
    return redirect("privacy:requests", slug=scheme.slug)
