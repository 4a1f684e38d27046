from django.urls import path

from voisinage.schemes import views
from voisinage.schemes.settings import views as settings_views
from voisinage.schemes.settings import wizard

app_name = "schemes"

urlpatterns = [
    # Before the scheme's own pages: "nouveau" is reserved (services.RESERVED_SLUGS).
    path("nouveau/", wizard.wizard, name="wizard"),
    path("<slug:slug>/fiche/", views.about, name="about"),
    path("<slug:slug>/parametres/", settings_views.index, name="settings"),
    path("<slug:slug>/parametres/<slug:key>/", settings_views.section, name="settings_section"),
]
