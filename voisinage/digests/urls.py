from django.urls import URLPattern, path

from voisinage.digests import views

app_name = "digests"

urlpatterns: list[URLPattern] = [
    path("<slug:slug>/comptes-rendus/", views.digest_list, name="list"),
    path("<slug:slug>/comptes-rendus/reglages/", views.digest_settings_page, name="settings"),
    path("<slug:slug>/comptes-rendus/<str:night>/", views.digest_detail, name="detail"),
    path("<slug:slug>/comptes-rendus/<str:night>/pdf/", views.digest_pdf_view, name="pdf"),
    path("<slug:slug>/comptes-rendus/<str:night>/compiler/", views.digest_prepare, name="prepare"),
    path(
        "<slug:slug>/comptes-rendus/<str:night>/valider/",
        views.digest_validate_view,
        name="validate",
    ),
    path("<slug:slug>/comptes-rendus/<str:night>/envoyer/", views.digest_send, name="send"),
    path("<slug:slug>/ambiance/", views.ambiance_page, name="ambiance"),
    path("<slug:slug>/ambiance/pdf/", views.ambiance_pdf, name="ambiance_pdf"),
    path("<slug:slug>/ambiance/corriger/", views.ambiance_override_view, name="ambiance_override"),
]
