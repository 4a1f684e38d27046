"""Access to the governance of a scheme and to one of its objects, for a user: members read,
editors (``editor_rule``) write, the compliance page is read by ``compliance_rule``; 404 alike
for missing and forbidden."""

from __future__ import annotations

from typing import TYPE_CHECKING

from voisinage.accounts.access import get_or_404, grants_q
from voisinage.governance.models import (
    ActionItem,
    Attendance,
    Meeting,
    MeetingDocument,
    compliance_rule,
    editor_rule,
)
from voisinage.schemes.models import Scheme

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser


def access_governed_scheme(user: AnyUser, slug: str, *, write: bool = False) -> Scheme:
    """The scheme, for its members; with ``write``, only for governance editors. 404 otherwise."""
    qs = Scheme.objects.filter(is_active=True)
    qs = qs.filter(grants_q(user, editor_rule("pk"))) if write else qs.visible_to(user)
    return get_or_404(qs.select_related("operator"), slug=slug)


def access_compliance(user: AnyUser, slug: str) -> Scheme:
    """The scheme, for those who read its compliance page (``compliance_rule``); 404 otherwise."""
    qs = Scheme.objects.filter(is_active=True).filter(grants_q(user, compliance_rule("pk")))
    return get_or_404(qs.select_related("operator"), slug=slug)


def access_meeting(user: AnyUser, scheme: Scheme, pk: int, *, write: bool = False) -> Meeting:
    qs = Meeting.objects.editable_by(user) if write else Meeting.objects.visible_to(user)
    return get_or_404(qs.select_related("body", "scheme", "created_by"), scheme=scheme, pk=pk)


def access_document(user: AnyUser, scheme: Scheme, pk: int) -> MeetingDocument:
    qs = MeetingDocument.objects.visible_to(user).select_related("meeting")
    return get_or_404(qs, meeting__scheme=scheme, pk=pk)


def access_attendance(user: AnyUser, meeting: Meeting, pk: int) -> Attendance:
    """An attendance row, for editing (the caller reached the meeting with ``write``)."""
    return get_or_404(Attendance.objects.editable_by(user), meeting=meeting, pk=pk)


def access_action_item(
    user: AnyUser, scheme: Scheme, pk: int, *, write: bool = False
) -> ActionItem:
    """With ``write``: editors, and the organisation or person owning the item."""
    qs = ActionItem.objects.updatable_by(user) if write else ActionItem.objects.visible_to(user)
    return get_or_404(
        qs.select_related("decision__meeting__body", "owner_organisation", "owner_user"),
        scheme=scheme,
        pk=pk,
    )
