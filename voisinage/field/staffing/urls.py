"""Routes of the field app: night staffing (namespace "field", see field/urls.py)."""

from django.urls import URLPattern, path, re_path

from voisinage.field.staffing import views

urlpatterns: list[URLPattern] = [
    path("<slug:slug>/effectifs/", views.staffing, name="staffing"),
    path("<slug:slug>/effectifs/planning/", views.duty_plan, name="duty_plan"),
    path("<slug:slug>/effectifs/heures/", views.duty_hours_page, name="duty_hours"),
    re_path(
        r"^(?P<slug>[-\w]+)/effectifs/nuit/(?P<night>\d{4}-\d{2}-\d{2})/$",
        views.duty_night,
        name="duty_night",
    ),
]
