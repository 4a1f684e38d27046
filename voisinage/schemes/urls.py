from django.urls import path

from voisinage.schemes import views

app_name = "schemes"

urlpatterns = [
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/fiche/", views.about, name="about"),
]
