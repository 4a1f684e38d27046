"""Reads of governance for a user: everything goes through ``visible_to`` / ``editable_by`` (one
object: ``governance.access``, 404 alike for missing and forbidden)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from voisinage.accounts.access import PerimeterKind, is_platform_admin, scheme_grants
from voisinage.accounts.models import Membership
from voisinage.governance.models import (
    FUNDING_ROLES,
    OPEN_STATUSES,
    ActionItem,
    ActionItemStatusChange,
    Attendance,
    Body,
    Decision,
    Meeting,
    MeetingDocument,
)
from voisinage.lib import clock
from voisinage.schemes.models import MemberRole, Scheme, SchemeMember
from voisinage.territory.models import Organisation

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser


# --- Time -------------------------------------------------------------------------------------
def scheme_zone(scheme: Scheme) -> ZoneInfo:
    return ZoneInfo(scheme.time_zone)


def local_date(moment: datetime, scheme: Scheme) -> date:
    return moment.astimezone(scheme_zone(scheme)).date()


def local_today(scheme: Scheme, now: datetime | None = None) -> date:
    return local_date(now or clock.now(), scheme)


def year_bounds(scheme: Scheme, year: int) -> tuple[datetime, datetime]:
    """[1 January 00:00, next 1 January 00:00) of ``year`` in the scheme's time zone."""
    zone = scheme_zone(scheme)
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def day_start(day: date, scheme: Scheme) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=scheme_zone(scheme))


# --- Access -----------------------------------------------------------------------------------
def can_read_compliance(user: AnyUser, scheme: Scheme) -> bool:
    """For menus: the rule of ``governance.access.access_compliance``, from the cached grants (one
    query at most, for partners: is their organisation the coordinator, or a funder seen
    whole-scheme?)."""
    if is_platform_admin(user):
        return True
    grants = scheme_grants(user, scheme.pk)
    if any(g.can_manage or g.can_supervise for g in grants):
        return True
    partners = [g.organisation_id for g in grants if g.can_act_as_partner]
    whole = [g.organisation_id for g in grants if g.perimeter == PerimeterKind.SCHEME]
    if not partners and not whole:
        return False
    return (
        SchemeMember.objects.filter(scheme_id=scheme.pk)
        .filter(
            Q(role=MemberRole.COORDINATOR, organisation_id__in=partners)
            | Q(role__in=FUNDING_ROLES, organisation_id__in=whole)
        )
        .exists()
    )


def can_edit_governance(user: AnyUser, scheme: Scheme) -> bool:
    """For buttons and menus: the rule of ``editable_by``, from the cached grants (a query only
    for partners, to check that their organisation coordinates the scheme)."""
    if is_platform_admin(user):
        return True
    grants = scheme_grants(user, scheme.pk)
    if any(g.can_manage or g.can_supervise for g in grants):
        return True
    partners = [g.organisation_id for g in grants if g.can_act_as_partner]
    return bool(partners) and (
        SchemeMember.objects.filter(
            scheme_id=scheme.pk, role=MemberRole.COORDINATOR, organisation_id__in=partners
        ).exists()
    )


# --- Bodies and people ------------------------------------------------------------------------
def scheme_bodies(
    user: AnyUser, scheme: Scheme, *, active_only: bool = True, keep: int | None = None
) -> QuerySet[Body]:
    """The scheme's bodies; ``active_only`` drops retired ones, but ``keep`` (a meeting's own
    body, when editing it)."""
    qs = Body.objects.visible_to(user).filter(scheme=scheme)
    if active_only:
        qs = qs.filter(Q(is_active=True) | Q(pk=keep))
    return qs.order_by("position", "name")


def scheme_organisations(scheme: Scheme) -> QuerySet[Organisation]:
    """The organisations taking part in the scheme (the caller went through an access check)."""
    return (
        Organisation.objects.filter(scheme_memberships__scheme=scheme).distinct().order_by("name")
    )


def scheme_participants(user: AnyUser, scheme: Scheme) -> QuerySet[Membership]:
    """The scheme's people with their organisation, for governance editors (attendance, action
    owners); nobody else gets the list."""
    qs = (
        Membership.objects.in_force()
        .filter(scheme=scheme, user__is_active=True)
        .select_related("user", "organisation")
    )
    if not can_edit_governance(user, scheme):
        return qs.none()
    return qs.order_by("organisation__name", "user__last_name", "user__first_name", "pk")


# --- Meetings ---------------------------------------------------------------------------------
def scheme_meetings(
    user: AnyUser,
    scheme: Scheme,
    *,
    body: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[Meeting]:
    """Meetings of the scheme the user may see; ``start`` and ``end`` are local dates, inclusive."""
    qs = Meeting.objects.visible_to(user).filter(scheme=scheme)
    if body is not None:
        qs = qs.filter(body_id=body)
    if start is not None:
        qs = qs.filter(starts_at__gte=day_start(start, scheme))
    if end is not None:
        qs = qs.filter(starts_at__lt=day_start(end + timedelta(days=1), scheme))
    return qs.select_related("body").annotate(
        decision_count=Count("decisions", distinct=True),
        document_count=Count("documents", distinct=True),
    )


@dataclass(frozen=True)
class MeetingLists:
    upcoming: list[Meeting]
    past: QuerySet[Meeting]


def meetings_split(qs: QuerySet[Meeting], *, now: datetime) -> MeetingLists:
    """Upcoming meetings first (soonest first), then past ones (latest first)."""
    return MeetingLists(
        upcoming=list(qs.filter(ends_at__gte=now).order_by("starts_at", "pk")),
        past=qs.filter(ends_at__lt=now).order_by("-starts_at", "-pk"),
    )


def user_meetings(user: AnyUser, *, since: datetime) -> QuerySet[Meeting]:
    """Every meeting the user may see, in every scheme, from ``since`` on (calendar feed)."""
    return (
        Meeting.objects.visible_to(user)
        .filter(starts_at__gte=since, scheme__is_active=True)
        .select_related("body", "scheme")
        .order_by("starts_at", "pk")
    )


def with_overdue(qs: QuerySet[ActionItem], today: date) -> QuerySet[ActionItem]:
    """Annotate ``overdue``: open and past its due date on ``today``."""
    return qs.annotate(
        overdue=Case(
            When(status__in=OPEN_STATUSES, due_on__lt=today, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def _history() -> Prefetch[str, QuerySet[ActionItemStatusChange], str]:
    return Prefetch("history", queryset=ActionItemStatusChange.objects.select_related("changed_by"))


def _action_items() -> QuerySet[ActionItem]:
    return ActionItem.objects.select_related(
        "owner_organisation", "owner_user", "decision__meeting__body"
    ).prefetch_related(_history())


def carried_forward(user: AnyUser, meeting: Meeting) -> QuerySet[ActionItem]:
    """Action items from earlier meetings of the same body that were still open when this
    meeting began (for a future meeting: those open now)."""
    return (
        _action_items()
        .filter(pk__in=ActionItem.objects.visible_to(user).values("pk"))
        .filter(
            decision__meeting__body=meeting.body,
            decision__meeting__starts_at__lt=meeting.starts_at,
        )
        .filter(
            Q(status__in=OPEN_STATUSES, closed_at__isnull=True)
            | Q(closed_at__gte=meeting.starts_at)
        )
        .order_by("due_on", "pk")
    )


@dataclass(frozen=True)
class DeckStatus:
    """Where a meeting's review deck stands. ``state``: on_time, late (sent after the due
    date), missing (not sent, due date passed), due_soon (reminder period), pending."""

    due_on: date
    remind_on: date
    sent_at: datetime | None
    state: str

    @property
    def is_warning(self) -> bool:
        return self.state in {"late", "missing"}


def deck_status(meeting: Meeting, *, today: date) -> DeckStatus | None:
    body = meeting.body
    if not body.deck_required or meeting.is_cancelled:
        return None
    meeting_day = local_date(meeting.starts_at, meeting.scheme)
    due_on = meeting_day - timedelta(days=body.deck_lead_days)
    remind_on = meeting_day - timedelta(days=body.deck_reminder_days)
    if meeting.deck_sent_at is not None:
        sent_on = local_date(meeting.deck_sent_at, meeting.scheme)
        state = "on_time" if sent_on <= due_on else "late"
    elif today > due_on:
        state = "missing"
    elif today >= remind_on:
        state = "due_soon"
    else:
        state = "pending"
    return DeckStatus(due_on=due_on, remind_on=remind_on, sent_at=meeting.deck_sent_at, state=state)


@dataclass(frozen=True)
class MeetingSheet:
    meeting: Meeting
    invited: list[Organisation]
    attendances: list[Attendance]
    documents: list[MeetingDocument]
    decisions: list[Decision]
    carried_forward: list[ActionItem]
    deck: DeckStatus | None
    updatable_action_ids: frozenset[int]


def meeting_sheet(user: AnyUser, meeting: Meeting, *, today: date) -> MeetingSheet:
    """Everything the meeting page shows (the caller went through access_meeting)."""
    actions = with_overdue(_action_items(), today)
    decisions = list(
        Decision.objects.filter(meeting=meeting)
        .select_related("recorded_by")
        .prefetch_related(Prefetch("action_items", queryset=actions.order_by("pk")))
    )
    carried = list(with_overdue(carried_forward(user, meeting), today))
    action_ids = [a.pk for d in decisions for a in d.action_items.all()] + [a.pk for a in carried]
    updatable = frozenset(
        ActionItem.objects.updatable_by(user).filter(pk__in=action_ids).values_list("pk", flat=True)
    )
    return MeetingSheet(
        meeting=meeting,
        invited=list(meeting.invited_organisations.order_by("name")),
        attendances=list(
            Attendance.objects.filter(meeting=meeting).select_related("organisation", "user")
        ),
        documents=list(MeetingDocument.objects.visible_to(user).filter(meeting=meeting)),
        decisions=decisions,
        carried_forward=carried,
        deck=deck_status(meeting, today=today),
        updatable_action_ids=updatable,
    )


# --- Decisions and action items ---------------------------------------------------------------
def scheme_action_items(
    user: AnyUser,
    scheme: Scheme,
    *,
    today: date,
    status: str | None = None,
    open_only: bool = False,
    overdue: bool = False,
    owner: int | None = None,
    body: int | None = None,
) -> QuerySet[ActionItem]:
    """Action items, grouped by owner (organisation name, then person), then by due date.
    ``open_only``: open and in progress."""
    qs = ActionItem.objects.visible_to(user).filter(scheme=scheme)
    if open_only:
        qs = qs.open()
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.overdue(today)
    if owner is not None:
        qs = qs.filter(owner_organisation_id=owner)
    if body is not None:
        qs = qs.filter(decision__meeting__body_id=body)
    return (
        with_overdue(qs, today)
        .select_related("owner_organisation", "owner_user", "decision__meeting__body")
        .prefetch_related(_history())
        .order_by(
            "owner_organisation__name",
            "owner_user__last_name",
            "owner_user__first_name",
            "due_on",
            "pk",
        )
    )


def scheme_decisions(
    user: AnyUser,
    scheme: Scheme,
    *,
    today: date,
    status: str | None = None,
    overdue: bool = False,
) -> QuerySet[Decision]:
    """Decisions, latest meeting first, each with its action items. With ``status`` or
    ``overdue``, only decisions having such action items, and only those items."""
    items = ActionItem.objects.visible_to(user)
    if status:
        items = items.filter(status=status)
    if overdue:
        items = items.overdue(today)
    qs = Decision.objects.visible_to(user).filter(meeting__scheme=scheme)
    if status or overdue:
        qs = qs.filter(Exists(items.filter(decision=OuterRef("pk"))))
    return (
        qs.select_related("meeting__body")
        .prefetch_related(
            Prefetch(
                "action_items",
                queryset=with_overdue(items, today)
                .select_related("owner_organisation", "owner_user")
                .order_by("pk"),
            )
        )
        .order_by("-meeting__starts_at", "meeting_id", "position", "pk")
    )
