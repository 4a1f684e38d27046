"""Routes of the field app: courtesy."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
