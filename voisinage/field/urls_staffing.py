"""Routes of the field app: staffing."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
