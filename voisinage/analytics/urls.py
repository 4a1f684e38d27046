from django.urls import path

from voisinage.analytics.views import dashboard, documents, roadmap

app_name = "analytics"

urlpatterns = [
    path("<slug:slug>/tableau-de-bord/", dashboard.dashboard, name="dashboard"),
    path(
        "<slug:slug>/tableau-de-bord/export.<str:fmt>",
        dashboard.dashboard_export,
        name="dashboard_export",
    ),
    path("<slug:slug>/evaluation/", dashboard.evaluation, name="evaluation"),
    path("<slug:slug>/feuille-de-route/", roadmap.roadmap, name="roadmap"),
    path("<slug:slug>/feuille-de-route/modifier/", roadmap.roadmap_edit, name="roadmap_edit"),
    path("<slug:slug>/synthese-mensuelle/", documents.summary, name="summary"),
    path(
        "<slug:slug>/synthese-mensuelle/<str:month>.pdf",
        documents.summary_pdf_download,
        name="summary_pdf",
    ),
    path("<slug:slug>/bilan/", documents.review, name="review"),
    path("<slug:slug>/bilan/bilan.<str:fmt>", documents.review_download, name="review_download"),
]
