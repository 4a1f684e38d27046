"""Routes of the field app: patrols."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
