"""Routes of the field app: logbook."""

from django.urls import URLPattern, path

from voisinage.field.logbook import views

urlpatterns: list[URLPattern] = [
    path("<slug:slug>/main-courante/", views.logbook, name="logbook"),
    path("<slug:slug>/main-courante/saisir/", views.record, name="record"),
    path("<slug:slug>/main-courante/valider-la-nuit/", views.validate_night, name="validate_night"),
    path("<slug:slug>/main-courante/<int:pk>/", views.detail, name="intervention"),
    path("<slug:slug>/main-courante/<int:pk>/modifier/", views.edit, name="edit"),
    path("<slug:slug>/main-courante/<int:pk>/valider/", views.validate, name="validate"),
    path("<slug:slug>/main-courante/<int:pk>/rouvrir/", views.reopen, name="reopen"),
]
