"""Routes of the field app: logbook."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
