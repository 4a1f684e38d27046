"""Writes on the decision log: decisions, action items and their status changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from voisinage.accounts.models import Membership
from voisinage.governance.models import (
    TRANSITIONS,
    ActionItem,
    ActionItemStatusChange,
    ActionStatus,
    Decision,
    Meeting,
)
from voisinage.governance.selectors import local_date
from voisinage.governance.services.meetings import lock_meeting
from voisinage.lib import clock
from voisinage.territory.models import Organisation

if TYPE_CHECKING:
    from voisinage.accounts.models import User

CLOSED_STATUSES = (ActionStatus.DONE, ActionStatus.DROPPED)


@dataclass(frozen=True)
class ActionSpec:
    """An action item to record with a decision."""

    title: str
    owner_organisation: Organisation | None = None
    owner_user: User | None = None
    due_on: date | None = None


@transaction.atomic
def decision_record(
    *,
    meeting: Meeting,
    text: str,
    recorded_by: User | None,
    action: ActionSpec | None = None,
    now: datetime | None = None,
) -> Decision:
    """Append a decision to the meeting's log, with an action item if one is given."""
    locked = lock_meeting(meeting)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the decision.")})
    last = Decision.objects.filter(meeting=locked).aggregate(last=Max("position"))["last"]
    decision = Decision(
        meeting=locked, text=text, position=(last or 0) + 1, recorded_by=recorded_by
    )
    decision.full_clean()
    decision.save()
    if action is not None:
        action_item_add(
            decision=decision,
            title=action.title,
            owner_organisation=action.owner_organisation,
            owner_user=action.owner_user,
            due_on=action.due_on,
            created_by=recorded_by,
            now=now,
        )
    return decision


@transaction.atomic
def action_item_add(
    *,
    decision: Decision,
    title: str,
    created_by: User | None,
    owner_organisation: Organisation | None = None,
    owner_user: User | None = None,
    due_on: date | None = None,
    now: datetime | None = None,
) -> ActionItem:
    """Add an open action item to a decision. The owner is an organisation of the scheme, a
    person of the scheme, or both."""
    meeting = lock_meeting(decision.meeting)
    scheme = meeting.scheme
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Say what is to be done.")})
    if owner_organisation is None and owner_user is None:
        raise ValidationError({"owner": _("Say who owns the action: an organisation or a person.")})
    if (
        owner_organisation is not None
        and not scheme.members.filter(organisation=owner_organisation).exists()
    ):
        raise ValidationError({"owner": _("The owner must be an organisation of the scheme.")})
    if (
        owner_user is not None
        and not Membership.objects.in_force()
        .filter(user=owner_user, scheme=scheme, user__is_active=True)
        .exists()
    ):
        raise ValidationError({"owner": _("The owner must be a person of the scheme.")})
    if due_on is not None and due_on < local_date(meeting.starts_at, scheme):
        raise ValidationError({"due_on": _("The due date cannot be before the meeting.")})
    item = ActionItem(
        scheme=scheme,
        decision=decision,
        title=title,
        owner_organisation=owner_organisation,
        owner_user=owner_user,
        due_on=due_on,
        status=ActionStatus.OPEN,
        created_by=created_by,
    )
    item.full_clean()
    item.save()
    ActionItemStatusChange.objects.create(
        action_item=item,
        from_status="",
        to_status=ActionStatus.OPEN,
        changed_by=created_by,
        changed_at=now or clock.now(),
    )
    return item


@transaction.atomic
def action_item_transition(
    *,
    item: ActionItem,
    to_status: str,
    changed_by: User | None,
    note: str = "",
    now: datetime | None = None,
) -> ActionItem:
    """Move an action item along the TRANSITIONS table; anything else is refused, unchanged.
    The change is appended to the item's history."""
    now = now or clock.now()
    locked = ActionItem.objects.select_for_update().get(pk=item.pk)
    if to_status not in ActionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    current = ActionStatus(locked.status)
    target = ActionStatus(to_status)
    if target == current:
        raise ValidationError(
            {"status": _("The action item is already “%(status)s”.") % {"status": current.label}}
        )
    if target not in TRANSITIONS[current]:
        raise ValidationError(
            {
                "status": _("An action item cannot go from “%(from)s” to “%(to)s”.")
                % {"from": current.label, "to": target.label}
            }
        )
    note = note.strip()
    if len(note) > 300:
        raise ValidationError({"note": _("The note is longer than 300 characters.")})
    locked.status = target
    locked.closed_at = now if target in CLOSED_STATUSES else None
    locked.full_clean()
    locked.save(update_fields=["status", "closed_at", "updated_at"])
    ActionItemStatusChange.objects.create(
        action_item=locked,
        from_status=current,
        to_status=target,
        note=note,
        changed_by=changed_by,
        changed_at=now,
    )
    return locked
