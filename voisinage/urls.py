from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from voisinage.accounts.views import admin_login
from voisinage.api import api
from voisinage.field.phone.urls import root_urlpatterns as phone_root
from voisinage.health import healthz
from voisinage.schemes import views as scheme_views

admin.site.site_header = "Voisinage — administration"
admin.site.site_title = "Voisinage"
admin.site.index_title = "Administration"
admin.site.login = admin_login  # type: ignore[method-assign]  # our throttled login, then TOTP

urlpatterns = [
    path("", scheme_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    *phone_root,
    path("compte/", include("voisinage.accounts.urls")),
    path("dispositifs/", include("voisinage.schemes.urls")),
    path("dispositifs/", include("voisinage.territory.urls")),
    path("dispositifs/", include("voisinage.field.urls")),
    path("dispositifs/", include("voisinage.governance.urls")),
    path("dispositifs/", include("voisinage.funding.urls")),
    path("dispositifs/", include("voisinage.reports.urls")),
    path("dispositifs/", include("voisinage.desk.urls")),
    path("dispositifs/", include("voisinage.privacy.urls")),
    path("dispositifs/", include("voisinage.analytics.urls")),
    path("dispositifs/", include("voisinage.digests.urls")),
    path("reseaux/", include("voisinage.networks.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

if settings.DEMO:
    urlpatterns.append(path("demo/", include("voisinage.demo.urls")))
