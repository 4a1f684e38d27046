from django.urls import path

from voisinage.networks import views

app_name = "networks"

urlpatterns = [
    path("", views.network_list, name="list"),
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/gestion/", views.manage, name="manage"),
]
