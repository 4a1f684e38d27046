"""The decision log: decisions, their action items and the items' status history."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import Grant, grants_q
from voisinage.governance.models.access import SchemeScopedQuerySet, editor_rule
from voisinage.governance.models.meetings import Meeting

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser


class DecisionQuerySet(SchemeScopedQuerySet["Decision"]):
    scheme_field = "meeting__scheme_id"


class Decision(models.Model):
    """An entry of a meeting's decision log."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.TextField(_("decision"))
    position = models.PositiveIntegerField(_("order"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)

# The allowed status changes, in one table: anything else is refused by the service.
TRANSITIONS: dict[str, frozenset[str]] = {
    ActionStatus.OPEN: frozenset(
        {ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.DROPPED}
    ),
    ActionStatus.IN_PROGRESS: frozenset({ActionStatus.DONE, ActionStatus.DROPPED}),
    # Reopened when the fix did not hold, or revived when dropped too early.
    ActionStatus.DONE: frozenset({ActionStatus.IN_PROGRESS}),
    ActionStatus.DROPPED: frozenset({ActionStatus.OPEN}),
}


class ActionItemQuerySet(SchemeScopedQuerySet["ActionItem"]):
    def open(self) -> Self:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: date) -> Self:
        return self.open().filter(due_on__lt=today)

    def updatable_by(self, user: AnyUser) -> Self:
        """Editors, and the owner: a member of the owning organisation, or the owning person."""

        def owner_rule(grant: Grant) -> models.Q:
            return models.Q(scheme_id=grant.scheme_id) & (
                models.Q(owner_organisation_id=grant.organisation_id)
                | models.Q(owner_user_id=user.pk)
            )

        return self.filter(
            grants_q(user, editor_rule(self.scheme_field)) | grants_q(user, owner_rule)
        )


class ActionItem(models.Model):
    """Something a decision asks someone to do, followed from one meeting to the next."""

    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="action_items",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.CASCADE,
        related_name="action_items",
    )
    title = models.CharField(_("action"), max_length=300)
    owner_organisation = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("owner organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["scheme", "status", "due_on"], name="gov_action_scheme_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner_organisation__isnull=False)
                | models.Q(owner_user__isnull=False),
                name="governance_action_has_owner",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < today

    @property
    def owner_display(self) -> str:
        names = []
        if self.owner_user is not None:
            names.append(self.owner_user.display_name)
        if self.owner_organisation is not None:
            names.append(str(self.owner_organisation))
        return " — ".join(names)

    @property
    def next_statuses(self) -> list[tuple[str, str]]:
        allowed = TRANSITIONS.get(self.status, frozenset())
        return [(value, str(label)) for value, label in ActionStatus.choices if value in allowed]


class ActionItemStatusChange(models.Model):
    """The appended history of an action item's status (never edited)."""

    action_item = models.ForeignKey(
        ActionItem,
        verbose_name=_("action item"),
        on_delete=models.CASCADE,
        related_name="history",
    )
    from_status = models.CharField(
        _("previous status"), max_length=20, choices=ActionStatus.choices, blank=True
    )
    to_status = models.CharField(_("new status"), max_length=20, choices=ActionStatus.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["action_item", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"
