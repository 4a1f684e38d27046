from voisinage.field.courtesy import urls as courtesy_urls
from voisinage.field.logbook import urls as logbook_urls
from voisinage.field.patrols import urls as patrols_urls
from voisinage.field.phone import urls as phone_urls
from voisinage.field.staffing import urls as staffing_urls

app_name = "field"

urlpatterns = [
    *phone_urls.urlpatterns,
    *logbook_urls.urlpatterns,
    *staffing_urls.urlpatterns,
    *patrols_urls.urlpatterns,
    *courtesy_urls.urlpatterns,
]
