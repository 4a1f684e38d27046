"""Routes of the privacy app (namespace "privacy")."""

from django.urls import path

from voisinage.privacy import views

app_name = "privacy"

urlpatterns = [
    path("<slug:slug>/donnees-personnelles/personne/", views.subject, name="subject"),
    path(
        "<slug:slug>/donnees-personnelles/personne/export.<slug:fmt>",
        views.subject_export,
        name="subject_export",
    ),
]
