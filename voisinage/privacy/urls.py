"""Routes of the privacy app (namespace "privacy")."""

from django.urls import path

from voisinage.privacy import request_views, views

app_name = "privacy"

urlpatterns = [
    path("<slug:slug>/donnees-personnelles/personne/", views.subject, name="subject"),
    path(
        "<slug:slug>/donnees-personnelles/personne/export.<slug:fmt>",
        views.subject_export,
        name="subject_export",
    ),
    path(
        "<slug:slug>/donnees-personnelles/personne/<slug:action>/",
        request_views.subject_act,
        name="subject_act",
    ),
    path("<slug:slug>/donnees-personnelles/demandes/", request_views.requests, name="requests"),
    path("<slug:slug>/donnees-personnelles/registre.pdf", views.register, name="register"),
    path(
        "<slug:slug>/donnees-personnelles/demandes/<int:pk>/reponse/",
        request_views.request_answer,
        name="request_answer",
    ),
]
