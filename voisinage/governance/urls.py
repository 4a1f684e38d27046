from django.urls import path

from voisinage.governance.views import actions, calendar, meetings

app_name = "governance"

urlpatterns = [
    path("<slug:slug>/comites/", meetings.meetings, name="meetings"),
    path("<slug:slug>/comites/nouvelle/", meetings.meeting_create, name="meeting_create"),
    path("<slug:slug>/comites/crise/", meetings.meeting_crisis, name="meeting_crisis"),
    path("<slug:slug>/comites/<int:pk>/", meetings.meeting, name="meeting"),
    path("<slug:slug>/comites/<int:pk>/modifier/", meetings.meeting_edit, name="meeting_edit"),
    path(
        "<slug:slug>/comites/<int:pk>/compte-rendu/",
        meetings.meeting_minutes,
        name="meeting_minutes",
    ),
    path(
        "<slug:slug>/comites/<int:pk>/presences/",
        meetings.meeting_attendance,
        name="meeting_attendance",
    ),
    path(
        "<slug:slug>/comites/<int:pk>/presences/<int:attendance_pk>/retirer/",
        meetings.attendance_remove,
        name="attendance_remove",
    ),
    path("<slug:slug>/comites/<int:pk>/decisions/", meetings.decision_add, name="decision_add"),
    path("<slug:slug>/comites/<int:pk>/documents/", meetings.document_add, name="document_add"),
    path("<slug:slug>/comites/<int:pk>/support/", meetings.meeting_deck, name="meeting_deck"),
    path("<slug:slug>/comites/<int:pk>/annuler/", meetings.meeting_cancel, name="meeting_cancel"),
    path(
        "<slug:slug>/comites/<int:pk>/invitations/",
        meetings.meeting_invite,
        name="meeting_invite",
    ),
    path(
        "<slug:slug>/comites/documents/<int:pk>/",
        meetings.document_download,
        name="document_download",
    ),
    path(
        "<slug:slug>/comites/documents/<int:pk>/retirer/",
        meetings.document_remove,
        name="document_remove",
    ),
    path("<slug:slug>/comites/actions/", actions.actions, name="actions"),
    path(
        "<slug:slug>/comites/actions/<int:pk>/statut/",
        actions.action_status,
        name="action_status",
    ),
    path("<slug:slug>/comites/conformite/", actions.compliance, name="compliance"),
    path("<slug:slug>/comites/agenda/", calendar.calendar_page, name="calendar"),
    path(
        "<slug:slug>/comites/agenda/nouveau-lien/",
        calendar.calendar_regenerate,
        name="calendar_regenerate",
    ),
    path(
        "<slug:slug>/comites/agenda/revoquer/",
        calendar.calendar_revoke,
        name="calendar_revoke",
    ),
    path("agenda/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
]
