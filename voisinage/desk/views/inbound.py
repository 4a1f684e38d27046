"""Instructions received by e-mail: the supervisor's list (drafts and quarantine), one e-mail
with its original text and attachments and the form to confirm or correct it, and dismissal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from voisinage.desk.access import access_inbound, access_inbound_email
from voisinage.desk.forms import EmailedInstructionForm
from voisinage.desk.inbound.parse import read_message
from voisinage.desk.models import CallNature, InboundEmail, InboundStatus
from voisinage.desk.selectors import open_emails
from voisinage.desk.services import (
    desk_settings,
    inbound_email_confirm,
    inbound_email_dismiss,
    scheme_natures,
)
from voisinage.desk.views.common import PAGE_SIZE, entrance_choices
from voisinage.desk.views.instructions import (
    instruction_fields,
    instruction_landlords,
    instruction_residences,
)
from voisinage.lib.forms import apply_errors
from voisinage.schemes.access import access_scheme

if TYPE_CHECKING:
    from voisinage.accounts.access import AuthenticatedRequest
    from voisinage.territory.models import Organisation, Residence

OPEN = [InboundStatus.DRAFT, InboundStatus.QUARANTINED]


def _same(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def _initial(
    email: InboundEmail, natures: list[CallNature], residences: list[Residence]
) -> dict[str, Any]:
    """The form as the e-mail's fields give it; the nature "other" when none matches."""
    parsed: dict[str, str] = email.parsed or {}
    wanted = parsed.get("nature", "")
    nature = next(
        (n for n in natures if wanted and (_same(n.code, wanted) or _same(n.label, wanted))),
        None,
    )
    nature = nature or next((n for n in natures if n.code == "autre"), None)
    residence = next(
        (
            r
            for r in residences
            if parsed.get("residence")
            and _same(r.name, parsed["residence"])
            and r.landlord_id == email.landlord_id
        ),
        None,
    )
    return {
        "landlord": str(email.landlord_id or ""),
        "entrance_code": parsed.get("entrance", ""),
        "residence": str(residence.pk) if residence else "",
        "tenant_name": parsed.get("tenant_name", ""),
        "tenant_phone": parsed.get("tenant_phone", ""),
        "dwelling": parsed.get("dwelling", "")[:20],
        "nature": str(nature.pk) if nature else "",
        "details": parsed.get("details", ""),
        "slot_start": parsed.get("slot_start"),
        "slot_end": parsed.get("slot_end"),
        "urgent": parsed.get("urgent") == "1",
    }


@login_required
def inbound(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    access_inbound(request.user, scheme)
    # Messages of no known scheme are visible to platform administrators only (visible_to).
    handled = (
        InboundEmail.objects.visible_to(request.user)
        .filter(Q(scheme=scheme) | Q(scheme__isnull=True))
        .exclude(status__in=OPEN)
        .select_related("instruction")
        .defer("raw")
    )
    page = Paginator(handled, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "desk/inbound.html",
        {
            "scheme": scheme,
            "open_emails": open_emails(request.user, scheme),
            "page": page,
            "address": desk_settings(scheme).instruction_address,
        },
    )


@login_required
def inbound_email(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    email = access_inbound_email(request.user, scheme, pk)
    read = read_message(bytes(email.raw))
    landlords: list[Organisation] = instruction_landlords(request, scheme)
    residences = instruction_residences(request.user, scheme, landlords)
    natures = scheme_natures(scheme)
    can_confirm = email.status in OPEN and email.scheme_id == scheme.pk
    form = EmailedInstructionForm(
        landlords,
        residences,
        natures,
        request.POST or None,
        initial=_initial(email, natures, residences),
    )
    if request.method == "POST":
        if not can_confirm:
            raise Http404
        if form.is_valid():
            try:
                instruction = inbound_email_confirm(
                    email=email,
                    user=request.user,
                    **instruction_fields(
                        request.user, scheme, form.cleaned_data, landlords, residences
                    ),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Instruction confirmed for the night of %(night)s.")
                    % {"night": formats.date_format(instruction.service_night, "l j F")},
                )
                return redirect("desk:instruction", slug=slug, pk=instruction.pk)
    return render(
        request,
        "desk/inbound_email.html",
        {
            "scheme": scheme,
            "email": email,
            "text": read.text,
            "attachments": read.attachments,
            "form": form,
            "can_confirm": can_confirm,
            "entrances": entrance_choices(request.user, scheme, {o.pk for o in landlords}),
        },
    )


@login_required
@require_POST
def inbound_dismiss(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    email = access_inbound_email(request.user, scheme, pk)
    try:
        inbound_email_dismiss(email=email, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("E-mail dismissed: it stays in the list, marked so."))
    return redirect("desk:inbound", slug=slug)


@login_required
def inbound_attachment(
    request: AuthenticatedRequest, slug: str, pk: int, index: int
) -> HttpResponse:
    scheme = access_scheme(request.user, slug)
    email = access_inbound_email(request.user, scheme, pk)
    attachments = read_message(bytes(email.raw)).attachments
    if not 0 <= index < len(attachments):
        raise Http404
    attachment = attachments[index]
    response = HttpResponse(attachment.data, content_type=attachment.content_type)
    filename = attachment.filename.replace('"', "")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def inbound_original(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    """The original message as received (.eml), for the record."""
    scheme = access_scheme(request.user, slug)
    email = access_inbound_email(request.user, scheme, pk)
    response = HttpResponse(bytes(email.raw), content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="courriel-{email.pk}.eml"'
    return response
