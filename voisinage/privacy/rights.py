"""People's rights (GDPR art. 15 to 17), the writes: each request recorded with its deadline
(one month) and answered with its outcome; a person's identity and contact erased (refused while
a record naming them is still open) or rectified through each app's holders. Re-exported by
``privacy.services``."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from voisinage.core.extensions import PERSONAL_DATA
from voisinage.lib import clock
from voisinage.lib.money import add_months
from voisinage.privacy.models import RequestKind, RequestOutcome, SubjectRequest
from voisinage.privacy.subjects import subject_file

if TYPE_CHECKING:
    from voisinage.accounts.models import User
    from voisinage.core.personal_data import Holder, PersonQuery
    from voisinage.schemes.models import Scheme

DEADLINE_MONTHS = 1  # GDPR art. 12(3)


def _holders() -> list[Holder]:
    return [holder for holders in PERSONAL_DATA.values() for holder in holders()]


@transaction.atomic
def subject_request_record(
    *, scheme: Scheme, author: User, kind: str, person: str, received_on: date
) -> SubjectRequest:
    """Record a person's request; its answer is due one month after it was received."""
    errors: dict[str, str] = {}
    if kind not in RequestKind.values:
        errors["kind"] = _("Choose the kind of request.")
    if not person.strip():
        errors["person"] = _("Say who the request is from.")
    if received_on > clock.local_today(scheme.time_zone):
        errors["received_on"] = _("A request cannot be received in the future.")
    if errors:
        raise ValidationError(errors)
    return SubjectRequest.objects.create(
        scheme=scheme,
        kind=kind,
        person=person.strip(),
        received_on=received_on,
        due_on=add_months(received_on, DEADLINE_MONTHS),
        recorded_by=author,
    )


def _check_open(request: SubjectRequest, scheme: Scheme, kind: str | None = None) -> None:
    if request.scheme_id != scheme.pk:
        raise ValidationError(_("This request belongs to another scheme."))
    if not request.is_open:
        raise ValidationError(_("This request has already been answered."))
    if kind is not None and request.kind != kind:
        raise ValidationError(
            _("This is a request of another kind (%(kind)s).")
            % {"kind": request.get_kind_display()}
        )


@transaction.atomic
def subject_request_answer(
    *, request: SubjectRequest, author: User, outcome: str, answer: str
) -> SubjectRequest:
    """Close a request: done, or refused with the reasons given to the person."""
    request = SubjectRequest.objects.select_for_update().get(pk=request.pk)
    _check_open(request, request.scheme)
    if outcome not in (RequestOutcome.DONE, RequestOutcome.REFUSED):
        raise ValidationError({"outcome": _("Choose the outcome.")})
    if outcome == RequestOutcome.REFUSED and not answer.strip():
        raise ValidationError({"answer": _("A refusal gives the person its reasons.")})
    request.outcome = outcome
    request.answer = answer.strip()
    request.answered_on = clock.local_today(request.scheme.time_zone)
    request.answered_by = author
    request.save(update_fields=["outcome", "answer", "answered_on", "answered_by"])
    return request


@transaction.atomic
def subject_erase(
    *, scheme: Scheme, author: User, request: SubjectRequest, query: PersonQuery
) -> int:
    """Erase the person's identity, contact and the free text of every record naming them;
    the records, their codes and moments stay, so the statistics are unchanged. Refused while
    one of them is still open (a call not closed, an instruction not handled). Closes the
    request with the number of records erased."""
    _check_open(request, scheme, RequestKind.ERASURE)
    found = subject_file(scheme, query)
    still_open = [r.reference for r in found.records if r.open]
    if still_open:
        raise ValidationError(
            _(
                "This person is named in a record still open (%(records)s): erase their data "
                "once it is closed."
            )
            % {"records": ", ".join(still_open)}
        )
    erased = sum(h.erase(scheme, query) for h in _holders() if h.erase is not None)
    subject_request_answer(
        request=request,
        author=author,
        outcome=RequestOutcome.DONE,
        answer=ngettext(
            "%(n)s record erased; the anonymised statistics are kept.",
            "%(n)s records erased; the anonymised statistics are kept.",
            erased,
        )
        % {"n": erased},
    )
    return erased


@transaction.atomic
def subject_rectify(
    *,
    scheme: Scheme,
    author: User,
    request: SubjectRequest,
    query: PersonQuery,
    corrected: dict[str, str],
) -> int:
    """Correct the person's name, phone, e-mail or dwelling (the non-empty ones) on every
    record naming them; closes the request with the number of records corrected."""
    _check_open(request, scheme, RequestKind.RECTIFICATION)
    corrected = {k: v.strip() for k, v in corrected.items() if v and v.strip()}
    if not corrected:
        raise ValidationError(_("Give at least one corrected value."))
    subject_file(scheme, query)  # a person not found is said so
    changed = sum(h.rectify(scheme, query, corrected) for h in _holders() if h.rectify is not None)
    subject_request_answer(
        request=request,
        author=author,
        outcome=RequestOutcome.DONE,
        answer=ngettext("%(n)s record corrected.", "%(n)s records corrected.", changed)
        % {"n": changed},
    )
    return changed
