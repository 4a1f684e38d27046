"""Routes of the desk (namespace "desk")."""

from django.urls import path

from voisinage.desk.views import board, calls, inbound, incidents, instructions, stats

app_name = "desk"

urlpatterns = [
    path("<slug:slug>/permanence/", board.board, name="board"),
    path("<slug:slug>/permanence/direct/", board.board_live, name="board_live"),
    path("<slug:slug>/appels/", calls.calls, name="calls"),
    path("<slug:slug>/appels/nouveau/", calls.call_new, name="call_new"),
    path("<slug:slug>/appels/<int:pk>/", calls.call_detail, name="call"),
    path("<slug:slug>/appels/<int:pk>/<slug:action>/", calls.call_action, name="call_action"),
    path("<slug:slug>/consignes/", instructions.instructions, name="instructions"),
    path("<slug:slug>/consignes/nouvelle/", instructions.instruction_new, name="instruction_new"),
    path("<slug:slug>/consignes/courriels/", inbound.inbound, name="inbound"),
    path("<slug:slug>/consignes/courriels/<int:pk>/", inbound.inbound_email, name="inbound_email"),
    path(
        "<slug:slug>/consignes/courriels/<int:pk>/ecarter/",
        inbound.inbound_dismiss,
        name="inbound_dismiss",
    ),
    path(
        "<slug:slug>/consignes/courriels/<int:pk>/original/",
        inbound.inbound_original,
        name="inbound_original",
    ),
    path(
        "<slug:slug>/consignes/courriels/<int:pk>/piece/<int:index>/",
        inbound.inbound_attachment,
        name="inbound_attachment",
    ),
    path("<slug:slug>/consignes/<int:pk>/", instructions.instruction_detail, name="instruction"),
    path(
        "<slug:slug>/consignes/<int:pk>/<slug:action>/",
        instructions.instruction_action,
        name="instruction_action",
    ),
    path("<slug:slug>/incidents/", incidents.incidents, name="incidents"),
    path("<slug:slug>/incidents/nouveau/", incidents.incident_new, name="incident_new"),
    path("<slug:slug>/incidents/plainte/", incidents.complaint_new, name="complaint_new"),
    path("<slug:slug>/delais/", stats.times, name="times"),
    path("<slug:slug>/donnees-personnelles/", stats.audit, name="audit"),
    path("satisfaction/<str:token>/", stats.survey, name="survey"),
]
