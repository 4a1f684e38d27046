"""Routes of the field app: courtesy visits (namespace "field", see field/urls.py)."""

from django.urls import URLPattern, path

from voisinage.field.courtesy import views

urlpatterns: list[URLPattern] = [
    path("<slug:slug>/visites-courtoisie/", views.campaigns, name="courtesy_campaigns"),
    path(
        "<slug:slug>/visites-courtoisie/nouvelle/",
        views.campaign_new,
        name="courtesy_campaign_new",
    ),
    path(
        "<slug:slug>/visites-courtoisie/<int:pk>/",
        views.campaign_detail,
        name="courtesy_campaign",
    ),
    path(
        "<slug:slug>/visites-courtoisie/<int:pk>/logements/",
        views.campaign_dwellings,
        name="courtesy_dwellings",
    ),
    path(
        "<slug:slug>/visites-courtoisie/<int:pk>/visites/<int:visit_id>/issue/",
        views.visit_outcome,
        name="courtesy_outcome",
    ),
]
