from django.urls import path

from voisinage.funding import views

app_name = "funding"

urlpatterns = [
    path("<slug:slug>/financement/", views.agreements, name="agreements"),
    path("<slug:slug>/financement/nouvelle/", views.agreement_create, name="agreement_create"),
    path("<slug:slug>/financement/<int:pk>/", views.agreement, name="agreement"),
    path(
        "<slug:slug>/financement/<int:pk>/parametrage/",
        views.agreement_setup,
        name="agreement_setup",
    ),
    path(
        "<slug:slug>/financement/<int:pk>/echeancier.xlsx",
        views.schedule_export,
        name="schedule_export",
    ),
    path("<slug:slug>/financement/<int:pk>/simulation/", views.what_if, name="what_if"),
    path(
        "<slug:slug>/financement/<int:pk>/versements/",
        views.payment_record,
        name="payment_record",
    ),
    path("<slug:slug>/financement/<int:pk>/marche/", views.contract, name="contract"),
]
