from voisinage.field import urls_courtesy, urls_patrols
from voisinage.field.logbook import urls as logbook_urls
from voisinage.field.staffing import urls as staffing_urls

app_name = "field"

urlpatterns = [
    *logbook_urls.urlpatterns,
    *staffing_urls.urlpatterns,
    *urls_patrols.urlpatterns,
    *urls_courtesy.urlpatterns,
]
