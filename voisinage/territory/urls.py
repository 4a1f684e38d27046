from django.urls import path, re_path

from voisinage.territory import views

app_name = "territory"

urlpatterns = [
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/entrees/", views.entrances, name="entrances"),
    path("<slug:slug>/patrimoine/import/", views.stock_import, name="import"),
    re_path(
        r"^(?P<slug>[-\w]+)/patrimoine/export\.(?P<fmt>csv|xlsx)$",
        views.stock_export,
        name="export",
    ),
]
