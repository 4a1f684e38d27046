"""Routes of reports (mounted under /dispositifs/; the answer link under /dispositifs/r/)."""

from django.urls import URLPattern, path

from voisinage.reports.views import board, link, pages

app_name = "reports"

urlpatterns: list[URLPattern] = [
    path("<slug:slug>/signalements/", pages.report_list, name="list"),
    path("<slug:slug>/signalements/nouveau/", pages.create, name="create"),
    path("<slug:slug>/signalements/carte/", board.report_map, name="map"),
    path("<slug:slug>/signalements/partenaires/", board.partners, name="partners"),
    path("<slug:slug>/signalements/regles/", board.rules, name="rules"),
    path(
        "<slug:slug>/signalements/regles/<int:pk>/supprimer/", board.rule_delete, name="rule_delete"
    ),
    path("<slug:slug>/signalements/<int:pk>/", pages.detail, name="detail"),
    path("<slug:slug>/signalements/<int:pk>/reponse/", pages.answer, name="answer"),
    path("<slug:slug>/signalements/<int:pk>/reorienter/", pages.reroute, name="reroute"),
    path("<slug:slug>/signalements/<int:pk>/clore/", pages.close, name="close"),
    path(
        "<slug:slug>/signalements/<int:pk>/occurrences/<int:occurrence>/detacher/",
        pages.split,
        name="split",
    ),
    path("<slug:slug>/signalements/photos/<int:pk>/", pages.photo, name="photo"),
    path("signalement/reponse/<str:token>/", link.link, name="link"),
]
