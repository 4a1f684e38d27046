"""Routes of the agent's phone app: scheme pages (namespace "field") and, from the site's root,
the manifest and the service worker (``root_urlpatterns``, included by voisinage/urls.py)."""

from django.urls import URLPattern, path

from voisinage.field.phone import views

urlpatterns: list[URLPattern] = [
    path("<slug:slug>/ce-soir/", views.my_tonight, name="my_tonight"),
    path("<slug:slug>/main-courante/en-attente/", views.outbox, name="outbox"),
]
root_urlpatterns: list[URLPattern] = [
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
