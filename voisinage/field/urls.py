from voisinage.field import urls_courtesy, urls_logbook, urls_patrols, urls_staffing

app_name = "field"

urlpatterns = [
    *urls_logbook.urlpatterns,
    *urls_staffing.urlpatterns,
    *urls_patrols.urlpatterns,
    *urls_courtesy.urlpatterns,
]
