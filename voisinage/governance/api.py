"""Governance API: meetings, the decision log and the scheme's meetings as an iCalendar feed.
Handlers act as ``caller(request)`` through the same selectors as the pages."""

from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from voisinage.apiauth import caller
from voisinage.apitypes import Day, Id, Paginated
from voisinage.governance import settings_api
from voisinage.governance.access import access_governed_scheme, access_meeting
from voisinage.governance.calendars import feed_document
from voisinage.governance.models import (
    ActionItem,
    ActionStatus,
    AttendanceStatus,
    Decision,
    Meeting,
    MeetingDocument,
)
from voisinage.governance.selectors import (
    local_today,
    meeting_sheet,
    scheme_decisions,
    scheme_meetings,
)
from voisinage.lib import clock

router = Router(tags=["governance"])


class Ref(Schema):
    id: int
    name: str


class BodyRef(Ref):
    kind: str


class MeetingOut(Schema):
    id: int
    body: BodyRef
    title: str = Field(alias="display_title")
    starts_at: datetime
    ends_at: datetime
    place: str
    cancelled: bool = Field(alias="is_cancelled")
    has_minutes: bool
    decisions: int = Field(alias="decision_count", description="Entries in the decision log")
    documents: int = Field(alias="document_count")

    @staticmethod
    def resolve_has_minutes(obj: Meeting) -> bool:
        return bool(obj.minutes)


class ActionItemOut(Schema):
    id: int
    title: str
    owner_organisation: Ref | None
    owner_user: str | None = Field(description="The owning person's name, if any")
    due_on: date | None
    status: ActionStatus
    overdue: bool = Field(description="Open and past its due date")

    @staticmethod
    def resolve_owner_user(obj: ActionItem) -> str | None:
        return obj.owner_user.display_name if obj.owner_user else None


class DecisionOut(Schema):
    id: int
    meeting: int = Field(alias="meeting_id")
    meeting_starts_at: datetime = Field(alias="meeting.starts_at")
    body: str = Field(alias="meeting.body.name")
    text: str
    action_items: list[ActionItemOut]


class AttendanceOut(Schema):
    name: str = Field(alias="display_name")
    organisation: Ref
    status: AttendanceStatus


class DocumentOut(Schema):
    title: str
    url: str = Field(description="The download address (files) or the link itself")
    is_review_deck: bool


class MeetingDetailOut(Schema):
    id: int
    body: BodyRef
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    cancelled: bool
    agenda: str
    minutes: str
    deck_sent_at: datetime | None
    invited_organisations: list[Ref]
    attendance: list[AttendanceOut]
    documents: list[DocumentOut]
    decisions: list[DecisionOut]
    carried_forward: list[ActionItemOut] = Field(
        description="Open action items of earlier meetings of the same body"
    )


class MeetingFilters(Schema):
    from_: Day | None = Field(None, alias="from", description="First day (local), inclusive")
    to: Day | None = Field(None, description="Last day (local), inclusive")
    body: Id | None = Field(None, description="Body id")


class DecisionFilters(Schema):
    status: ActionStatus | None = Field(
        None, description="Only decisions with action items in this status (and only those)"
    )
    overdue: bool = Field(False, description="Only open action items past their due date")


@router.get("/{slug}/meetings", response=list[MeetingOut], summary="Meetings of the scheme")
@paginate(Paginated)
def list_meetings(
    request: HttpRequest, slug: str, filters: Query[MeetingFilters]
) -> QuerySet[Meeting]:
    scheme = access_governed_scheme(caller(request), slug)
    return scheme_meetings(
        caller(request), scheme, body=filters.body, start=filters.from_, end=filters.to
    ).order_by("starts_at", "pk")


def _document_out(document: MeetingDocument, slug: str) -> dict[str, Any]:
    url = document.url or reverse("governance:document_download", args=[slug, document.pk])
    return {"title": document.title, "url": url, "is_review_deck": document.is_review_deck}


@router.get(
    "/{slug}/meetings/{meeting_id}",
    response=MeetingDetailOut,
    summary="One meeting, with attendance, documents and its decision log",
)
def get_meeting(request: HttpRequest, slug: str, meeting_id: Id) -> dict[str, Any]:
    user = caller(request)
    scheme = access_governed_scheme(user, slug)
    meeting = access_meeting(user, scheme, meeting_id)
    sheet = meeting_sheet(user, meeting, today=local_today(scheme))
    return {
        "id": meeting.pk,
        "body": meeting.body,
        "title": meeting.display_title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "place": meeting.place,
        "cancelled": meeting.is_cancelled,
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "deck_sent_at": meeting.deck_sent_at,
        "invited_organisations": sheet.invited,
        "attendance": sheet.attendances,
        "documents": [_document_out(d, scheme.slug) for d in sheet.documents],
        "decisions": sheet.decisions,
        "carried_forward": sheet.carried_forward,
    }


@router.get(
    "/{slug}/decisions",
    response=list[DecisionOut],
    summary="The decision log, latest meeting first, with its action items",
)
@paginate(Paginated)
def list_decisions(
    request: HttpRequest, slug: str, filters: Query[DecisionFilters]
) -> QuerySet[Decision]:
    user = caller(request)
    scheme = access_governed_scheme(user, slug)
    return scheme_decisions(
        user, scheme, today=local_today(scheme), status=filters.status, overdue=filters.overdue
    )


@router.get(
    "/{slug}/meetings.ics",
    summary="The scheme's meetings the caller may see, as an iCalendar (text/calendar) feed",
    openapi_extra={
        "responses": {
            200: {
                "description": "iCalendar document",
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        }
    },
)
def meetings_ical(request: HttpRequest, slug: str) -> HttpResponse:
    user = caller(request)
    scheme = access_governed_scheme(user, slug)
    meetings = scheme_meetings(user, scheme).select_related("scheme").order_by("starts_at", "pk")
    body = feed_document(meetings, name=scheme.name, stamp=clock.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{scheme.slug}-reunions.ics"'
    return response


router.add_router("", settings_api.router)
