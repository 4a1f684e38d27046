"""Routes of the field app: patrol plans, tonight's patrol list, weekly coverage."""

from django.urls import URLPattern, path, re_path

from voisinage.field.patrols import views

_MONTH = r"(?P<slug>[-a-zA-Z0-9_]+)/veilles/(?P<month>\d{4}-\d{2})"

urlpatterns: list[URLPattern] = [
    path("<slug:slug>/veilles/", views.patrols, name="patrols"),
    path("<slug:slug>/veilles/ce-soir/", views.patrol_tonight, name="patrol_tonight"),
    path("<slug:slug>/veilles/nouveau/", views.patrol_plan_new, name="patrol_plan_new"),
    path(
        "<slug:slug>/veilles/passages/<int:entry_id>/",
        views.patrol_passage,
        name="patrol_passage",
    ),
    re_path(rf"^{_MONTH}/$", views.patrol_plan, name="patrol_plan"),
    re_path(rf"^{_MONTH}/modifier/$", views.patrol_plan_edit, name="patrol_plan_edit"),
    path("<slug:slug>/couverture/", views.coverage, name="coverage"),
]
