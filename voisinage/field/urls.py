from voisinage.field import urls_courtesy, urls_patrols, urls_staffing
from voisinage.field.logbook import urls as logbook_urls

app_name = "field"

urlpatterns = [
    *logbook_urls.urlpatterns,
    *urls_staffing.urlpatterns,
    *urls_patrols.urlpatterns,
    *urls_courtesy.urlpatterns,
]
