"""« Courriels envoyés (démonstration) »: the e-mails the demo sent, as its SMTP sink got them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_sameorigin

from voisinage.demo.access import access_demo_mailbox
from voisinage.demo.mailbox import (
    mailbox_attachment,
    mailbox_message,
    mailbox_names,
    mailbox_summaries,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

PAGE_SIZE = 30
# The HTML body is shown in a sandboxed frame, under a policy of its own: its inline styles
# apply, nothing else (no script, no request leaves the page).
HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


@login_required
def mailbox(request: HttpRequest) -> HttpResponse:
    access_demo_mailbox(request.user)
    page = Paginator(mailbox_names(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "demo/mailbox.html",
        {"page": page, "mails": mailbox_summaries(list(page.object_list))},
    )


@login_required
def mail_detail(request: HttpRequest, name: str) -> HttpResponse:
    access_demo_mailbox(request.user)
    mail = mailbox_message(name)
    if mail is None:
        raise Http404
    return render(request, "demo/mail.html", {"mail": mail})


@login_required
@xframe_options_sameorigin
def mail_html(request: HttpRequest, name: str) -> HttpResponse:
    access_demo_mailbox(request.user)
    mail = mailbox_message(name)
    if mail is None or not mail.html:
        raise Http404
    response = HttpResponse(mail.html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = HTML_POLICY
    return response


@login_required
def mail_attachment(request: HttpRequest, name: str, index: int) -> HttpResponse:
    access_demo_mailbox(request.user)
    found = mailbox_attachment(name, index)
    if found is None:
        raise Http404
    attachment, data = found
    response = HttpResponse(data, content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="{attachment.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
