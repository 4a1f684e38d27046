from django.urls import path

from voisinage.schemes import views

app_name = "schemes"

urlpatterns = [
    path("<slug:slug>/fiche/", views.about, name="about"),
]
