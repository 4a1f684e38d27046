"""Pages of the privacy app: finding and exporting what the scheme holds about a person; the
register of processing."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from voisinage.core.personal_data import PersonQuery
from voisinage.privacy.access import access_data_protection
from voisinage.privacy.models import RequestKind
from voisinage.privacy.register import register_pdf
from voisinage.privacy.selectors import open_requests
from voisinage.privacy.subjects import (
    SubjectFile,
    subject_file,
    subject_json,
    subject_pdf,
    subject_viewed,
)
from voisinage.schemes.access import access_scheme

if TYPE_CHECKING:
    from django.http import HttpRequest

    from voisinage.schemes.models import Scheme


class PersonForm(forms.Form):
    nom = forms.CharField(label=_("Name"), max_length=150, required=False)
    telephone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    courriel = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    logement = forms.CharField(label=_("Dwelling"), max_length=20, required=False)

    def query(self) -> PersonQuery:
        data = self.cleaned_data
        return PersonQuery(
            name=data["nom"],
            phone=data["telephone"],
            email=data["courriel"],
            dwelling=data["logement"],
        )


class RectifyForm(forms.Form):
    nouveau_nom = forms.CharField(label=_("Corrected name"), max_length=150, required=False)
    nouveau_telephone = forms.CharField(label=_("Corrected phone"), max_length=40, required=False)
    nouveau_courriel = forms.EmailField(label=_("Corrected e-mail"), required=False)
    nouveau_logement = forms.CharField(label=_("Corrected dwelling"), max_length=20, required=False)


def render_subject(
    request: HttpRequest,
    scheme: Scheme,
    form: PersonForm,
    *,
    found: SubjectFile | None = None,
    problem: str = "",
) -> HttpResponse:
    """The page of a person's data: the search, what is held, and the forms answering an
    erasure or a rectification request (the open ones to choose from)."""
    return render(
        request,
        "privacy/subject.html",
        {
            "scheme": scheme,
            "form": form,
            "found": found,
            "problem": problem,
            "search": form.cleaned_data if found is not None else {},
            "erasures": list(open_requests(scheme, RequestKind.ERASURE)),
            "rectifications": list(open_requests(scheme, RequestKind.RECTIFICATION)),
            "rectify_form": RectifyForm(),
        },
        status=400 if problem else 200,
    )


@login_required
def subject(request: HttpRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    access_data_protection(request.user, scheme)
    form = PersonForm(request.GET or None)
    found, problem = None, ""
    if form.is_bound and form.is_valid():
        try:
            found = subject_file(scheme, form.query())
        except ValidationError as exc:
            problem = " ".join(exc.messages)
        else:
            subject_viewed(scheme, request.user, form.query(), "privacy:subject")
    return render_subject(request, scheme, form, found=found, problem=problem)


@login_required
def subject_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    access_data_protection(request.user, scheme)
    if fmt not in ("json", "pdf"):
        raise Http404
    form = PersonForm(request.GET)
    if not form.is_valid():
        return HttpResponse(_("Check the search."), status=400, content_type="text/plain")
    try:
        found = subject_file(scheme, form.query())
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=400, content_type="text/plain")
    subject_viewed(scheme, request.user, form.query(), f"privacy:subject_export.{fmt}")
    name = f"donnees-personnelles-{scheme.slug}-{found.made_at:%Y%m%d}"
    if fmt == "json":
        body = json.dumps(subject_json(found), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    response = HttpResponse(subject_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@login_required
def register(request: HttpRequest, slug: str) -> HttpResponse:
    """The scheme's register of processing as a PDF to sign."""
    scheme = access_scheme(request.user, slug)
    access_data_protection(request.user, scheme)
    response = HttpResponse(register_pdf(scheme), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="registre-{scheme.slug}.pdf"'
    return response
